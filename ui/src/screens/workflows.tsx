// The workflows the server loaded (GET /api/workflows): each with its description, params, cron
// triggers and their next fire time, its step count, a link to its runs, and "Start a run" for
// callers who may (can_trigger). The list is the server's loaded files: small, so one request.
import { get, seg } from '../api';
import { Page } from '../components/page';
import { useResource } from '../components/resource';
import { Empty, ErrorBox, Loading } from '../components/status';
import { Link } from '../router';
import { paramType, TriggerLine } from './workflow_parts';
import type { WorkflowListItem } from './workflow_parts';

function Params({ workflow }: { workflow: WorkflowListItem }) {
  if (workflow.params.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="wf-params">
      {workflow.params.map((p) => (
        <li key={p.name}>
          <code>{p.name}</code>
          <span class="muted">
            {': '}
            {paramType(p)}
            {p.required ? ', required' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Triggers({ workflow }: { workflow: WorkflowListItem }) {
  if (workflow.triggers.length === 0) return <span class="muted">manual only</span>;
  return (
    <ul class="wf-triggers">
      {workflow.triggers.map((t, i) => (
        <li key={i}>
          <TriggerLine trigger={t} />
        </li>
      ))}
    </ul>
  );
}

export default function WorkflowsScreen(_props: { params: Record<string, string> }) {
  const list = useResource(() => get<{ workflows: WorkflowListItem[] }>('/api/workflows'), []);
  const workflows = list.data?.workflows ?? [];
  const sorted = [...workflows].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Page
      title="Workflows"
      ready={list.data !== undefined || list.error !== null}
      subtitle={list.data ? `${workflows.length} loaded by the server` : undefined}
    >
      <ErrorBox error={list.error} title="The workflows could not be loaded" />
      {!list.data && !list.error && <Loading />}
      {list.data && workflows.length === 0 && <Empty>The server has loaded no workflows.</Empty>}
      {sorted.length > 0 && (
        <ul class="wf-cards">
          {sorted.map((w) => (
            <li class="card wf-card" key={w.name} data-workflow={w.name}>
              <div class="wf-card-head">
                <div>
                  <h2>
                    <Link href={`/workflows/${seg(w.name)}`}>{w.name}</Link>
                  </h2>
                  {w.description ? <p class="wf-desc">{w.description}</p> : <p class="wf-desc muted">No description.</p>}
                </div>
                <div class="actions">
                  <Link class="button" href={`/runs?workflow=${seg(w.name)}`} aria-label={`Runs of ${w.name}`}>
                    Runs
                  </Link>
                  {w.can_trigger ? (
                    <Link class="button primary" href={`/workflows/${seg(w.name)}#start`} aria-label={`Start a run of ${w.name}`}>
                      Start a run
                    </Link>
                  ) : (
                    <span class="muted wf-view-only">View only: you may not start runs of it</span>
                  )}
                </div>
              </div>
              <dl class="facts">
                <dt>Params</dt>
                <dd>
                  <Params workflow={w} />
                </dd>
                <dt>Triggers</dt>
                <dd>
                  <Triggers workflow={w} />
                </dd>
                <dt>Steps</dt>
                <dd>
                  {w.steps.length}
                  <span class="muted">
                    {': '}
                    {w.steps.map((st) => st.id).join(', ')}
                  </span>
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
