// A run's step timeline: each step in the order it began, each attempt with its state, times,
// duration, outcome, outputs, error and Livy handles (with the Spark UI and driver log links Livy
// reports), and a bar placing the attempt within the run's span.
import { StateBadge } from '../components/status';
import { between, formatValue } from '../format';
import type { LivyHandle, RunDetail, StepAttempt } from '../types';

const pad = (n: number) => String(n).padStart(2, '0');

/** A time with seconds ("2026-12-07 14:03:07", or "14:03:07" with `clock`): steps and events are seconds apart. */
export function PreciseTime({ iso, clock = false }: { iso: string | null | undefined; clock?: boolean }) {
  if (!iso) return <span class="muted">—</span>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <span>{iso}</span>;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return (
    <time dateTime={iso} title={iso}>
      {clock ? time : `${date} ${time}`}
    </time>
  );
}

/** Where an attempt sits in the run's span, as left/width percentages (null before it began). */
function span(attempt: StepAttempt, from: number, to: number): { left: number; width: number } | null {
  if (!attempt.started_at || to <= from) return null;
  const start = new Date(attempt.started_at).getTime();
  const end = attempt.finished_at ? new Date(attempt.finished_at).getTime() : Date.now();
  const left = Math.min(100, Math.max(0, ((start - from) / (to - from)) * 100));
  const width = Math.max(0.5, Math.min(100 - left, ((end - start) / (to - from)) * 100));
  return { left, width };
}

const sameDay = (a: string | null, b: string | null) => !!a && !!b && new Date(a).toDateString() === new Date(b).toDateString();

/** An external link from Livy (Spark UI, driver log): a new tab, no referrer sent. */
function External({ href, children }: { href: string; children: string }) {
  if (!/^https?:\/\//i.test(href)) return <span class="mono">{href}</span>;
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {children}
      <span class="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

function LivyTable({ handles, caption }: { handles: LivyHandle[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="livy-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col">Livy id</th>
            <th scope="col">State</th>
            <th scope="col">Application</th>
            <th scope="col">Links</th>
          </tr>
        </thead>
        <tbody>
          {handles.map((h) => (
            <tr>
              <td>{h.kind}</td>
              <td class="mono">{h.name}</td>
              <td class="mono">{h.livy_id ?? <span class="muted">not yet</span>}</td>
              <td>
                <StateBadge state={h.state} />
              </td>
              <td class="mono">{h.app_id ?? <span class="muted">—</span>}</td>
              <td>
                {h.spark_ui_url && <External href={h.spark_ui_url}>Spark UI</External>}
                {h.spark_ui_url && h.driver_log_url && ' · '}
                {h.driver_log_url && <External href={h.driver_log_url}>Driver log</External>}
                {!h.spark_ui_url && !h.driver_log_url && <span class="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface TimelineProps {
  run: RunDetail;
  /** The attempt whose log is shown below, to mark its button. */
  shown: { step: string; attempt: number } | null;
  onShowLog(step: string, attempt: number): void;
}

/** The steps of `run`, each with its attempts. */
export function StepTimeline({ run, shown, onShowLog }: TimelineProps) {
  if (run.steps.length === 0) return <p class="empty">No step has begun yet.</p>;
  const from = new Date(run.started_at ?? run.created_at).getTime();
  const to = run.finished_at ? new Date(run.finished_at).getTime() : Date.now();
  return (
    <ol class="timeline">
      {run.steps.map((step) => (
        <li class="timeline-step" key={step.id}>
          <h3>
            <span class="mono">{step.id}</span> <StateBadge state={step.state} />
            {step.attempts.length > 1 && <span class="muted"> · {step.attempts.length} attempts</span>}
          </h3>
          {step.attempts.map((a) => {
            const bar = span(a, from, to);
            const outputs = a.outputs ? Object.entries(a.outputs) : [];
            const isShown = shown?.step === step.id && shown.attempt === a.attempt;
            return (
              <div class="attempt" key={a.exec_id}>
                <div class="attempt-head">
                  <strong>Attempt {a.attempt}</strong> <StateBadge state={a.state} />
                  <span class="muted">
                    {' '}
                    <PreciseTime iso={a.started_at} /> → <PreciseTime iso={a.finished_at} clock={sameDay(a.started_at, a.finished_at)} />
                    {a.started_at && ` · ${between(a.started_at, a.finished_at)}${a.finished_at ? '' : ' so far'}`}
                  </span>
                  {a.outcome && (
                    <span>
                      {' '}
                      · outcome <strong>{a.outcome}</strong>
                    </span>
                  )}
                  <button type="button" class="link" aria-pressed={isShown} onClick={() => onShowLog(step.id, a.attempt)}>
                    {isShown ? 'Log shown below' : 'Show log'}
                    <span class="visually-hidden">
                      {' '}
                      of {step.id}, attempt {a.attempt}
                    </span>
                  </button>
                </div>
                {bar && (
                  <div class="timeline-track" aria-hidden="true">
                    <span class={`timeline-bar state-${a.state.replace(/[^a-z_]/gi, '')}`} style={{ left: `${bar.left}%`, width: `${bar.width}%` }} />
                  </div>
                )}
                {a.error && <pre class="log attempt-error">{a.error}</pre>}
                {outputs.length > 0 && (
                  <dl class="facts outputs">
                    {outputs.map(([k, v]) => (
                      <>
                        <dt>{k}</dt>
                        <dd class="mono">{formatValue(v)}</dd>
                      </>
                    ))}
                  </dl>
                )}
                {a.livy.length > 0 && <LivyTable handles={a.livy} caption={`Livy: ${step.id}, attempt ${a.attempt}`} />}
              </div>
            );
          })}
        </li>
      ))}
    </ol>
  );
}
