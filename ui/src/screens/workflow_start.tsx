// "Start a run": a form generated from a workflow's params (FieldInputs: types, enum choices as a
// select, defaults prefilled, required marked), checked in the browser, then
// POST /api/workflows/{name}/runs {params}. The API checks again: its 400 invalid_params `details`
// land on their fields and are summarised above the form (focus moves there); a 403 is shown as
// the API says it. On success the browser goes to the new run's page.
import { useRef, useState } from 'preact/hooks';
import { ApiError, post, seg } from '../api';
import { collectValues, errorsFromDetails, FieldInputs, initialValues } from '../components/field_form';
import type { FieldErrors, FieldValues } from '../components/field_form';
import { navigate } from '../router';
import type { FormField } from '../types';

interface StartRunProps {
  workflow: string;
  params: FormField[];
}

/**
 * The params to send: what collectValues made of the inputs, without the booleans the user left
 * untouched at "no value" (false with no default), so the workflow's own defaults apply.
 */
function paramsToSend(fields: FormField[], values: Record<string, unknown>, touched: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f.name in values)) continue;
    if (f.type === 'boolean' && !touched.has(f.name) && f.default === undefined && values[f.name] === false) continue;
    out[f.name] = values[f.name];
  }
  return out;
}

/** The form for `workflow`, one input per declared param in `params`. */
export function StartRun({ workflow, params }: StartRunProps) {
  const [values, setValues] = useState<FieldValues>(() => initialValues(params));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; status?: number; code?: string; other: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const touched = useRef(new Set<string>());
  const summary = useRef<HTMLDivElement>(null);

  const focusSummary = () => setTimeout(() => summary.current?.focus(), 0);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const checked = collectValues(params, values);
    if (Object.keys(checked.errors).length > 0) {
      setErrors(checked.errors);
      setFailure({ message: 'Some params need a fix before the run can start.', other: [] });
      focusSummary();
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const started = await post<{ id: number }>(`/api/workflows/${seg(workflow)}/runs`, {
        params: paramsToSend(params, checked.values, touched.current),
      });
      navigate(`/runs/${started.id}`);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'client', String(e));
      const onFields = errorsFromDetails(error.details, params);
      const other = error.details.filter((d) => !(d.field.replace(/^(params|values)\./, '') in onFields)).map((d) => d.message);
      setErrors(onFields);
      setFailure({ message: error.message, status: error.status, code: error.code, other });
      setBusy(false);
      focusSummary();
    }
  };

  const problems = Object.entries(errors).filter(([, m]) => m);
  return (
    <form class="card wf-start-form" onSubmit={submit} noValidate aria-labelledby="start">
      {failure && (
        <div class="alert alert-error" role="alert" tabIndex={-1} ref={summary} data-testid="start-errors">
          <p class="wf-alert-line">
            <strong>The run was not started.</strong>{' '}
            {problems.length > 0 && failure.status === 400
              ? `The server refused ${problems.length === 1 ? 'a param' : `${problems.length} params`}:`
              : failure.message}
            {failure.status ? (
              <span class="muted">
                {' '}
                ({failure.status}
                {failure.code ? ` ${failure.code}` : ''})
              </span>
            ) : null}
          </p>
          {(problems.length > 0 || failure.other.length > 0) && (
            <ul>
              {problems.map(([name, message]) => (
                <li key={name}>
                  <a href={`#start-${name}`}>{name}</a>: {message}
                </li>
              ))}
              {failure.other.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {params.length === 0 ? (
        <p class="muted">This workflow takes no params.</p>
      ) : (
        <p class="hint">
          {params.some((p) => p.required) ? (
            <>
              Fields marked <span class="required">*</span> are required. The others
            </>
          ) : (
            'The fields'
          )}{' '}
          start with the workflow's defaults; a field left empty is not sent.
        </p>
      )}
      <FieldInputs
        fields={params}
        values={values}
        errors={errors}
        idPrefix="start"
        disabled={busy}
        onChange={(name, value) => {
          touched.current.add(name);
          setValues((v) => ({ ...v, [name]: value }));
          if (errors[name]) setErrors((e) => ({ ...e, [name]: '' }));
        }}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start the run'}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            touched.current.clear();
            setValues(initialValues(params));
            setErrors({});
            setFailure(null);
          }}
        >
          Reset to defaults
        </button>
      </div>
    </form>
  );
}
