// One workflow (GET /api/workflows/{name}): its description, params, triggers and steps, its
// latest runs (live), "Start a run" with a form generated from the params (or a note when the
// caller may not start runs), and its YAML source with the stored versions.
import { useEffect } from 'preact/hooks';
import { get, seg } from '../api';
import { Page } from '../components/page';
import { useResource } from '../components/resource';
import { ErrorBox, Loading } from '../components/status';
import { Link } from '../router';
import { paramType, TriggerLine } from './workflow_parts';
import type { WorkflowDetail, WorkflowStep } from './workflow_parts';
import { RecentRuns } from './workflow_runs';
import { WorkflowSource } from './workflow_source';
import { StartRun } from './workflow_start';

const dash = <span class="muted">—</span>;

function ParamsTable({ workflow }: { workflow: WorkflowDetail }) {
  if (workflow.params.length === 0) return <p class="muted">This workflow declares no params.</p>;
  return (
    <div class="table-wrap wf-table">
      <table class="wf-param-table">
        <caption class="visually-hidden">Params of {workflow.name}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col">Default</th>
            <th scope="col">Choices</th>
            <th scope="col">Pattern</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {workflow.params.map((p) => (
            <tr key={p.name}>
              <th scope="row">
                <code>{p.name}</code>
              </th>
              <td>{paramType(p)}</td>
              <td>{p.required ? 'yes' : 'no'}</td>
              <td>{p.default === undefined ? dash : <code>{typeof p.default === 'string' ? p.default : JSON.stringify(p.default)}</code>}</td>
              <td>{p.values && p.values.length > 0 ? p.values.map((v, i) => <>{i > 0 ? ', ' : ''}<code>{v}</code></>) : dash}</td>
              <td>{p.pattern ? <code class="wf-pattern">{p.pattern}</code> : dash}</td>
              <td>{p.description || dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Steps({ steps }: { steps: WorkflowStep[] }) {
  return (
    <ol class="wf-steps">
      {steps.map((s) => (
        <li key={s.id} class="wf-step">
          <div class="wf-step-head">
            <code class="wf-step-id">{s.id}</code> <span class="badge">{s.type.replace(/_/g, ' ')}</span>
            {s.name && <span class="wf-step-name"> {s.name}</span>}
          </div>
          {s.summary && <div class="wf-step-summary">{s.summary}</div>}
          {(s.when || (s.next && s.next.length > 0)) && (
            <dl class="wf-step-flow">
              {s.when && (
                <>
                  <dt>when</dt>
                  <dd>
                    <code>{s.when}</code>
                  </dd>
                </>
              )}
              {s.next && s.next.length > 0 && (
                <>
                  <dt>then</dt>
                  <dd>
                    {s.next.map((n, i) => (
                      <>
                        {i > 0 ? ' or ' : ''}
                        <code>{n}</code>
                      </>
                    ))}
                  </dd>
                </>
              )}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}

export default function WorkflowScreen({ params }: { params: Record<string, string> }) {
  const name = params.name;
  const workflow = useResource(() => get<WorkflowDetail>(`/api/workflows/${seg(name)}`), [name]);
  const w = workflow.data;

  // Arriving from "Start a run" in the list (#start): bring the form into view.
  useEffect(() => {
    if (w && window.location.hash === '#start') {
      const heading = document.getElementById('start');
      heading?.scrollIntoView({ block: 'start' });
      const first = document.querySelector<HTMLElement>('.wf-start-form input, .wf-start-form select, .wf-start-form textarea');
      (first ?? heading)?.focus({ preventScroll: true });
    }
  }, [w !== undefined]);

  return (
    <Page
      title={w ? w.name : name}
      ready={w !== undefined || workflow.error !== null}
      subtitle={w ? w.description || <span class="muted">No description.</span> : undefined}
      actions={
        w && (
          <>
            <Link class="button" href={`/runs?workflow=${seg(name)}`}>
              All runs
            </Link>
            {w.can_trigger && (
              <a class="button primary" href="#start">
                Start a run
              </a>
            )}
          </>
        )
      }
    >
      <p class="wf-back">
        <Link href="/workflows">← All workflows</Link>
      </p>
      <ErrorBox error={workflow.error} title={`The workflow '${name}' could not be loaded`} />
      {!w && !workflow.error && <Loading />}
      {w && (
        <>
          <section aria-labelledby="params">
            <h2 id="params">Params</h2>
            <ParamsTable workflow={w} />
          </section>

          <section aria-labelledby="start">
            <h2 id="start" tabIndex={-1}>
              Start a run
            </h2>
            {w.can_trigger ? (
              <StartRun workflow={w.name} params={w.params} />
            ) : (
              <p class="alert alert-info" data-testid="no-trigger">
                You may look at this workflow but not start runs of it: your permissions do not include <code>trigger</code> for{' '}
                <code>{w.name}</code>. Ask an administrator if you need to.
              </p>
            )}
          </section>

          <section aria-labelledby="recent">
            <h2 id="recent">Latest runs</h2>
            <RecentRuns workflow={w.name} />
          </section>

          <section aria-labelledby="triggers">
            <h2 id="triggers">Triggers</h2>
            {w.triggers.length === 0 ? (
              <p class="muted">No schedule: runs start only when someone starts them.</p>
            ) : (
              <ul class="wf-triggers">
                {w.triggers.map((t, i) => (
                  <li key={i}>
                    <TriggerLine trigger={t} showParams />
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="steps">
            <h2 id="steps">Steps ({w.steps.length})</h2>
            <Steps steps={w.steps} />
          </section>

          <section aria-labelledby="source">
            <h2 id="source">Source</h2>
            <WorkflowSource workflow={w} />
          </section>
        </>
      )}
    </Page>
  );
}
