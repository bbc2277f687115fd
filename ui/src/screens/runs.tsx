// Placeholder: the runs screen (issue 14) is being written.
import { Page } from '../components/page';

export default function RunsScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Runs" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
