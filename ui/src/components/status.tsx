// Small pieces every screen uses: errors, loading, empty lists, state badges, times.
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';
import type { RunCondition } from '../types';
import { formatTime } from '../format';

/** An API error as the user should read it: the API's own message, announced to screen readers. */
export function ErrorBox({ error, title }: { error: ApiError | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div class="alert alert-error" role="alert">
      {title && <strong>{title}: </strong>}
      {error.message}
      {error.status ? <span class="muted"> ({error.status}{error.code ? ` ${error.code}` : ''})</span> : null}
    </div>
  );
}

/** A polite "Loading…" line (shown only when there is nothing else to show yet). */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** The text shown for an empty list. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A run, step, task or Livy state as a coloured badge with the state's name as its text. */
export function StateBadge({ state }: { state: string | null | undefined }) {
  const s = state ?? 'unknown';
  return <span class={`badge state-${s.replace(/[^a-z_]/gi, '')}`}>{s.replace(/_/g, ' ')}</span>;
}

/** A run's condition (`retrying`, `stuck`, `livy_unreachable`) as a badge; its detail in the tooltip. */
export function ConditionBadge({ condition }: { condition: RunCondition | null | undefined }) {
  if (!condition) return null;
  const kind = condition.kind.replace(/[^a-z_]/gi, '');
  return (
    <span class={`badge condition state-${kind}`} title={`${condition.detail} (since ${condition.since})`}>
      {kind.replace(/_/g, ' ')}
    </span>
  );
}

/** A time in local form, with the exact UTC instant in the tooltip and the datetime attribute. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatTime(iso)}
    </time>
  );
}
