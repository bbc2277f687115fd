// Placeholder: the inbox screen (issue 14) is being written.
import { Page } from '../components/page';

export default function InboxScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Inbox" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
