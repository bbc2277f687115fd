// The report page's charts, each with its data table: ROC and KS curves, lift and gains by depth,
// the lift table and the confusion matrix at the threshold. The points come pre-binned from
// GET /api/reports/{id} `charts` (no raw rows).
import { Chart, ChartData } from '../components/chart';
import { fixed } from './models_data';
import type { ReportCharts } from './models_data';

/** A count: whole numbers as such, prorated (fractional) ones with one decimal. */
export const count = (n: number | null | undefined) =>
  typeof n === 'number' && Number.isInteger(n) ? n.toLocaleString('en-US') : fixed(n, 1);

const pct = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

export function RocChart({ roc, auc }: { roc: NonNullable<ReportCharts['roc']>; auc: number | null | undefined }) {
  return (
    <Chart
      caption={`ROC curve (AUC ${fixed(auc)})`}
      x={roc.map((p) => p.fpr)}
      xLabel="False positive rate"
      yLabel="True positive rate"
      xRange={[0, 1]}
      yRange={[0, 1]}
      series={[
        { label: 'Model', values: roc.map((p) => p.tpr), colour: 1 },
        { label: 'Random', values: roc.map((p) => p.fpr), colour: 'muted', dash: true },
      ]}
    >
      <ChartData summary={`ROC data (${roc.length} points)`}>
        <table class="roc-table">
          <thead>
            <tr>
              <th scope="col" class="num">Threshold</th>
              <th scope="col" class="num">False positive rate</th>
              <th scope="col" class="num">True positive rate</th>
            </tr>
          </thead>
          <tbody>
            {roc.map((p, i) => (
              <tr key={i}>
                <td class="num">{p.threshold === null ? '+∞' : fixed(p.threshold)}</td>
                <td class="num">{fixed(p.fpr)}</td>
                <td class="num">{fixed(p.tpr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartData>
    </Chart>
  );
}

export function KsChart({ ks, value }: { ks: NonNullable<ReportCharts['ks']>; value: number | null | undefined }) {
  return (
    <Chart
      caption={`KS curve (KS ${fixed(value)})`}
      x={ks.map((p) => p.depth)}
      xLabel="Depth (share of rows, highest scores first)"
      yLabel="Cumulative share"
      xRange={[0, 1]}
      yRange={[0, 1]}
      series={[
        { label: 'Events (TPR)', values: ks.map((p) => p.tpr), colour: 1 },
        { label: 'Non-events (FPR)', values: ks.map((p) => p.fpr), colour: 2 },
      ]}
    >
      <ChartData summary={`KS data (${ks.length} points)`}>
        <table class="ks-table">
          <thead>
            <tr>
              <th scope="col" class="num">Threshold</th>
              <th scope="col" class="num">Depth</th>
              <th scope="col" class="num">Events (TPR)</th>
              <th scope="col" class="num">Non-events (FPR)</th>
              <th scope="col" class="num">Difference</th>
            </tr>
          </thead>
          <tbody>
            {ks.map((p, i) => (
              <tr key={i}>
                <td class="num">{p.threshold === null ? '+∞' : fixed(p.threshold)}</td>
                <td class="num">{fixed(p.depth)}</td>
                <td class="num">{fixed(p.tpr)}</td>
                <td class="num">{fixed(p.fpr)}</td>
                <td class="num">{fixed(Math.abs(p.tpr - p.fpr))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartData>
    </Chart>
  );
}

/** Lift and gains charts side by side, and the full lift table under them. */
export function LiftSection({ lift }: { lift: NonNullable<ReportCharts['lift']> }) {
  const depth = lift.map((r) => r.depth);
  return (
    <section aria-labelledby="lift-heading">
      <h2 id="lift-heading">Lift and gains</h2>
      <div class="chart-grid">
        <Chart
          caption="Lift by depth"
          x={depth}
          xLabel="Depth"
          yLabel="Lift"
          series={[
            { label: 'Lift', values: lift.map((r) => r.lift), colour: 1, points: true },
            { label: 'Cumulative lift', values: lift.map((r) => r.cum_lift), colour: 2, points: true },
          ]}
        >
          <p class="hint">Data: the lift table below.</p>
        </Chart>
        <Chart
          caption="Gains (cumulative capture rate)"
          x={[0, ...depth]}
          xLabel="Depth"
          yLabel="Share of events captured"
          xRange={[0, 1]}
          yRange={[0, 1]}
          series={[
            { label: 'Model', values: [0, ...lift.map((r) => r.cum_capture_rate)], colour: 1, points: true },
            { label: 'Random', values: [0, ...depth], colour: 'muted', dash: true },
          ]}
        >
          <p class="hint">Data: the lift table below (cumulative capture rate).</p>
        </Chart>
      </div>
      <div class="table-wrap">
        <table class="lift-table">
          <caption>Lift table ({lift.length} bins by descending score)</caption>
          <thead>
            <tr>
              <th scope="col" class="num">Bin</th>
              <th scope="col" class="num">Depth</th>
              <th scope="col" class="num">Rows</th>
              <th scope="col" class="num">Events</th>
              <th scope="col" class="num">Event rate</th>
              <th scope="col" class="num">Lift</th>
              <th scope="col" class="num">Cumulative lift</th>
              <th scope="col" class="num">Capture rate</th>
              <th scope="col" class="num">Cumulative capture (gains)</th>
            </tr>
          </thead>
          <tbody>
            {lift.map((r) => (
              <tr key={r.bin}>
                <th scope="row" class="num">
                  {r.bin}
                </th>
                <td class="num">{pct(r.depth)}</td>
                <td class="num">{count(r.n)}</td>
                <td class="num">{count(r.events)}</td>
                <td class="num">{fixed(r.event_rate)}</td>
                <td class="num">{fixed(r.lift)}</td>
                <td class="num">{fixed(r.cum_lift)}</td>
                <td class="num">{fixed(r.capture_rate)}</td>
                <td class="num">{fixed(r.cum_capture_rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ConfusionMatrix({ c }: { c: NonNullable<ReportCharts['confusion']> }) {
  const total = c.tn + c.fp + c.fn + c.tp;
  const cell = (n: number) => (
    <td class="num">
      {count(n)}
      <span class="muted"> ({pct(total ? n / total : null)})</span>
    </td>
  );
  return (
    <div class="table-wrap confusion-wrap">
      <table class="confusion">
        <caption>
          Confusion matrix{' '}
          {c.source === 'prediction' ? 'from the predicted class column' : `at the threshold score ≥ ${fixed(c.threshold)}`}
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Predicted non-event</th>
            <th scope="col">Predicted event</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Actual non-event</th>
            {cell(c.tn)}
            {cell(c.fp)}
          </tr>
          <tr>
            <th scope="row">Actual event</th>
            {cell(c.fn)}
            {cell(c.tp)}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
