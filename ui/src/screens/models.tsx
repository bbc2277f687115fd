// Placeholder: the models screen (issue 14) is being written.
import { Page } from '../components/page';

export default function ModelsScreen(_props: { params: Record<string, string> }) {
  return (
    <Page title="Models" ready={true}>
      <p class="muted">This screen is not built yet.</p>
    </Page>
  );
}
