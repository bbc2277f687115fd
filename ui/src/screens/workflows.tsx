// Placeholder: the workflows screen (issue 14) is being written.
import { Page } from '../components/page';

export default function WorkflowsScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Workflows" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
