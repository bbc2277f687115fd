// What was decided: the read-only banner of a closed task ("approved by alice at …, comment …")
// and the decision history of the same step across re-runs (GET /api/tasks/{id} `history`).
import { Link } from '../router';
import { formatTime, formatValue } from '../format';
import { StateBadge, Time } from '../components/status';
import type { FormField, Task, TaskDecision } from '../types';
import { looksNegative, pastTense } from './task_people';

/** "comment “Looks fine”, Risk rating: low": the stored answer's values (comment first), labelled by the form. */
export function responseText(response: Record<string, unknown> | null | undefined, fields: FormField[]): string {
  if (!response) return '';
  const label = (name: string) => fields.find((f) => f.name === name)?.label || name;
  const entries = Object.entries(response).sort(([a], [b]) => Number(b === 'comment') - Number(a === 'comment'));
  return entries
    .filter(([name, value]) => name !== 'responder' && value !== null && value !== undefined && value !== '')
    .map(([name, value]) => (name === 'comment' ? `comment “${formatValue(value)}”` : `${label(name)}: ${formatValue(value)}`))
    .join(', ');
}

/** The banner of a task that is no longer open; nothing while it is. */
export function DecisionBanner({ task }: { task: Task }) {
  if (task.state === 'open' || task.state === 'escalated') return null;
  const fields = task.form?.fields ?? [];
  const values = responseText(task.response, fields);
  let text: string;
  let tone = 'alert-ok';
  if (task.state === 'completed' && task.outcome && task.responder) {
    text = `${pastTense(task.outcome)} by ${task.responder} at ${formatTime(task.responded_at ?? task.closed_at)}`;
    if (looksNegative(task.outcome)) tone = 'alert-warn';
  } else if (task.state === 'completed' && task.outcome) {
    text = `closed with outcome ${task.outcome} at ${formatTime(task.closed_at)} (nobody answered before the deadline)`;
    tone = 'alert-warn';
  } else if (task.state === 'timed_out') {
    text = `timed out at ${formatTime(task.closed_at)}${task.outcome ? ` with outcome ${task.outcome}` : ''}: nobody answered before the deadline`;
    tone = 'alert-warn';
  } else if (task.state === 'cancelled') {
    text = `cancelled at ${formatTime(task.closed_at)} (the run was cancelled)`;
    tone = 'alert-warn';
  } else {
    text = `${task.state.replace(/_/g, ' ')} at ${formatTime(task.closed_at)}`;
  }
  return (
    <div class={`alert ${tone} decision`} role="status" data-testid="decision-banner" tabIndex={-1} id="decision">
      <strong>{text.charAt(0).toUpperCase() + text.slice(1)}</strong>
      {values && <>, {values}</>}. <span class="muted">This task is closed; its answer cannot be changed.</span>
    </div>
  );
}


/** The decisions on this step across the run and its re-runs, newest first as the API lists them. */
export function DecisionHistory({ task }: { task: Task }) {
  const history: TaskDecision[] = task.history ?? [];
  if (!task.history) return null; // an older server: no history to show
  const fields = task.form?.fields ?? [];
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Decisions on step {task.step_id} across re-runs</h2>
      {history.length === 0 ? (
        <p class="empty">No decision yet on this step, in this run or any re-run.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Decision history of step {task.step_id}</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Task</th>
                <th scope="col">State</th>
                <th scope="col">Outcome</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
                <th scope="col">Values</th>
              </tr>
            </thead>
            <tbody>
              {history.map((d) => (
                <tr key={d.id} aria-current={d.id === task.id ? 'true' : undefined}>
                  <td>
                    <Link href={`/runs/${d.run_id}`}>run {d.run_id}</Link>
                  </td>
                  <td>{d.id === task.id ? <span>this task</span> : <Link href={`/tasks/${d.id}`}>task {d.id}</Link>}</td>
                  <td>
                    <StateBadge state={d.state} />
                  </td>
                  <td>{d.outcome ?? <span class="muted">—</span>}</td>
                  <td>{d.responder ?? <span class="muted">—</span>}</td>
                  <td>
                    <Time iso={d.responded_at ?? d.closed_at} />
                  </td>
                  <td>{responseText(d.response, fields) || <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
