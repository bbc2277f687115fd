// Placeholder: the reports screen (issue 14) is being written.
import { Page } from '../components/page';

export default function ReportsScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Reports" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
