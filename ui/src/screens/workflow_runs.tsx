// The latest runs of one workflow (GET /api/runs?workflow=NAME&limit=10), refreshed live on run.*
// events, with a link to the full, filtered runs list.
import { get, seg } from '../api';
import { useResource } from '../components/resource';
import { Empty, ErrorBox, Loading, StateBadge, Time } from '../components/status';
import { between } from '../format';
import { useLiveRefresh } from '../live';
import { Link } from '../router';
import type { RunSummary } from '../types';

const LIMIT = 10;

/** The table of a workflow's latest runs. */
export function RecentRuns({ workflow }: { workflow: string }) {
  const runs = useResource(
    () => get<{ runs: RunSummary[]; next_offset?: number | null }>('/api/runs', { workflow, limit: LIMIT }),
    [workflow],
  );
  useLiveRefresh(runs.reload, (e) => e.type.startsWith('run.'));
  const list = runs.data?.runs ?? [];
  return (
    <>
      <ErrorBox error={runs.error} title="The runs could not be loaded" />
      {!runs.data && !runs.error && <Loading what="Loading runs" />}
      {runs.data && list.length === 0 && <Empty>No runs of this workflow yet.</Empty>}
      {list.length > 0 && (
        <div class="table-wrap wf-table">
          <table class="wf-runs">
            <caption class="visually-hidden">Latest runs of {workflow}</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">State</th>
                <th scope="col">Step</th>
                <th scope="col">Started by</th>
                <th scope="col">Created</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link href={`/runs/${r.id}`}>#{r.id}</Link>
                  </th>
                  <td>
                    <StateBadge state={r.state} />
                  </td>
                  <td>{r.current_step ? <code>{r.current_step}</code> : <span class="muted">—</span>}</td>
                  <td>{r.trigger}</td>
                  <td>
                    <Time iso={r.created_at} />
                  </td>
                  <td>{r.started_at ? between(r.started_at, r.finished_at) : <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link href={`/runs?workflow=${seg(workflow)}`}>All runs of {workflow}</Link>
      </p>
    </>
  );
}
