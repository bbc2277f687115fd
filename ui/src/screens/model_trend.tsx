// The model page's trend: one chosen figure (Gini, KS, AUC, score PSI) over the model's scoring
// periods (GET /api/models/{model}/trend), with the workflow's threshold as a dashed line when
// there is one, and the data table under the chart.
import { useState } from 'preact/hooks';
import { get, seg } from '../api';
import { Chart } from '../components/chart';
import { useResource } from '../components/resource';
import { Empty, ErrorBox, Loading } from '../components/status';
import { Link } from '../router';
import { figureLabel, headline, thresholdText, fixed } from './models_data';
import type { Threshold, Trend } from './models_data';

interface TrendProps {
  model: string;
  /** The model's thresholds (from GET /api/models/{model}); the trend's own win when it has them. */
  thresholds: Threshold[];
  /** Changes when the page reloads (live refresh), to load the trend again. */
  generation: number;
}

export function TrendSection({ model, thresholds, generation }: TrendProps) {
  const [figure, setFigure] = useState('gini');
  const trend = useResource(() => get<Trend>(`/api/models/${seg(model)}/trend`, { figure, last: 24 }), [model, figure, generation]);
  // The previous figure's points stay in `trend.data` while the new one loads: never show them under
  // the new figure's name.
  const data = trend.data?.figure === figure ? trend.data : undefined;
  const points = data?.points ?? [];
  const lines = (data?.thresholds ?? thresholds).filter((t) => t.figure === figure);
  const ticks = points.map((p) => p.period ?? `#${p.report_id}`);
  const label = figureLabel(figure);

  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend</h2>
      <div class="filters">
        <div class="field">
          <label for="trend-figure">Figure</label>
          <select id="trend-figure" value={figure} onChange={(e) => setFigure((e.target as HTMLSelectElement).value)}>
            {headline.map((h) => (
              <option value={h.key}>{h.label}</option>
            ))}
          </select>
        </div>
      </div>
      <ErrorBox error={trend.error} />
      {!data && !trend.error && <Loading />}
      {data && points.length === 0 && <Empty>No report of this model carries {label} yet.</Empty>}
      {data && points.length > 0 && (
        <Chart
          caption={`${label} by scoring period${lines.length ? ` (threshold ${lines.map(thresholdText).join(', ')})` : ''}`}
          x={points.map((_, i) => i)}
          xTicks={ticks}
          xRange={[-0.5, Math.max(points.length - 0.5, 0.5)]}
          xLabel="Period"
          yLabel={label}
          series={[
            { label, values: points.map((p) => p.value), colour: 1, points: true },
            ...lines.map((t) => ({ label: `Threshold ${thresholdText(t)}`, values: points.map(() => t.value), colour: 2 as const, dash: true })),
          ]}
        >
          <div class="table-wrap">
            <table class="trend-table">
              <caption>{label} by period</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Version</th>
                  <th scope="col">Report</th>
                  <th scope="col" class="num">
                    {label}
                  </th>
                  {lines.length > 0 && <th scope="col">Against the threshold</th>}
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.report_id}>
                    <th scope="row">{p.period ?? '—'}</th>
                    <td class="mono">{p.version ?? '—'}</td>
                    <td>
                      <Link href={`/reports/${p.report_id}`}>#{p.report_id}</Link>
                    </td>
                    <td class="num">{fixed(p.value)}</td>
                    {lines.length > 0 && <td>{lines.map((t) => verdict(t, p.value)).join('; ')}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Chart>
      )}
    </section>
  );
}

function verdict(t: Threshold, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'unknown';
  const holds = t.op === '>=' ? value >= t.value : t.op === '>' ? value > t.value : t.op === '<=' ? value <= t.value : t.op === '<' ? value < t.value : true;
  return holds ? `ok (${thresholdText(t)})` : `breach (${thresholdText(t)})`;
}
