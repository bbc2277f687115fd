// Placeholder: the run screen (issue 14) is being written.
import { Page } from '../components/page';

export default function RunScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Run" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
