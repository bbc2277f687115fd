// The runs list (/runs): one server page of GET /api/runs at a time (newest first), filtered by
// workflow, state, trigger and creation date. Filters and the page live in the URL query, so a
// link or a reload shows the same list. Live: run.* events reload the page shown (coalesced),
// never moving to another page.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { useLiveRefresh } from '../live';
import { Link, setQuery, useLocation } from '../router';
import { useResource } from '../components/resource';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { ConditionBadge, Empty, ErrorBox, Loading, StateBadge, Time } from '../components/status';
import { between } from '../format';
import type { RunSummary, WorkflowSummary } from '../types';
import { isTerminal, useClock } from './run_actions';

interface RunList {
  runs: RunSummary[];
  limit: number;
  offset: number;
  next_offset: number | null;
}

/** The states a run can be in (docs/api.md, "Runs"). */
export const RUN_STATES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
const TRIGGER_KINDS = ['http', 'cli', 'cron', 'manual'];
const PAGE_SIZES = [25, 50, 100, 200];
const DEFAULT_LIMIT = 50;

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** The day after `date` (YYYY-MM-DD), so "to 2026-12-07" includes that whole day. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const toInt = (text: string | null, fallback: number) => {
  const n = Number(text);
  return text !== null && Number.isInteger(n) && n >= 0 ? n : fallback;
};

export default function RunsScreen(_props: { params: Record<string, string> }) {
  const { query } = useLocation();
  const workflow = query.get('workflow') ?? '';
  const state = query.get('state') ?? '';
  const trigger = query.get('trigger') ?? '';
  const since = query.get('since') ?? '';
  const until = query.get('until') ?? '';
  const offset = toInt(query.get('offset'), 0);
  const limitWanted = toInt(query.get('limit'), DEFAULT_LIMIT);
  const limit = PAGE_SIZES.includes(limitWanted) ? limitWanted : DEFAULT_LIMIT;

  // What is typed in the trigger field, applied on Enter or leaving it (a live refresh meanwhile
  // must not overwrite it); follows the address when that changes.
  const [triggerText, setTriggerText] = useState(trigger);
  useEffect(() => setTriggerText(trigger), [trigger]);

  const runs = useResource(
    () =>
      get<RunList>('/api/runs', {
        limit,
        offset,
        workflow,
        state,
        trigger,
        since,
        // A date "to" includes its day: the API's `until` is exclusive.
        until: isDate(until) ? dayAfter(until) : until,
      }),
    [limit, offset, workflow, state, trigger, since, until],
  );
  const workflows = useResource(() => get<{ workflows: WorkflowSummary[] }>('/api/workflows'), []);
  useLiveRefresh(runs.reload, (e) => e.type.startsWith('run.'));

  // A changed filter starts again at the first page.
  const filter = (name: string, value: string) => setQuery({ [name]: value, offset: undefined });
  const filtered = !!(workflow || state || trigger || since || until);
  const names = workflows.data?.workflows.map((w) => w.name) ?? [];
  if (workflow && !names.includes(workflow)) names.push(workflow);
  // A refused filter (400) shows no stale list under the API's message; other errors keep it.
  const list = runs.error?.status === 400 ? undefined : runs.data;
  useClock(!!list && list.runs.some((r) => !isTerminal(r.state)), 5000);

  return (
    <Page title="Runs" ready={!!list || !!runs.error} subtitle="Newest first. Filters and the page are kept in the address, so links and reloads show the same list.">
      <form class="filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="runs-workflow">Workflow</label>
          <select id="runs-workflow" value={workflow} onChange={(e) => filter('workflow', (e.target as HTMLSelectElement).value)}>
            <option value="">All workflows</option>
            {names.map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="runs-state">State</label>
          <select id="runs-state" value={state} onChange={(e) => filter('state', (e.target as HTMLSelectElement).value)}>
            <option value="">Any state</option>
            {RUN_STATES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="runs-trigger">Trigger</label>
          <input
            id="runs-trigger"
            list="runs-trigger-kinds"
            value={triggerText}
            onInput={(e) => setTriggerText((e.target as HTMLInputElement).value)}
            placeholder="http, cron, http:alice…"
            aria-describedby="runs-trigger-hint"
            onChange={(e) => filter('trigger', (e.target as HTMLInputElement).value.trim())}
          />
          <datalist id="runs-trigger-kinds">
            {TRIGGER_KINDS.map((k) => (
              <option value={k} />
            ))}
          </datalist>
          <span id="runs-trigger-hint" class="visually-hidden">
            A kind such as http or cron, or an exact trigger such as http:alice; applied when you leave the field or press Enter.
          </span>
        </div>
        <div class="field">
          <label for="runs-since">Created from (UTC)</label>
          <input id="runs-since" type="date" value={since} onChange={(e) => filter('since', (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="runs-until">Created to (UTC, inclusive)</label>
          <input id="runs-until" type="date" value={until} onChange={(e) => filter('until', (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="runs-limit">Per page</label>
          <select id="runs-limit" value={String(limit)} onChange={(e) => setQuery({ limit: (e.target as HTMLSelectElement).value, offset: undefined })}>
            {PAGE_SIZES.map((n) => (
              <option value={String(n)}>{n}</option>
            ))}
          </select>
        </div>
        {filtered && (
          <button type="button" onClick={() => setQuery({ workflow: '', state: '', trigger: '', since: '', until: '', offset: undefined })}>
            Clear filters
          </button>
        )}
      </form>
      <ErrorBox error={workflows.error} title="Workflows for the filter" />
      <ErrorBox error={runs.error} />
      {!list && !runs.error && <Loading what="Loading runs" />}
      {list && list.runs.length === 0 && (
        <Empty>{offset > 0 ? 'No runs on this page.' : filtered ? 'No run matches these filters.' : 'No runs yet.'}</Empty>
      )}
      {list && list.runs.length > 0 && (
        <div class="table-wrap">
          <table class="runs-table">
            <caption class="visually-hidden">Runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col" class="num">Run</th>
                <th scope="col">Workflow</th>
                <th scope="col">State</th>
                <th scope="col">Trigger</th>
                <th scope="col">Current step</th>
                <th scope="col">Started</th>
                <th scope="col" class="num">Duration</th>
                <th scope="col">Rerun of</th>
              </tr>
            </thead>
            <tbody>
              {list.runs.map((r) => (
                <tr key={r.id}>
                  <td class="num">
                    <Link href={`/runs/${r.id}`}>#{r.id}</Link>
                  </td>
                  <td>{r.workflow}</td>
                  <td>
                    <StateBadge state={r.state} />
                    <ConditionBadge condition={r.condition} />
                  </td>
                  <td class="mono">{r.trigger}</td>
                  <td>{r.current_step ?? <span class="muted">—</span>}</td>
                  <td>
                    <Time iso={r.started_at} />
                  </td>
                  <td class="num">{r.started_at ? between(r.started_at, r.finished_at) : <span class="muted">—</span>}</td>
                  <td>{r.rerun_of ? <Link href={`/runs/${r.rerun_of}`}>#{r.rerun_of}</Link> : <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* The pager reads the page shown (the API's echo), so a click while the next loads cannot skip one. */}
      {list && (list.runs.length > 0 || list.offset > 0) && (
        <Pager
          offset={list.offset}
          limit={list.limit}
          nextOffset={list.next_offset}
          count={list.runs.length}
          onPage={(o) => setQuery({ offset: o || undefined })}
          label="Pages of runs"
        />
      )}
    </Page>
  );
}
