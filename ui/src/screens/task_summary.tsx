// What a task is about, taken from its run (GET /api/runs/{id}): the model version a
// register_model step produced and the figures of the latest report step, with links to the
// model and report pages. A run with neither shows nothing.
import { seg } from '../api';
import { Link } from '../router';
import { formatNumber } from '../format';
import type { RunDetail, StepAttempt } from '../types';

/** The model version and latest report a run produced so far. */
export interface RunFindings {
  model?: string;
  version?: string;
  report?: { id: number; step: string; period?: string; figures: [string, number][] };
}

// The figures a reviewer looks at first, in this order; other numeric metrics follow.
const FIRST = ['gini', 'ks', 'auc', 'score_psi', 'psi', 'accuracy', 'rmse'];
const MAX_FIGURES = 6;
const LABELS: Record<string, string> = { gini: 'Gini', ks: 'KS', auc: 'AUC', score_psi: 'Score PSI', psi: 'PSI', rmse: 'RMSE' };
const figureLabel = (name: string) => LABELS[name] ?? name.replace(/_/g, ' ');

const lastSucceeded = (attempts: StepAttempt[]) =>
  [...attempts].reverse().find((a) => a.state === 'succeeded' && a.outputs) ?? undefined;

/** Reads the latest model version and report from a run's steps (later steps win). */
export function findings(run: RunDetail | undefined): RunFindings {
  const found: RunFindings = {};
  for (const step of run?.steps ?? []) {
    const attempt = lastSucceeded(step.attempts ?? []);
    const out = attempt?.outputs;
    if (!out) continue;
    if (typeof out.report_id === 'number') {
      const metrics = (out.metrics && typeof out.metrics === 'object' ? out.metrics : {}) as Record<string, unknown>;
      const numeric = Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === 'number');
      const stability = out.stability as { score_psi?: unknown } | undefined;
      if (typeof stability?.score_psi === 'number') numeric.push(['score_psi', stability.score_psi]);
      numeric.sort(([a], [b]) => {
        const ia = FIRST.indexOf(a) < 0 ? FIRST.length : FIRST.indexOf(a);
        const ib = FIRST.indexOf(b) < 0 ? FIRST.length : FIRST.indexOf(b);
        return ia - ib || a.localeCompare(b);
      });
      found.report = {
        id: out.report_id,
        step: step.id,
        period: typeof out.period === 'string' ? out.period : undefined,
        figures: numeric.slice(0, MAX_FIGURES),
      };
      if (typeof out.model === 'string') found.model = out.model;
      if (typeof out.model_version === 'string') found.version = out.model_version;
    } else if (typeof out.model === 'string' && typeof out.version === 'string') {
      found.model = out.model;
      found.version = out.version;
    }
  }
  return found;
}

/** The model and report card; nothing when the run produced neither. */
export function RunFindingsCard({ run }: { run: RunDetail | undefined }) {
  const f = findings(run);
  if (!f.model && !f.report) return null;
  return (
    <section class="card" aria-labelledby="findings-heading">
      <h2 id="findings-heading" class="card-title">
        Model and figures
      </h2>
      <dl class="facts">
        {f.model && (
          <>
            <dt>Model</dt>
            <dd>
              <Link href={`/models/${seg(f.model)}`}>{f.model}</Link>
              {f.version && (
                <>
                  {' '}
                  version <code>{f.version}</code>
                </>
              )}
            </dd>
          </>
        )}
        {f.report && (
          <>
            <dt>Latest report</dt>
            <dd>
              <Link href={`/reports/${f.report.id}`}>
                report {f.report.id}
              </Link>{' '}
              <span class="muted">
                (step {f.report.step}
                {f.report.period ? `, period ${f.report.period}` : ''})
              </span>
              {f.report.figures.length > 0 && (
                <ul class="figures">
                  {f.report.figures.map(([name, value]) => (
                    <li>
                      <span class="figure-name">{figureLabel(name)}</span> <span class="figure-value">{formatNumber(value)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
