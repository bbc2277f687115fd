// Placeholder: the report screen (issue 14) is being written.
import { Page } from '../components/page';

export default function ReportScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Report" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
