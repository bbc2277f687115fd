// One run (/runs/:id): what it is (workflow, state, trigger, params, times, error, reruns), its step
// timeline with Livy handles, its user tasks, the stored log of a step attempt with a live tail,
// its event history, and the actions the caller's role allows. Every event of this run on the live
// stream reloads the detail, so state, steps and tasks change without a reload.
import { useRef, useState } from 'preact/hooks';
import { get, seg } from '../api';
import { useLiveRefresh } from '../live';
import { Link, useLocation } from '../router';
import { useResource } from '../components/resource';
import { Page } from '../components/page';
import { ConditionBadge, Empty, ErrorBox, Loading, StateBadge, Time } from '../components/status';
import { between, formatValue, timeLeft } from '../format';
import type { RunDetail, Task } from '../types';
import { isTerminal, RunActions, useClock } from './run_actions';
import { RunEvents } from './run_events';
import { StepLogView } from './run_log';
import { PreciseTime, StepTimeline } from './run_timeline';

const FIRST_EVENTS = 100; // the latest events the page opens with; `?events=N` (1..1000) changes it

function firstEvents(text: string | null): number {
  const n = Number(text);
  return text !== null && Number.isInteger(n) && n >= 1 && n <= 1000 ? n : FIRST_EVENTS;
}

function Facts({ run }: { run: RunDetail }) {
  const uid = (run as RunDetail & { uid?: string }).uid;
  return (
    <dl class="facts">
      <dt>Workflow</dt>
      <dd>
        <Link href={`/workflows/${seg(run.workflow)}`}>{run.workflow}</Link>
      </dd>
      <dt>State</dt>
      <dd>
        <StateBadge state={run.state} />
        {run.current_step && !isTerminal(run.state) && <span class="muted"> at step {run.current_step}</span>}
      </dd>
      {run.condition && (
        <>
          <dt>Condition</dt>
          <dd class="run-condition">
            <ConditionBadge condition={run.condition} /> {run.condition.detail}{' '}
            <span class="muted">
              since <Time iso={run.condition.since} />
            </span>
          </dd>
        </>
      )}
      <dt>Trigger</dt>
      <dd class="mono">{run.trigger}</dd>
      <dt>Created</dt>
      <dd>
        <PreciseTime iso={run.created_at} />
      </dd>
      <dt>Started</dt>
      <dd>
        <PreciseTime iso={run.started_at} />
      </dd>
      <dt>Finished</dt>
      <dd>
        <PreciseTime iso={run.finished_at} />
      </dd>
      <dt>Duration</dt>
      <dd>{run.started_at ? `${between(run.started_at, run.finished_at)}${run.finished_at ? '' : ' so far'}` : '—'}</dd>
      {run.rerun_of !== null && (
        <>
          <dt>Rerun of</dt>
          <dd>
            <Link href={`/runs/${run.rerun_of}`}>Run #{run.rerun_of}</Link>
          </dd>
        </>
      )}
      {run.reruns.length > 0 && (
        <>
          <dt>Started again as</dt>
          <dd>
            {run.reruns.map((id, i) => (
              <>
                {i > 0 && ', '}
                <Link href={`/runs/${id}`}>Run #{id}</Link>
              </>
            ))}
          </dd>
        </>
      )}
      {uid && (
        <>
          <dt>Uid</dt>
          <dd class="mono">{uid}</dd>
        </>
      )}
    </dl>
  );
}

function Params({ params }: { params: Record<string, unknown> }) {
  const entries = Object.entries(params ?? {});
  if (entries.length === 0) return <p class="muted">No params.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Params</caption>
        <thead>
          <tr>
            <th scope="col">Param</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([k, v]) => (
            <tr>
              <th scope="row" class="mono">
                {k}
              </th>
              <td class="mono">{formatValue(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Tasks({ tasks }: { tasks: Task[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">User tasks of this run</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Step</th>
            <th scope="col">State</th>
            <th scope="col">Outcome</th>
            <th scope="col">Responder</th>
            <th scope="col">Deadline</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => {
            const left = t.state === 'open' ? timeLeft(t.deadline_at) : null;
            return (
              <tr>
                <td>
                  <Link href={`/tasks/${t.id}`}>{t.title || `Task #${t.id}`}</Link>
                </td>
                <td class="mono">{t.step_id}</td>
                <td>
                  <StateBadge state={t.state} />
                </td>
                <td>{t.outcome ?? <span class="muted">—</span>}</td>
                <td>
                  {t.responder ?? <span class="muted">—</span>}
                  {t.responded_at && (
                    <span class="muted">
                      {' '}
                      at <Time iso={t.responded_at} />
                    </span>
                  )}
                </td>
                <td class={left?.overdue ? 'overdue' : undefined}>{left ? left.text : <Time iso={t.deadline_at} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The step and attempt whose log to show when the user has not chosen: the current step's latest
 * attempt, unless it is waiting without Livy (a user task or a wait writes no log): then the last
 * step that ran on Livy; else the last step that began.
 */
function defaultLog(run: RunDetail): { step: string; attempt: number } | null {
  const begun = run.steps.filter((s) => s.attempts.length);
  const latest = (s: RunDetail['steps'][number]) => s.attempts[s.attempts.length - 1];
  const current = begun.find((s) => s.id === run.current_step);
  const quiet = (s: RunDetail['steps'][number]) => latest(s).state === 'waiting' && latest(s).livy.length === 0;
  const step =
    (current && !quiet(current) ? current : undefined) ??
    [...begun].reverse().find((s) => latest(s).livy.length > 0) ??
    current ??
    begun[begun.length - 1];
  if (!step) return null;
  return { step: step.id, attempt: latest(step).attempt };
}

export default function RunScreen({ params }: { params: Record<string, string> }) {
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const loadedOnce = useRef(false);
  const eventsWanted = firstEvents(useLocation().query.get('events'));
  // The first load brings the latest events; reloads leave the history to RunEvents.
  const run = useResource(async () => {
    const detail = await get<RunDetail>(`/api/runs/${seg(params.id)}`, { events: loadedOnce.current ? 0 : eventsWanted });
    loadedOnce.current = true;
    return detail;
  }, [params.id]);
  const first = useRef<RunDetail | null>(null);
  if (run.data && !first.current) first.current = run.data;
  const [chosen, setChosen] = useState<{ step: string; attempt: number } | null>(null);
  const logSection = useRef<HTMLElement>(null);
  // This run's events, and a new run that repeats it (for "Started again as").
  useLiveRefresh(run.reload, (e) => e.run === id || (e.type === 'run.created' && e.payload?.rerun_of === id));

  const r = run.data;
  useClock(!!r && !isTerminal(r.state), 2000);
  const shown = r ? (chosen && r.steps.some((s) => s.id === chosen.step) ? chosen : defaultLog(r)) : null;
  const showLog = (step: string, attempt: number) => {
    setChosen({ step, attempt });
    logSection.current?.scrollIntoView({ block: 'start' });
  };
  const shownStep = r && shown ? r.steps.find((s) => s.id === shown.step) : undefined;

  if (!valid)
    return (
      <Page title="Run" ready={true}>
        <p class="alert alert-error" role="alert">
          "{params.id}" is not a run id. <Link href="/runs">All runs</Link>
        </p>
      </Page>
    );

  return (
    <Page
      title={`Run #${id}`}
      ready={!!r || !!run.error}
      subtitle={
        r ? (
          <>
            {r.workflow} · <StateBadge state={r.state} />
          </>
        ) : undefined
      }
      actions={r ? <RunActions run={r} onChanged={run.reload} /> : undefined}
    >
      <ErrorBox error={run.error} />
      {!r && !run.error && <Loading what="Loading the run" />}
      {r && (
        <>
          <div class="grid run-head">
            <section class="card" aria-labelledby="run-facts">
              <h2 id="run-facts">Run</h2>
              <Facts run={r} />
            </section>
            <section class="card" aria-labelledby="run-params">
              <h2 id="run-params">Params</h2>
              <Params params={r.params} />
            </section>
          </div>
          {r.error && (
            <section aria-labelledby="run-error">
              <h2 id="run-error">Error</h2>
              <pre class="log run-error">{r.error}</pre>
            </section>
          )}

          <section aria-labelledby="run-steps">
            <h2 id="run-steps">Steps</h2>
            <StepTimeline run={r} shown={shown} onShowLog={showLog} />
          </section>

          <section aria-labelledby="run-tasks">
            <h2 id="run-tasks">Tasks</h2>
            {r.tasks.length ? <Tasks tasks={r.tasks} /> : <Empty>This run has no user tasks.</Empty>}
          </section>

          <section aria-labelledby="run-log" ref={logSection}>
            <h2 id="run-log">Log</h2>
            {!shown && <Empty>No step has begun, so there is no log yet.</Empty>}
            {shown && shownStep && (
              <>
                <div class="filters">
                  <div class="field">
                    <label for="log-step">Step</label>
                    <select
                      id="log-step"
                      value={shown.step}
                      onChange={(e) => {
                        const step = r.steps.find((s) => s.id === (e.target as HTMLSelectElement).value);
                        if (step && step.attempts.length) setChosen({ step: step.id, attempt: step.attempts[step.attempts.length - 1].attempt });
                      }}
                    >
                      {r.steps
                        .filter((s) => s.attempts.length)
                        .map((s) => (
                          <option value={s.id}>{s.id}</option>
                        ))}
                    </select>
                  </div>
                  <div class="field">
                    <label for="log-attempt">Attempt</label>
                    <select id="log-attempt" value={String(shown.attempt)} onChange={(e) => setChosen({ step: shown.step, attempt: Number((e.target as HTMLSelectElement).value) })}>
                      {shownStep.attempts.map((a) => (
                        <option value={String(a.attempt)}>
                          {a.attempt} ({a.state})
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <StepLogView key={`${shown.step}#${shown.attempt}`} runId={id} step={shown.step} attempt={shown.attempt} />
              </>
            )}
          </section>

          <section aria-labelledby="run-events">
            <h2 id="run-events">Event history</h2>
            {first.current && <RunEvents runId={id} initial={first.current.events ?? []} initialTotal={first.current.events_total ?? 0} />}
          </section>
        </>
      )}
    </Page>
  );
}
