// A model's page (/models/group:artifact): which alias points where and who moved it, the trend
// of a chosen figure over its scoring periods, and its immutable versions with their lineage
// (the run and data that produced each, its registered metrics). Moving an alias is one
// permission-gated, confirmed action (model_alias.tsx).
import { useState } from 'preact/hooks';
import { get, seg } from '../api';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useResource } from '../components/resource';
import { ErrorBox, Loading, Time } from '../components/status';
import { formatNumber, formatValue } from '../format';
import { useLiveRefresh } from '../live';
import { Link, setQuery, useLocation } from '../router';
import { useSession } from '../session';
import { MoveAliasDialog } from './model_alias';
import type { MoveRequest } from './model_alias';
import { TrendSection } from './model_trend';
import { HealthBadge } from './models';
import type { ModelDetail } from './models_data';

const LIMIT = 50;

function Pairs({ value }: { value: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(value ?? {});
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="pairs">
      {entries.map(([k, v]) => (
        <li key={k}>
          <span class="muted">{k}</span> <span class="mono">{typeof v === 'number' ? formatNumber(v) : formatValue(v)}</span>
        </li>
      ))}
    </ul>
  );
}

export default function ModelScreen({ params }: { params: Record<string, string> }) {
  const name = params.model;
  const { query } = useLocation();
  const { can } = useSession();
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const [generation, setGeneration] = useState(0);
  const [move, setMove] = useState<MoveRequest | null>(null);
  const [status, setStatus] = useState('');
  const model = useResource(() => get<ModelDetail>(`/api/models/${seg(name)}`, { limit: LIMIT, offset }), [name, offset]);
  const reload = () => {
    model.reload();
    setGeneration((g) => g + 1);
  };
  useLiveRefresh(reload, (e) => e.type === 'step.succeeded' || e.type === 'run.succeeded' || e.type.startsWith('task.'));
  const m = model.data;
  const mayPromote = can('promote');
  const holderOf = (alias: string) => m?.aliases.find((a) => a.alias === alias)?.version;

  return (
    <Page
      title={name}
      ready={m !== undefined || model.error !== null}
      subtitle={
        m && (
          <>
            {['champion', 'challenger'].map((a) => (
              <span class="alias-chip" key={a}>
                {a}: <span class="mono">{holderOf(a) ?? 'none'}</span>
              </span>
            ))}
            <HealthBadge m={m} />
            {m.open_tasks !== undefined && (
              <span class="model-tasks">
                {' '}
                {m.open_tasks} open {m.open_tasks === 1 ? 'task' : 'tasks'}
                {(m.overdue_tasks ?? 0) > 0 && <span class="overdue">, {m.overdue_tasks} overdue</span>}
              </span>
            )}
          </>
        )
      }
      actions={<Link href={`/reports?model=${seg(name)}`}>Reports of this model</Link>}
    >
      <ErrorBox error={model.error} />
      {!m && !model.error && <Loading />}
      <p role="status" class={status ? 'alert alert-info' : 'visually-hidden'}>
        {status}
      </p>
      {m && (
        <>
          <section aria-labelledby="aliases-heading">
            <h2 id="aliases-heading">Aliases</h2>
            {mayPromote ? (
              <p>
                <button type="button" class="primary" onClick={() => setMove({ alias: 'champion', version: m.versions[0]?.version ?? '' })}>
                  Move an alias…
                </button>
              </p>
            ) : (
              <p class="hint">Moving an alias needs the promote permission, which you do not have.</p>
            )}
            <div class="table-wrap">
              <table class="aliases">
                <caption class="visually-hidden">Aliases and the versions they point at</caption>
                <thead>
                  <tr>
                    <th scope="col">Alias</th>
                    <th scope="col">Version</th>
                    <th scope="col">Since</th>
                  </tr>
                </thead>
                <tbody>
                  {m.aliases.length === 0 && (
                    <tr>
                      <td colSpan={3} class="muted">
                        No alias points at a version yet.
                      </td>
                    </tr>
                  )}
                  {m.aliases.map((a) => (
                    <tr key={a.alias}>
                      <th scope="row">{a.alias}</th>
                      <td class="mono">{a.version}</td>
                      <td>
                        <Time iso={a.updated_at} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h3>Alias history</h3>
            {m.alias_history.length === 0 ? (
              <p class="muted">No alias has moved yet.</p>
            ) : (
              <div class="table-wrap">
                <table class="alias-history">
                  <caption class="visually-hidden">Alias moves, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Alias</th>
                      <th scope="col">From</th>
                      <th scope="col">To</th>
                      <th scope="col">Moved by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.alias_history.map((h, i) => (
                      <tr key={i}>
                        <td>
                          <Time iso={h.at} />
                        </td>
                        <th scope="row">{h.alias}</th>
                        <td class="mono">{h.from ?? <span class="muted">(new)</span>}</td>
                        <td class="mono">{h.to}</td>
                        <td>{h.actor}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <TrendSection model={name} thresholds={m.thresholds ?? []} generation={generation} />

          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading">Versions</h2>
            <div class="table-wrap">
              <table class="versions">
                <caption class="visually-hidden">Versions, highest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Created</th>
                    <th scope="col">Aliases</th>
                    <th scope="col">Metrics</th>
                    <th scope="col">Trained on</th>
                    <th scope="col">Produced by</th>
                    {mayPromote && <th scope="col">Action</th>}
                  </tr>
                </thead>
                <tbody>
                  {m.versions.map((v) => (
                    <tr key={v.version}>
                      <th scope="row" class="mono">
                        {v.version}
                        <div class="muted small" title="artifact">
                          {v.artifact_uri}
                        </div>
                      </th>
                      <td>
                        <Time iso={v.created_at} />
                      </td>
                      <td>{v.aliases.length ? v.aliases.map((a) => <span class="badge">{a}</span>) : <span class="muted">—</span>}</td>
                      <td>
                        <Pairs value={v.metrics} />
                      </td>
                      <td>
                        <Pairs value={v.data} />
                      </td>
                      <td>
                        {v.lineage?.run_id != null ? (
                          <>
                            <Link href={`/runs/${v.lineage.run_id}`}>run {v.lineage.run_id}</Link>
                            {v.lineage.step_id && <span class="muted"> step {v.lineage.step_id}</span>}
                          </>
                        ) : (
                          <span class="muted">outside a run</span>
                        )}
                      </td>
                      {mayPromote && (
                        <td>
                          <button type="button" onClick={() => setMove({ alias: 'champion', version: v.version })}>
                            Move alias<span class="visually-hidden"> to {v.number}</span>…
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager offset={offset} limit={LIMIT} count={m.versions.length} total={m.versions_total} onPage={(o) => setQuery({ offset: o || undefined })} label="Version pages" />
          </section>

          {mayPromote && (
            <MoveAliasDialog
              model={m}
              request={move}
              onClose={() => setMove(null)}
              onMoved={(message) => {
                setStatus(message);
                reload();
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}
