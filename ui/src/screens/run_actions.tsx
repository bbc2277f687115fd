// What the caller may do to a run: cancel it (permission cancel, confirmed in a dialog) and start
// it again with the same params (permission trigger). An action the role lacks is not shown; a
// refusal the API gives anyway is shown with its own message.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, post, seg } from '../api';
import { navigate } from '../router';
import { useSession } from '../session';
import { useResource } from '../components/resource';
import { ErrorBox } from '../components/status';
import type { RunSummary, WorkflowSummary } from '../types';

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

/** True when a run has ended. */
export const isTerminal = (state: string) => TERMINAL.includes(state);

/** Re-renders every `ms` while `active`, so "so far" durations keep counting (no API call). */
export function useClock(active: boolean, ms: number): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
}

/** The Cancel and Start again buttons of run `run`; `onChanged` reloads the page's data. */
export function RunActions({ run, onChanged }: { run: RunSummary; onChanged(): void }) {
  const { can } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'' | 'cancel' | 'rerun'>('');
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (confirming && !d.open) {
      d.showModal();
      keep.current?.focus(); // the safe choice first: Enter does not cancel by accident
    }
    if (!confirming && d.open) d.close();
  }, [confirming]);

  // Starting again needs trigger on this workflow: a role's `workflows` patterns may exclude it,
  // which the workflow list's can_trigger says (a workflow no longer loaded: the permission alone).
  const workflows = useResource(
    () => (can('trigger') ? get<{ workflows: WorkflowSummary[] }>('/api/workflows') : Promise.resolve({ workflows: [] })),
    [],
  );
  const workflow = workflows.data?.workflows.find((w) => w.name === run.workflow);
  const mayCancel = can('cancel') && !isTerminal(run.state);
  const mayRerun = can('trigger') && (workflows.data !== undefined || workflows.error !== null) && (workflow ? workflow.can_trigger : true);
  if (!mayCancel && !mayRerun && !error && !notice) return null;

  const cancel = async () => {
    setBusy('cancel');
    setError(null);
    try {
      await post(`/api/runs/${seg(run.id)}/cancel`);
      setNotice('Cancel requested: the run stops its step and ends cancelled shortly.');
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
    } finally {
      setBusy('');
      setConfirming(false);
      opener.current?.focus();
    }
  };

  const rerun = async () => {
    setBusy('rerun');
    setError(null);
    try {
      const created = await post<{ id: number }>(`/api/runs/${seg(run.id)}/rerun`);
      navigate(`/runs/${created.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
      setBusy('');
    }
  };

  return (
    <div class="run-actions">
      <div class="actions">
        {mayRerun && (
          <button type="button" onClick={() => void rerun()} disabled={busy !== ''} title="A new run of the same workflow version with the same params">
            {busy === 'rerun' ? 'Starting…' : 'Start again'}
          </button>
        )}
        {mayCancel && (
          <button type="button" class="danger" ref={opener} onClick={() => setConfirming(true)} disabled={busy !== ''}>
            Cancel run…
          </button>
        )}
      </div>
      {notice && (
        <p class="alert alert-info" role="status">
          {notice}
        </p>
      )}
      <ErrorBox error={error} title="Refused" />
      <dialog ref={dialog} class="confirm" aria-labelledby="cancel-title" aria-describedby="cancel-text" onClose={() => setConfirming(false)}>
        <h2 id="cancel-title">Cancel run #{run.id}?</h2>
        <p id="cancel-text">
          The step under way is interrupted, what it opened on Livy is deleted, and the run ends <strong>cancelled</strong>. This cannot be undone; you can
          start it again afterwards.
        </p>
        <div class="actions">
          <button type="button" class="danger primary" onClick={() => void cancel()} disabled={busy !== ''}>
            {busy === 'cancel' ? 'Cancelling…' : 'Cancel the run'}
          </button>
          <button type="button" ref={keep} onClick={() => setConfirming(false)} disabled={busy !== ''}>
            Keep it running
          </button>
        </div>
      </dialog>
    </div>
  );
}
