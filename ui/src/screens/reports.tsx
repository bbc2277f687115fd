// The stored reports (/reports), newest first, filtered by model, version and period (kept in the
// URL query), paged through the API, with their headline figures and a link to each.
import { useEffect, useState } from 'preact/hooks';
import { get, seg } from '../api';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useResource } from '../components/resource';
import { Empty, ErrorBox, Loading, Time } from '../components/status';
import { useLiveRefresh } from '../live';
import { Link, setQuery, useLocation } from '../router';
import { fixed } from './models_data';
import type { ReportRef } from './models_data';

const LIMIT = 50;
const filters = [
  { key: 'model', label: 'Model', placeholder: 'group:artifact' },
  { key: 'version', label: 'Version', placeholder: '1.4.2' },
  { key: 'period', label: 'Period', placeholder: '2026-10' },
] as const;

export default function ReportsScreen(_props: { params: Record<string, string> }) {
  const { query } = useLocation();
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const applied = { model: query.get('model') ?? '', version: query.get('version') ?? '', period: query.get('period') ?? '' };
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied.model, applied.version, applied.period]);
  const list = useResource(
    () => get<{ reports: ReportRef[]; total: number }>('/api/reports', { ...applied, limit: LIMIT, offset }),
    [applied.model, applied.version, applied.period, offset],
  );
  useLiveRefresh(list.reload, (e) => e.type === 'step.succeeded');
  const reports = list.data?.reports ?? [];

  return (
    <Page title="Reports" ready={list.data !== undefined || list.error !== null} subtitle="Performance and drift reports stored by workflow report steps, newest first.">
      <form
        class="filters"
        role="search"
        aria-label="Filter reports"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ ...draft, offset: undefined });
        }}
      >
        {filters.map((f) => (
          <div class="field" key={f.key}>
            <label for={`reports-${f.key}`}>{f.label}</label>
            <input
              id={`reports-${f.key}`}
              type="text"
              autoComplete="off"
              placeholder={f.placeholder}
              value={draft[f.key]}
              onInput={(e) => setDraft({ ...draft, [f.key]: (e.target as HTMLInputElement).value.trim() })}
            />
          </div>
        ))}
        <button type="submit" class="primary">
          Filter
        </button>
        {(applied.model || applied.version || applied.period) && (
          <button type="button" onClick={() => setQuery({ model: undefined, version: undefined, period: undefined, offset: undefined })}>
            Clear
          </button>
        )}
      </form>
      <ErrorBox error={list.error} />
      {!list.data && !list.error && <Loading />}
      {list.data && reports.length === 0 && <Empty>No report matches.</Empty>}
      {list.data && reports.length > 0 && (
        <>
          <div class="table-wrap">
            <table class="reports">
              <caption class="visually-hidden">Reports, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Report</th>
                  <th scope="col">Model</th>
                  <th scope="col">Version</th>
                  <th scope="col">Period</th>
                  <th scope="col">Run</th>
                  <th scope="col">Created</th>
                  <th scope="col" class="num">Gini</th>
                  <th scope="col" class="num">KS</th>
                  <th scope="col" class="num">AUC</th>
                  <th scope="col" class="num">Score PSI</th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link href={`/reports/${r.id}`}>Report {r.id}</Link>
                    </th>
                    <td>{r.model ? <Link href={`/models/${seg(r.model)}`}>{r.model}</Link> : <span class="muted">—</span>}</td>
                    <td class="mono">{r.model_version ?? '—'}</td>
                    <td>{r.period ?? '—'}</td>
                    <td>
                      {r.run_id != null ? <Link href={`/runs/${r.run_id}`}>run {r.run_id}</Link> : '—'}
                      {r.step_id && <span class="muted"> {r.step_id}</span>}
                    </td>
                    <td>
                      <Time iso={r.created_at} />
                    </td>
                    <td class="num">{fixed(r.figures?.gini)}</td>
                    <td class="num">{fixed(r.figures?.ks)}</td>
                    <td class="num">{fixed(r.figures?.auc)}</td>
                    <td class="num">{fixed(r.figures?.score_psi)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={LIMIT} count={reports.length} total={list.data.total} onPage={(o) => setQuery({ offset: o || undefined })} label="Report pages" />
        </>
      )}
    </Page>
  );
}
