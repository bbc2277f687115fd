// Pieces the workflows list and the workflow page share: the API's workflow shapes, a param's
// type in words, and a cron trigger with its clock and next fire time.
import { Time } from '../components/status';
import { formatDuration, formatValue } from '../format';
import type { FormField, WorkflowSummary } from '../types';

/** A cron trigger of a workflow (GET /api/workflows). */
export interface WorkflowTrigger {
  cron: string;
  zone?: string;
  params?: Record<string, unknown>;
  next_at?: string | null;
}

/** A workflow as GET /api/workflows lists it. */
export interface WorkflowListItem extends Omit<WorkflowSummary, 'triggers'> {
  definition_id?: number;
  triggers: WorkflowTrigger[];
}

/** One step as GET /api/workflows/{name} gives it. */
export interface WorkflowStep {
  id: string;
  name?: string | null;
  type: string;
  summary?: string;
  when?: string | null;
  next?: string[];
}

/** One stored version of a workflow's text. */
export interface WorkflowVersion {
  id: number;
  content_hash: string;
  created_at: string;
  current: boolean;
  runs: number;
  first_run_at: string | null;
  last_run_at: string | null;
}

/** GET /api/workflows/{name}. */
export interface WorkflowDetail extends Omit<WorkflowListItem, 'steps'> {
  steps: WorkflowStep[];
  file?: string;
  source?: string;
  content_hash?: string;
  versions?: WorkflowVersion[];
}

/** GET /api/workflows/{name}/versions/{version}. */
export interface WorkflowVersionSource {
  name: string;
  id: number;
  content_hash: string;
  created_at: string;
  current: boolean;
  source: string;
}

/** A param's type as the UI names it: "choice" for an enum, else the type itself. */
export function paramType(p: FormField): string {
  if (p.type === 'enum') return 'choice';
  return p.type;
}

/** "in 3 h 20 min" / "5 min ago" for an instant, relative to now. */
export function fromNow(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return '';
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

/** One cron trigger: the expression, the clock it reads, its next fire time and its params. */
export function TriggerLine({ trigger, showParams }: { trigger: WorkflowTrigger; showParams?: boolean }) {
  const params = Object.entries(trigger.params ?? {});
  return (
    <span class="wf-trigger">
      <code>{trigger.cron}</code>
      {trigger.zone && <span class="muted"> ({trigger.zone === 'local' ? 'server time' : trigger.zone})</span>}
      <span class="wf-next">
        {' '}
        next:{' '}
        {trigger.next_at ? (
          <>
            <Time iso={trigger.next_at} /> <span class="muted">({fromNow(trigger.next_at)})</span>
          </>
        ) : (
          <span class="muted">never</span>
        )}
      </span>
      {showParams && params.length > 0 && (
        <span class="wf-trigger-params">
          {' '}
          with{' '}
          {params.map(([k, v], i) => (
            <>
              {i > 0 ? ', ' : ''}
              <code>
                {k}={formatValue(v)}
              </code>
            </>
          ))}
        </span>
      )}
    </span>
  );
}
