// A task page (/tasks/:id): the question, the run and step it belongs to, its deadline and
// escalation, the model version and report figures of its run, the answer form with one button per
// outcome (only for an assignee holding `answer`), and once closed the read-only decision banner and
// the decisions on the same step across re-runs. Follows the task's run live (another user's
// answer shows without a reload).
import { useEffect, useRef } from 'preact/hooks';
import { get, seg } from '../api';
import { useLiveRefresh } from '../live';
import { Link } from '../router';
import { useSession } from '../session';
import { timeLeft } from '../format';
import { Page } from '../components/page';
import { useResource } from '../components/resource';
import { ErrorBox, Loading, StateBadge, Time } from '../components/status';
import type { RunDetail, Task } from '../types';
import { AnswerForm } from './task_answer';
import { useNow } from './task_clock';
import { DecisionBanner, DecisionHistory } from './task_decision';
import { assigneesText, isAssignee } from './task_people';
import { RunFindingsCard } from './task_summary';

/** Why the answer form is not offered to this user ("" when it is). */
function refusal(task: Task, user: string, roles: string[], canAnswer: boolean, assignee: boolean): string {
  const who = assigneesText(task.assignees);
  if (!assignee) {
    const yours = roles.length ? ` (roles: ${roles.join(', ')})` : ' (no roles)';
    return `Only ${who} can answer this task. You are signed in as ${user}${yours}.`;
  }
  if (!canAnswer) return `Only ${who} can answer this task, and your roles do not grant the answer permission.`;
  return '';
}

export default function TaskScreen({ params }: { params: Record<string, string> }) {
  const { principal, can } = useSession();
  const now = useNow();
  const task = useResource(() => get<Task>(`/api/tasks/${seg(params.id)}`), [params.id]);
  const runId = task.data?.run_id;
  const run = useResource<RunDetail | undefined>(
    () => (runId ? get<RunDetail>(`/api/runs/${seg(runId)}`) : Promise.resolve(undefined)),
    [runId],
  );
  const answeredHere = useRef(false);

  useLiveRefresh(
    () => {
      task.reload();
      run.reload();
    },
    (event) => (runId ? event.run === runId : event.type.startsWith('task.')),
  );

  // After this user's own answer, move focus to the banner that confirms it.
  const closed = task.data ? task.data.state !== 'open' && task.data.state !== 'escalated' : false;
  useEffect(() => {
    if (closed && answeredHere.current) {
      answeredHere.current = false;
      document.getElementById('decision')?.focus();
    }
  }, [closed]);

  const t = task.data;
  if (!t) {
    return (
      <Page title={task.error ? 'Task' : 'Task'} ready={task.error !== null}>
        <ErrorBox error={task.error} title={`Task ${params.id} could not be loaded`} />
        {!task.error && <Loading what="Loading the task" />}
        <p>
          <Link href="/inbox">Back to the inbox</Link>
        </p>
      </Page>
    );
  }

  const open = t.state === 'open' || t.state === 'escalated';
  const answerable = open && t.answerable !== false;
  const assignee = isAssignee(principal, t.assignees);
  const mayAnswer = can('answer');
  const left = timeLeft(t.deadline_at, now);
  const note = answerable ? refusal(t, principal?.user ?? '', principal?.roles ?? [], mayAnswer, assignee) : '';
  const r = run.data;

  return (
    <Page
      title={t.title || `Task ${t.id}`}
      ready={true}
      subtitle={
        <span class="task-subtitle">
          <StateBadge state={t.state} /> Task {t.id} of <Link href={`/runs/${t.run_id}`}>run {t.run_id}</Link>
          {r?.workflow && <> ({r.workflow})</>}, step <code>{t.step_id}</code>
        </span>
      }
    >
      <DecisionBanner task={t} />
      <ErrorBox error={task.error} title="The task could not be refreshed" />
      <div class="grid task-grid">
        <section class="card" aria-labelledby="about-heading">
          <h2 id="about-heading" class="card-title">
            About this task
          </h2>
          {t.description ? <p class="task-description">{t.description}</p> : <p class="muted">No description.</p>}
          <dl class="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={t.state} />
            </dd>
            <dt>Run</dt>
            <dd>
              <Link href={`/runs/${t.run_id}`}>run {t.run_id}</Link>
              {r && (
                <>
                  {' '}
                  {r.workflow} <StateBadge state={r.state} />
                </>
              )}
            </dd>
            <dt>Step</dt>
            <dd>
              <code>{t.step_id}</code>
            </dd>
            <dt>Deadline</dt>
            <dd>
              {t.deadline_at ? (
                <>
                  <Time iso={t.deadline_at} />
                  {open && <span class={left.overdue ? 'overdue' : 'muted'}> ({left.text})</span>}
                </>
              ) : (
                <span class="muted">none</span>
              )}
            </dd>
            <dt>Who may answer</dt>
            <dd>{assigneesText(t.assignees)}</dd>
            <dt>Escalation</dt>
            <dd>
              {t.escalation_level ? `level ${t.escalation_level}` : 'not escalated'}
              {t.reminders_sent !== undefined && `, ${t.reminders_sent} reminder${t.reminders_sent === 1 ? '' : 's'} sent`}
            </dd>
            <dt>Opened</dt>
            <dd>
              <Time iso={t.created_at} />
            </dd>
          </dl>
        </section>
        <RunFindingsCard run={r} />
      </div>

      {answerable && (
        <section class="card" aria-labelledby="answer-heading">
          <h2 id="answer-heading" class="card-title">
            Your answer
          </h2>
          {note ? (
            <p class="alert alert-info" role="note" data-testid="answer-note">
              {note}
            </p>
          ) : (
            <AnswerForm
              task={t}
              onAnswered={(done) => {
                answeredHere.current = true;
                task.set({ ...done, history: done.history ?? t.history });
                task.reload();
                run.reload();
              }}
              onStale={() => task.reload()}
            />
          )}
        </section>
      )}

      <DecisionHistory task={t} />
    </Page>
  );
}
