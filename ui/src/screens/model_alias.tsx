// Moving an alias (champion, challenger, ...) to a version: one action behind permission `promote`,
// confirmed in a modal dialog (<dialog> with showModal: focus stays inside, Escape cancels), sent as
// PUT /api/models/{model}/aliases/{alias} {version, expected: the current holder} so two people
// promoting at once cannot overwrite each other (409 → "someone moved it first", then a reload).
// The server audits the move; any refusal is shown with the API's own message.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, put, seg } from '../api';
import { ErrorBox } from '../components/status';
import type { ModelDetail } from './models_data';

/** What the dialog starts with; null = closed. */
export interface MoveRequest {
  alias: string;
  version: string;
}

interface MoveAliasDialogProps {
  model: ModelDetail;
  request: MoveRequest | null;
  onClose(): void;
  /** After a move (or a conflict): reload the page's data; `message` goes to the status line. */
  onMoved(message: string): void;
}

const short = (v: string | null | undefined) => (v ? v.split(':').pop()! : null);

/** The confirm dialog of an alias move. */
export function MoveAliasDialog({ model, request, onClose, onMoved }: MoveAliasDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [alias, setAlias] = useState('champion');
  const [version, setVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (request) {
      setAlias(request.alias);
      setVersion(request.version);
      setError(null);
      if (!d.open) d.showModal();
    } else if (d.open) d.close();
  }, [request]);

  const aliasNames = Array.from(new Set(['champion', 'challenger', ...model.aliases.map((a) => a.alias)]));
  const holder = model.aliases.find((a) => a.alias === alias)?.version ?? null;
  const target = model.versions.find((v) => v.version === version || v.number === version);
  const same = target !== undefined && short(holder) === target.number;

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (!target || same) return;
    setBusy(true);
    setError(null);
    try {
      await put(`/api/models/${seg(model.model)}/aliases/${seg(alias)}`, { version: target.version, expected: holder });
      onClose();
      onMoved(`${alias} now points at ${target.number}${holder ? ` (was ${short(holder)})` : ''}.`);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'client', String(e));
      if (err.status === 409) {
        onClose();
        onMoved(`Someone moved ${alias} first: ${err.message} The page shows the current aliases; try again if you still want to move it.`);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="modal" aria-labelledby="move-alias-title" aria-describedby="move-alias-what" onClose={onClose}>
      <form method="dialog" onSubmit={confirm}>
        <h2 id="move-alias-title">Move an alias</h2>
        <div class="field">
          <label for="move-alias">Alias</label>
          <select id="move-alias" value={alias} onChange={(e) => setAlias((e.target as HTMLSelectElement).value)} disabled={busy}>
            {aliasNames.map((a) => (
              <option value={a}>{a}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="move-version">Version</label>
          <select id="move-version" value={target?.version ?? ''} onChange={(e) => setVersion((e.target as HTMLSelectElement).value)} disabled={busy}>
            {!target && <option value="">Choose…</option>}
            {model.versions.map((v) => (
              <option value={v.version}>
                {v.number}
                {v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}
              </option>
            ))}
          </select>
        </div>
        <p id="move-alias-what" class="confirm-what">
          {target
            ? same
              ? `${alias} already points at ${target.number}.`
              : `Point ${alias} of ${model.model} at ${target.number}${holder ? `, away from ${short(holder)}` : ' (a new alias)'}? The move is recorded with your name.`
            : 'Choose a version.'}
        </p>
        <ErrorBox error={error} title="Not moved" />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || !target || same}>
            {busy ? 'Moving…' : `Move ${alias}`}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
