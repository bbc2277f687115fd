// Placeholder: the task screen (issue 14) is being written.
import { Page } from '../components/page';

export default function TaskScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Task" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
