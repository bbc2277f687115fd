// How times, durations and figures read on screen. Times are shown in the browser's time zone
// with the full ISO value in a tooltip (`<Time>` in components/time.tsx).

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-07 14:03" in local time; "—" for null. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1 h 5 min", "42 s", "3 d 2 h": a duration in milliseconds, two units at most. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** The time between two ISO instants (the second defaults to now), or "—". */
export function between(from: string | null | undefined, to?: string | null): string {
  if (!from) return '—';
  const end = to ? new Date(to).getTime() : Date.now();
  return formatDuration(end - new Date(from).getTime());
}

/** Time left until `deadline`: {text: "3 h 20 min left" | "2 h overdue", overdue}. */
export function timeLeft(deadline: string | null | undefined, now = Date.now()): { text: string; overdue: boolean } {
  if (!deadline) return { text: 'no deadline', overdue: false };
  const left = new Date(deadline).getTime() - now;
  return left >= 0
    ? { text: `${formatDuration(left)} left`, overdue: false }
    : { text: `${formatDuration(-left)} overdue`, overdue: true };
}

/** A figure with `digits` decimals ("0.4213"); "—" for a missing or non-finite value. */
export function formatNumber(value: unknown, digits = 4): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  if (Number.isInteger(value) && Math.abs(value) >= 1) return value.toLocaleString('en-US');
  return value.toFixed(digits);
}

/** A signed change ("+0.0123", "−0.0040"), or "—". */
export function formatDelta(value: number | null | undefined, digits = 4): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : `±${text}`;
}

/** A JSON value as short text for tables (objects as compact JSON). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
