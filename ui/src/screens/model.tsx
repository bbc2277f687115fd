// Placeholder: the model screen (issue 14) is being written.
import { Page } from '../components/page';

export default function ModelScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Model" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
