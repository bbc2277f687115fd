// The models dashboard (/models): every registered model at once, the page a team lead opens.
// Per model: its champion, the latest figures (Gini, KS, score PSI) and their change since the
// previous period, health against the thresholds its workflow gates on (with the breached figures
// named), open and overdue tasks. Sortable by name and by worst decay; pages through the API.
import { get, seg } from '../api';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useResource } from '../components/resource';
import { Empty, ErrorBox, Loading, Time } from '../components/status';
import { formatDelta } from '../format';
import { useLiveRefresh } from '../live';
import { Link, setQuery, useLocation } from '../router';
import { breachText, change, decay, direction, thresholdText, fixed } from './models_data';
import type { ModelSummary } from './models_data';

const LIMIT = 50;
type SortKey = 'name' | 'decay';

/** The health badge: text and colour, the breached figures named. */
export function HealthBadge({ m }: { m: Pick<ModelSummary, 'health' | 'breached' | 'thresholds'> }) {
  const health = m.health ?? 'unknown';
  const breached = m.breached ?? [];
  const thresholds = m.thresholds ?? [];
  const title = thresholds.length ? `Thresholds: ${thresholds.map(thresholdText).join(', ')}` : 'No thresholds in its workflow gates';
  return (
    <span class="health">
      <span class={`badge state-${health === 'ok' ? 'ok' : health === 'breach' ? 'breach' : 'unknown'}`} title={title}>
        {health}
      </span>
      {health === 'breach' && breached.length > 0 && <span class="health-why"> {breached.map(breachText).join('; ')}</span>}
    </span>
  );
}

/** A figure and its change since the previous period; the change reads "better"/"worse" in text too. */
function FigureCell({ m, figure }: { m: ModelSummary; figure: string }) {
  const value = m.latest_report?.figures?.[figure];
  const delta = change(m.latest_report, m.previous_report, figure);
  const dir = direction(figure);
  const worse = delta !== null && dir !== 0 && delta * dir < 0;
  const better = delta !== null && dir !== 0 && delta * dir > 0;
  return (
    <td class="num">
      {fixed(value)}
      {delta !== null && (
        <span class={`delta${worse ? ' delta-worse' : better ? ' delta-better' : ''}`}>
          {' '}
          {formatDelta(delta)}
          <span class="visually-hidden">{worse ? ' (worse)' : better ? ' (better)' : ''} since the previous period</span>
        </span>
      )}
    </td>
  );
}

function SortHeader({ label, sortKey, sort }: { label: string; sortKey: SortKey; sort: SortKey }) {
  const active = sort === sortKey;
  return (
    <th scope="col" aria-sort={active ? (sortKey === 'name' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => setQuery({ sort: sortKey === 'name' ? undefined : sortKey, offset: undefined })}>
        {label}
        <span aria-hidden="true">{active ? (sortKey === 'name' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}

function sorted(models: ModelSummary[], sort: SortKey): ModelSummary[] {
  const copy = [...models];
  if (sort === 'decay') {
    const key = (m: ModelSummary) => decay(m) ?? -Infinity;
    copy.sort((a, b) => key(b) - key(a) || a.model.localeCompare(b.model));
  } else copy.sort((a, b) => a.model.localeCompare(b.model));
  return copy;
}

export default function ModelsScreen(_props: { params: Record<string, string> }) {
  const { query } = useLocation();
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const sort: SortKey = query.get('sort') === 'decay' ? 'decay' : 'name';
  const list = useResource(
    () => get<{ models: ModelSummary[]; total: number; limit: number; offset: number }>('/api/models', { limit: LIMIT, offset }),
    [offset],
  );
  useLiveRefresh(list.reload, (e) => e.type === 'run.succeeded' || e.type === 'step.succeeded' || e.type.startsWith('task.'));
  const models = list.data ? sorted(list.data.models, sort) : [];

  return (
    <Page title="Models" ready={list.data !== undefined || list.error !== null} subtitle="Every registered model: its champion, latest figures, health and open work.">
      <ErrorBox error={list.error} />
      {!list.data && !list.error && <Loading />}
      {list.data && models.length === 0 && <Empty>No model has a registered version yet.</Empty>}
      {list.data && models.length > 0 && (
        <>
          <div class="table-wrap">
            <table class="models">
              <caption class="visually-hidden">
                Models, sorted by {sort === 'name' ? 'name' : 'worst decay first'}
              </caption>
              <thead>
                <tr>
                  <SortHeader label="Model" sortKey="name" sort={sort} />
                  <th scope="col">Champion</th>
                  <th scope="col">Latest version</th>
                  <th scope="col" class="num">Gini</th>
                  <th scope="col" class="num">KS</th>
                  <th scope="col" class="num">Score PSI</th>
                  <SortHeader label="Decay" sortKey="decay" sort={sort} />
                  <th scope="col">Health</th>
                  <th scope="col" class="num">Tasks</th>
                  <th scope="col">Latest report</th>
                </tr>
              </thead>
              <tbody>
                {models.map((m) => {
                  const champion = m.champion ?? m.aliases?.champion ?? null;
                  const d = decay(m);
                  return (
                    <tr key={m.model}>
                      <th scope="row">
                        <Link href={`/models/${seg(m.model)}`}>{m.model}</Link>
                      </th>
                      <td>{champion ? <span class="mono">{champion.split(':').pop()}</span> : <span class="muted">none</span>}</td>
                      <td>
                        <span class="mono">{m.latest_version ?? '—'}</span>{' '}
                        <div class="muted small">
                          {m.versions} {m.versions === 1 ? 'version' : 'versions'}
                        </div>
                      </td>
                      <FigureCell m={m} figure="gini" />
                      <FigureCell m={m} figure="ks" />
                      <FigureCell m={m} figure="score_psi" />
                      <td class="num">{d === null ? '—' : fixed(d)}</td>
                      <td class="health-cell">
                        <HealthBadge m={m} />
                      </td>
                      <td class="num">
                        {m.open_tasks === undefined ? (
                          '—'
                        ) : (
                          <>
                            {m.open_tasks} open
                            {(m.overdue_tasks ?? 0) > 0 && <div class="overdue"> {m.overdue_tasks} overdue</div>}
                          </>
                        )}
                      </td>
                      <td>
                        {m.latest_report ? (
                          <>
                            <Link href={`/reports/${m.latest_report.id}`}>{m.latest_report.period ?? `#${m.latest_report.id}`}</Link>{' '}
                            <div class="muted small">
                              <Time iso={m.latest_report.created_at} />
                            </div>
                          </>
                        ) : (
                          <span class="muted">none</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p class="hint">
            Changes are since the previous period's report. Decay is the largest of the drop in Gini, the drop in KS and the
            score PSI{list.data.total > LIMIT ? '; sorting orders the models of this page' : ''}.
          </p>
          <Pager offset={offset} limit={LIMIT} count={list.data.models.length} total={list.data.total} onPage={(o) => setQuery({ offset: o || undefined })} label="Model pages" />
        </>
      )}
    </Page>
  );
}
