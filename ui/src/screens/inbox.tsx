// The inbox: the user tasks the signed-in user may answer (by name or through a role), least time
// left first. One query feeds both the list and its count (`total`), the same query the navigation
// badge asks (for=answerable, state=open). Filters and the page live in the URL query, so a link
// or a reload keeps them; the list follows task.* events live.
import { get } from '../api';
import { useLiveRefresh } from '../live';
import { Link, setQuery, useLocation } from '../router';
import { useSession } from '../session';
import { timeLeft } from '../format';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useResource } from '../components/resource';
import { Empty, ErrorBox, Loading, StateBadge, Time } from '../components/status';
import type { Task } from '../types';
import { useNow } from './task_clock';
import { assigneesText } from './task_people';

/** A task as the list gives it (`workflow` when the server names the run's workflow). */
type ListedTask = Task & { workflow?: string };

interface TaskPage {
  tasks: ListedTask[];
  total?: number;
  limit: number;
  offset: number;
  next_offset?: number | null;
}

interface Filter {
  key: string;
  label: string;
  query: Record<string, string>;
  /** What the list holds, under the buttons. */
  hint: (roles: string[]) => string;
  /** The empty list, said plainly. */
  empty: string;
}

const FILTERS: Filter[] = [
  {
    key: 'mine',
    label: 'Mine',
    query: { for: 'answerable' },
    hint: () => 'Open tasks you may answer: addressed to you by name or to one of your roles.',
    empty: 'Nothing waits for you: no open task is addressed to you or to your roles.',
  },
  {
    key: 'roles',
    label: 'My roles',
    query: { for: 'roles' },
    hint: (roles) =>
      roles.length ? `Open tasks addressed to your roles (${roles.join(', ')}).` : 'You hold no role, so no task reaches you through one.',
    empty: 'Nothing waits for your roles.',
  },
  {
    key: 'overdue',
    label: 'Overdue',
    query: { for: 'answerable', overdue: 'true' },
    hint: () => 'Open tasks you may answer whose deadline has passed.',
    empty: 'Nothing you may answer is overdue.',
  },
  {
    key: 'all',
    label: 'All open',
    query: {},
    hint: () => 'Every open task, whoever it is addressed to.',
    empty: 'No task is open: nothing waits for anyone.',
  },
];

const PAGE = 25;

export default function InboxScreen(_props: { params: Record<string, string> }) {
  const { principal } = useSession();
  const { query } = useLocation();
  const filter = FILTERS.find((f) => f.key === query.get('filter')) ?? FILTERS[0];
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const now = useNow();

  const list = useResource(
    () => get<TaskPage>('/api/tasks', { state: 'open', ...filter.query, sort: 'deadline', limit: PAGE, offset }),
    [filter.key, offset],
  );
  useLiveRefresh(list.reload, (event) => event.type.startsWith('task.'));

  const data = list.data;
  // Where the next page starts: the API's next_offset, else from the total, else a full page hints one.
  const next =
    data === undefined
      ? null
      : data.next_offset !== undefined
        ? data.next_offset
        : data.total !== undefined
          ? offset + data.tasks.length < data.total
            ? offset + data.tasks.length
            : null
          : data.tasks.length >= PAGE
            ? offset + PAGE
            : null;
  const total = data?.total ?? (data && offset === 0 && data.tasks.length < PAGE ? data.tasks.length : undefined);
  const countText =
    total === undefined ? '' : filter.key === 'overdue' ? `${total.toLocaleString('en-US')} overdue` : `${total.toLocaleString('en-US')} open`;

  return (
    <Page
      title="Inbox"
      ready={data !== undefined || list.error !== null}
      subtitle={
        <span role="status" aria-live="polite" data-testid="inbox-count">
          {countText}
        </span>
      }
    >
      <div class="tabs" role="group" aria-label="Show tasks">
        {FILTERS.map((f) => (
          <button
            type="button"
            aria-pressed={f.key === filter.key}
            onClick={() => setQuery({ filter: f.key === FILTERS[0].key ? undefined : f.key, offset: undefined })}
          >
            {f.label}
          </button>
        ))}
      </div>
      <p class="hint inbox-hint">{filter.hint(principal?.roles ?? [])} Least time left first.</p>
      <ErrorBox error={list.error} title="The tasks could not be loaded" />
      {!data && !list.error && <Loading what="Loading tasks" />}
      {data && data.tasks.length === 0 && offset === 0 && <Empty>{filter.empty}</Empty>}
      {data && (data.tasks.length > 0 || offset > 0) && (
        <>
          <div class="table-wrap">
            <table class="inbox-table">
              <caption class="visually-hidden">
                {filter.label}: tasks, least time left first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Workflow / run</th>
                  <th scope="col">Step</th>
                  <th scope="col">Who may answer</th>
                  <th scope="col">Time left</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {data.tasks.map((task) => {
                  const left = timeLeft(task.deadline_at, now);
                  return (
                    <tr key={task.id} class={left.overdue ? 'row-overdue' : undefined}>
                      <td>
                        <Link href={`/tasks/${task.id}`}>{task.title || `Task ${task.id}`}</Link>
                        {task.state !== 'open' && (
                          <>
                            {' '}
                            <StateBadge state={task.state} />
                          </>
                        )}
                      </td>
                      <td>
                        {task.workflow && <span class="inbox-workflow">{task.workflow} </span>}
                        <Link href={`/runs/${task.run_id}`}>run {task.run_id}</Link>
                      </td>
                      <td>
                        <code>{task.step_id}</code>
                      </td>
                      <td>{assigneesText(task.assignees)}</td>
                      <td class={left.overdue ? 'overdue' : undefined}>
                        {task.deadline_at ? (
                          <time dateTime={task.deadline_at} title={`Deadline ${task.deadline_at}`}>
                            {left.text}
                          </time>
                        ) : (
                          <span class="muted">{left.text}</span>
                        )}
                      </td>
                      <td>
                        <Time iso={task.created_at} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {(offset > 0 || next !== null) && (
            <Pager
              offset={offset}
              limit={PAGE}
              nextOffset={next}
              count={data.tasks.length}
              total={data.total}
              onPage={(o) => setQuery({ offset: o || undefined })}
              label="Task pages"
            />
          )}
        </>
      )}
    </Page>
  );
}
