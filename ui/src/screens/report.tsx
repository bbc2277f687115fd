// One stored report (/reports/ID): what it measured (model, version, period, run, rows), its
// figures, ROC and KS curves, lift and gains with the lift table, the confusion matrix at the
// threshold, and the drift table with the characteristic summary and the score's PSI. Every chart
// has its data table; everything comes pre-binned from GET /api/reports/{id}.
import { get, seg } from '../api';
import { Page } from '../components/page';
import { useResource } from '../components/resource';
import { ErrorBox, Loading, Time } from '../components/status';
import { Link } from '../router';
import { ConfusionMatrix, count, KsChart, LiftSection, RocChart } from './report_charts';
import { DriftSection } from './report_drift';
import { fixed } from './models_data';
import type { ReportDetail } from './models_data';

const metricNames: Record<string, string> = {
  auc: 'AUC',
  gini: 'Gini',
  ks: 'KS',
  ks_score: 'Score at the KS point',
  log_loss: 'Log loss',
  brier: 'Brier score',
  rase: 'RASE',
  average_precision: 'Average precision',
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  specificity: 'Specificity',
  misclassification: 'Misclassification',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  mape: 'MAPE',
  mape_skipped_zero_targets: 'MAPE: zero targets skipped',
  bias: 'Bias',
};

export default function ReportScreen({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const report = useResource(() => get<ReportDetail>(`/api/reports/${seg(id)}`), [id]);
  const r = report.data;
  const body = r?.report ?? {};
  const charts = r?.charts;
  const metrics = body.metrics ?? {};

  return (
    <Page
      title={`Report ${id}`}
      ready={r !== undefined || report.error !== null}
      subtitle={
        r && (
          <>
            {r.model ? <Link href={`/models/${seg(r.model)}`}>{r.model}</Link> : 'No model'}
            {r.model_version && <span class="mono"> {r.model_version}</span>}
            {r.period && <> · period {r.period}</>}
          </>
        )
      }
    >
      <ErrorBox error={report.error} />
      {!r && !report.error && <Loading />}
      {r && (
        <>
          <div class="grid">
            <div class="card">
              <h2 class="card-title">About</h2>
              <dl class="facts">
                <dt>Run</dt>
                <dd>
                  {r.run_id != null ? <Link href={`/runs/${r.run_id}`}>run {r.run_id}</Link> : '—'}
                  {r.step_id && <span class="muted"> step {r.step_id}</span>}
                </dd>
                <dt>Created</dt>
                <dd>
                  <Time iso={r.created_at} />
                </dd>
                <dt>Task</dt>
                <dd>{body.task ?? '—'}</dd>
                <dt>Rows used</dt>
                <dd>
                  {count(body.n)}
                  {(body.skipped ?? 0) > 0 && <span class="muted"> ({count(body.skipped)} skipped)</span>}
                </dd>
                {body.events !== undefined && (
                  <>
                    <dt>Events</dt>
                    <dd>
                      {count(body.events)} <span class="muted">(rate {fixed(body.event_rate)})</span>
                    </dd>
                  </>
                )}
                {body.scored?.source && (
                  <>
                    <dt>Scored data</dt>
                    <dd class="mono break">{body.scored.source}</dd>
                  </>
                )}
                {body.reference?.source && (
                  <>
                    <dt>Reference</dt>
                    <dd class="mono break">
                      {body.reference.source} <span class="muted">({count(body.reference.rows)} rows)</span>
                    </dd>
                  </>
                )}
              </dl>
            </div>
            <div class="card">
              <h2 class="card-title">Figures</h2>
              <table class="figures">
                <caption class="visually-hidden">The report's figures</caption>
                <tbody>
                  {Object.entries(metrics).map(([key, value]) => (
                    <tr key={key} data-figure={key}>
                      <th scope="row">{metricNames[key] ?? key}</th>
                      <td class="num">{value === null ? <span title={body.undefined?.[key]}>undefined</span> : fixed(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {(body.warnings ?? []).length > 0 && (
            <div class="alert alert-warn">
              <strong>Warnings:</strong>
              <ul>
                {body.warnings!.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            </div>
          )}
          {charts?.roc || charts?.ks ? (
            <section aria-labelledby="curves-heading">
              <h2 id="curves-heading">ROC and KS</h2>
              <div class="chart-grid">
                {charts.roc && <RocChart roc={charts.roc} auc={metrics.auc} />}
                {charts.ks && <KsChart ks={charts.ks} value={metrics.ks} />}
              </div>
            </section>
          ) : null}
          {charts?.lift && <LiftSection lift={charts.lift} />}
          {charts?.confusion && (
            <section aria-labelledby="confusion-heading">
              <h2 id="confusion-heading">At the threshold</h2>
              <ConfusionMatrix c={charts.confusion} />
            </section>
          )}
          {charts && (charts.drift.length > 0 || charts.score_psi !== null || charts.characteristic || body.characteristic) && (
            <DriftSection charts={charts} fallbackSummary={body.characteristic} />
          )}
        </>
      )}
    </Page>
  );
}
