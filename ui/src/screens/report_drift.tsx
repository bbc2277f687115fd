// The report page's drift: the characteristic summary (SAS P1/P25), the score's PSI, and the table
// of every feature (highest PSI first) with a PSI bar marked at the 0.1 and 0.25 bands, the band in
// words, KS with its p-value, chi-square p-value, JS distance and missing counts.
import { count } from './report_charts';
import { band, fixed, MODERATE, SIGNIFICANT } from './models_data';
import type { Characteristic, PsiBands } from './models_data';
import type { DriftRow, ReportCharts } from './models_data';

function PsiBar({ psi, scale, edges, given }: { psi: number | null | undefined; scale: number; edges: PsiBands; given?: string | null }) {
  const share = (v: number) => `${Math.min(100, (v / scale) * 100).toFixed(2)}%`;
  const b = band(psi, edges, given);
  return (
    <span class="psi-track" aria-hidden="true">
      {typeof psi === 'number' && Number.isFinite(psi) && <span class={`bar psi-bar ${b.cls}`} style={{ width: share(Math.max(psi, 0)) }} />}
      <span class="psi-mark" style={{ left: share(edges.moderate) }} />
      <span class="psi-mark" style={{ left: share(edges.significant) }} />
    </span>
  );
}

const pvalue = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? (v !== 0 && v < 0.0001 ? v.toExponential(2) : v.toFixed(4)) : '—';

function why(row: DriftRow): string {
  return Object.entries(row.reasons ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

export function DriftSection({ charts, fallbackSummary }: { charts: ReportCharts; fallbackSummary?: Characteristic }) {
  const drift = charts.drift;
  const scorePsi = charts.score_psi;
  const summary = charts.characteristic ?? fallbackSummary;
  const edges: PsiBands = { moderate: charts.psi_bands?.moderate ?? MODERATE, significant: charts.psi_bands?.significant ?? SIGNIFICANT };
  const finitePsis = drift.map((r) => r.psi).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  // One scale for every bar, 0.5 to 1 wide so the 0.1 and 0.25 marks stay readable; a PSI above it
  // fills its bar (the number says how far).
  const scale = Math.min(1, Math.max(0.5, ...finitePsis));
  const scoreBand = band(scorePsi, edges, charts.score_drift?.band);
  return (
    <section aria-labelledby="drift-heading">
      <h2 id="drift-heading">Drift against the reference</h2>
      <div class="card">
        <dl class="facts drift-summary">
          <dt>Score PSI (output stability)</dt>
          <dd>
            {fixed(scorePsi)}{' '}
            {scorePsi !== null && scorePsi !== undefined && <span class={`badge psi-${scoreBand.cls}`}>{scoreBand.name}</span>}
          </dd>
          {summary && (
            <>
              <dt>Features compared</dt>
              <dd>{summary.features ?? '—'}</dd>
              <dt>P1: PSI above 0.1</dt>
              <dd>{summary.p1 ?? '—'}</dd>
              <dt>P25: PSI above 0.25</dt>
              <dd>{summary.p25 ?? '—'}</dd>
              {(summary.psi_undefined ?? 0) > 0 && (
                <>
                  <dt>PSI undefined</dt>
                  <dd>{summary.psi_undefined}</dd>
                </>
              )}
            </>
          )}
        </dl>
      </div>
      {drift.length === 0 ? (
        <p class="muted">This report compared no features with a reference.</p>
      ) : (
        <>
          <p class="hint">
            PSI bands: up to {edges.moderate} stable, {edges.moderate} to {edges.significant} moderate, above {edges.significant} significant. The bars share one scale (0 to {fixed(scale, 2)}; a longer one is
            full); the marks on each bar are at {edges.moderate} and {edges.significant}.
          </p>
          <div class="table-wrap">
            <table class="drift-table">
              <caption>Drift per feature, highest PSI first</caption>
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">Kind</th>
                  <th scope="col" class="num">PSI</th>
                  <th scope="col">Band</th>
                  <th scope="col" class="num">KS</th>
                  <th scope="col" class="num">KS p-value</th>
                  <th scope="col" class="num">χ² p-value</th>
                  <th scope="col" class="num">JS distance</th>
                  <th scope="col" class="num">Missing (scored / reference)</th>
                  <th scope="col" class="num">Rows (scored / reference)</th>
                </tr>
              </thead>
              <tbody>
                {drift.map((r) => {
                  const b = band(r.psi, edges, r.band);
                  const reasons = why(r);
                  return (
                    <tr key={r.feature}>
                      <th scope="row">
                        {r.feature}
                        {reasons && <div class="muted small">{reasons}</div>}
                      </th>
                      <td>{r.kind}</td>
                      <td class="num psi-cell">
                        <PsiBar psi={r.psi} scale={scale} edges={edges} given={r.band} /> {fixed(r.psi)}
                      </td>
                      <td>
                        <span class={`badge psi-${b.cls}`}>{b.name}</span>
                      </td>
                      <td class="num">{fixed(r.ks)}</td>
                      <td class="num">{pvalue(r.ks_pvalue)}</td>
                      <td class="num">{pvalue(r.chi2_pvalue)}</td>
                      <td class="num">{fixed(r.js_distance)}</td>
                      <td class="num">
                        {count(r.missing)} / {count(r.missing_reference)}
                      </td>
                      <td class="num">
                        {count(r.n)} / {count(r.n_reference)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
