// Placeholder: the workflow screen (issue 14) is being written.
import { Page } from '../components/page';

export default function WorkflowScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Workflow" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
