// What the model and report screens read from the API (docs/api.md "Reports and trends",
// "Model registry"), and the small computations they share: headline figures, their change since
// the previous period, decay, and health against a workflow's thresholds. Fields an older server
// does not send are optional, and the screens degrade when they are absent.

/** The headline figures of a report (null: undefined for this report). */
export type Figures = Record<string, number | null | undefined>;

/** A report as the lists show it. */
export interface ReportRef {
  id: number;
  run_id?: number;
  step_id?: string;
  model?: string | null;
  model_version: string | null;
  period: string | null;
  created_at: string;
  figures: Figures;
}

/** `figure OP value` is the healthy side; `source` names the workflow gate it came from. */
export interface Threshold {
  figure: string;
  op: string;
  value: number;
  source?: string;
}

/** A breached threshold as the API may send it: a figure name, or the threshold with the actual value. */
export type Breach = string | (Partial<Threshold> & { actual?: number | null });

export interface ModelSummary {
  model: string;
  group: string;
  artifact: string;
  versions: number;
  latest_version: string | null;
  latest_registered_at: string | null;
  aliases: Record<string, string>;
  latest_report: ReportRef | null;
  previous_report?: ReportRef | null;
  champion?: string | null;
  open_tasks?: number;
  overdue_tasks?: number;
  thresholds?: Threshold[];
  health?: 'ok' | 'breach' | 'unknown' | string;
  breached?: Breach[];
}

export interface ModelVersion {
  version: string;
  number: string;
  major: number;
  minor: number;
  build: number;
  artifact_uri: string;
  metrics: Record<string, unknown>;
  tags: Record<string, unknown>;
  params: Record<string, unknown> | null;
  data: Record<string, unknown> | null;
  created_at: string;
  aliases: string[];
  lineage: { run_id: number | null; step_id: string | null } | null;
}

export interface ModelDetail extends Omit<ModelSummary, 'versions' | 'aliases'> {
  versions_total: number;
  limit: number;
  offset: number;
  versions: ModelVersion[];
  aliases: { alias: string; version: string; updated_at: string }[];
  alias_history: { alias: string; from: string | null; to: string; actor: string; at: string }[];
}

export interface TrendPoint {
  report_id: number;
  period: string | null;
  version: string | null;
  created_at: string;
  value: number | null;
}

export interface Trend {
  model: string;
  figure: string;
  last: number;
  points: TrendPoint[];
  thresholds?: Threshold[];
}

export interface LiftRow {
  bin: number;
  depth: number;
  n: number;
  events: number;
  event_rate: number;
  lift: number | null;
  cum_lift: number | null;
  capture_rate: number | null;
  cum_capture_rate: number | null;
}

export interface DriftRow {
  feature: string;
  kind: string;
  psi: number | null;
  /** stable, moderate, significant; null for an undefined PSI (newer servers). */
  band?: string | null;
  ks?: number | null;
  ks_pvalue?: number | null;
  ks_method?: string;
  chi2_pvalue?: number | null;
  js_distance?: number | null;
  wasserstein_normed?: number | null;
  missing?: number;
  missing_reference?: number;
  n?: number;
  n_reference?: number;
  reasons?: Record<string, string>;
}

/** How many features were compared, how many drifted past 0.1 (P1) and 0.25 (P25), how many undefined. */
export interface Characteristic {
  features?: number;
  p1?: number;
  p25?: number;
  psi_undefined?: number;
}

export interface ReportCharts {
  roc: { threshold: number | null; fpr: number; tpr: number }[] | null;
  ks: { threshold: number | null; depth: number; tpr: number; fpr: number }[] | null;
  lift: LiftRow[] | null;
  gains: { bin: number; depth: number; cum_capture_rate: number | null; cum_lift: number | null }[] | null;
  confusion: { tn: number; fp: number; fn: number; tp: number; source: string; threshold: number | null } | null;
  drift: DriftRow[];
  score_psi: number | null;
  /** The score's own drift row (newer servers). */
  score_drift?: Omit<DriftRow, 'feature'> | null;
  /** The SAS characteristic summary (newer servers; older ones: `report.characteristic`). */
  characteristic?: Characteristic | null;
  psi_bands?: PsiBands | null;
}

export interface ReportDetail extends ReportRef {
  charts?: ReportCharts;
  report: {
    task?: string;
    n?: number;
    skipped?: number;
    events?: number;
    event_rate?: number;
    threshold?: number;
    metrics?: Record<string, number | null>;
    undefined?: Record<string, string>;
    scored?: { source?: string; rows?: number };
    reference?: { source?: string; rows?: number };
    characteristic?: Characteristic;
    warnings?: string[];
  };
}

/** The figures of the dashboard and the trend chart, with their names on screen. */
export const headline: { key: string; label: string }[] = [
  { key: 'gini', label: 'Gini' },
  { key: 'ks', label: 'KS' },
  { key: 'auc', label: 'AUC' },
  { key: 'score_psi', label: 'Score PSI' },
];

/** A figure's label ("Score PSI" for score_psi; the key itself when unknown). */
export const figureLabel = (key: string) => headline.find((h) => h.key === key)?.label ?? key;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A figure with `digits` decimals, whole values too ("1.0000"); "—" when missing or not finite. */
export const fixed = (v: unknown, digits = 4) => (finite(v) ? v.toFixed(digits) : '—');

/** The change of `figure` from the previous report to the latest, or null when either lacks it. */
export function change(latest: ReportRef | null | undefined, previous: ReportRef | null | undefined, figure: string): number | null {
  const a = latest?.figures?.[figure];
  const b = previous?.figures?.[figure];
  return finite(a) && finite(b) ? a - b : null;
}

/**
 * How much a model decayed, for sorting the dashboard: the largest of the drop in Gini, the drop
 * in KS (since the previous period) and the latest score PSI. null when none is known.
 */
export function decay(m: ModelSummary): number | null {
  const candidates: number[] = [];
  const gini = change(m.latest_report, m.previous_report, 'gini');
  const ks = change(m.latest_report, m.previous_report, 'ks');
  if (gini !== null) candidates.push(-gini);
  if (ks !== null) candidates.push(-ks);
  const psi = m.latest_report?.figures?.score_psi;
  if (finite(psi)) candidates.push(psi);
  return candidates.length ? Math.max(...candidates) : null;
}

/** Whether a larger value of `figure` is better (+1), worse (-1) or neither (0). */
export function direction(figure: string): number {
  if (figure === 'score_psi' || figure.startsWith('psi.') || ['log_loss', 'brier', 'rase', 'rmse', 'mae', 'mape', 'misclassification'].includes(figure))
    return -1;
  if (['auc', 'gini', 'ks', 'average_precision', 'accuracy', 'precision', 'recall', 'f1', 'specificity', 'r2'].includes(figure)) return 1;
  return 0;
}

/** "KS ≥ 0.3". */
export const thresholdText = (t: Partial<Threshold>) =>
  `${figureLabel(t.figure ?? '?')} ${({ '>=': '≥', '<=': '≤' } as Record<string, string>)[t.op ?? ''] ?? t.op ?? ''} ${t.value ?? '?'}`;

/** The breached figures as short text: "KS 0.21 < 0.3"-like when the API gives values. */
export function breachText(b: Breach): string {
  if (typeof b === 'string') return figureLabel(b);
  const base = thresholdText(b);
  return finite(b.actual) ? `${figureLabel(b.figure ?? '?')} ${b.actual.toFixed(4)} (needs ${base.slice(figureLabel(b.figure ?? '?').length + 1)})` : `${base} failed`;
}

/** The PSI bands (docs/reports-drift.md, P1 and P25): above 0.1 moderate, above 0.25 significant. */
export const MODERATE = 0.1;
export const SIGNIFICANT = 0.25;

/** The band edges a report's charts give (`psi_bands`), or the defaults. */
export interface PsiBands {
  moderate: number;
  significant: number;
}

const bandClass: Record<string, string> = { stable: 'ok', moderate: 'warn', significant: 'bad' };

/**
 * The PSI band in words and its colour class: the API's own `band` when it gives one, else
 * computed from `edges` (strictly above an edge is the next band).
 */
export function band(psi: number | null | undefined, edges?: PsiBands | null, given?: string | null): { name: string; cls: string } {
  if (given) return { name: given, cls: bandClass[given] ?? 'unknown' };
  if (typeof psi !== 'number' || !Number.isFinite(psi)) return { name: 'undefined', cls: 'unknown' };
  const name = psi > (edges?.significant ?? SIGNIFICANT) ? 'significant' : psi > (edges?.moderate ?? MODERATE) ? 'moderate' : 'stable';
  return { name, cls: bandClass[name] };
}
