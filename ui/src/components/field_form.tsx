// Forms generated from a field list: a user task's `form` ({fields: [...]}) and a workflow's
// `params` share one shape (types string, text, number, integer, boolean, duration, enum; required;
// values; default; pattern; label or description). Checked in the browser for quick feedback; the
// API checks again, and its per-field messages (`details`) are shown on the same fields.
import type { FormField } from '../types';

/** What the inputs hold: text for every field but booleans. */
export type FieldValues = Record<string, string | boolean>;
/** Messages per field name; "" or absent = fine. */
export type FieldErrors = Record<string, string>;

const isChoice = (f: FormField) => f.type === 'enum' || (f.values !== undefined && f.values.length > 0);

/** The inputs' starting values: each field's default, else empty (false for booleans). */
export function initialValues(fields: FormField[]): FieldValues {
  const values: FieldValues = {};
  for (const f of fields) {
    if (f.type === 'boolean') values[f.name] = f.default === true;
    else values[f.name] = f.default === undefined || f.default === null ? '' : String(f.default);
  }
  return values;
}

/**
 * Turns the inputs into the JSON the API takes, checking types and required fields. Returns the
 * values (empty optional fields left out) and a message per field at fault.
 */
export function collectValues(fields: FormField[], input: FieldValues): { values: Record<string, unknown>; errors: FieldErrors } {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    const raw = input[f.name];
    if (f.type === 'boolean') {
      values[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (f.required) errors[f.name] = 'Required.';
      continue;
    }
    if (f.type === 'number' || f.type === 'integer') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.name] = 'Enter a number.';
      else if (f.type === 'integer' && !Number.isInteger(n)) errors[f.name] = 'Enter a whole number.';
      else values[f.name] = n;
      continue;
    }
    if (isChoice(f) && f.values && !f.values.includes(text)) {
      errors[f.name] = `Choose one of: ${f.values.join(', ')}.`;
      continue;
    }
    if (f.pattern) {
      try {
        if (!new RegExp(`^(?:${f.pattern})$`).test(text)) {
          errors[f.name] = `Must match the pattern ${f.pattern}.`;
          continue;
        }
      } catch {
        // The server checks patterns the browser cannot compile.
      }
    }
    values[f.name] = text;
  }
  return { values, errors };
}

interface FieldInputsProps {
  fields: FormField[];
  values: FieldValues;
  errors: FieldErrors;
  onChange(name: string, value: string | boolean): void;
  /** Prefix for element ids (two forms on one page must not share ids). */
  idPrefix: string;
  disabled?: boolean;
}

/** One labelled input per field, with its hint and its error message tied to it for screen readers. */
export function FieldInputs({ fields, values, errors, onChange, idPrefix, disabled }: FieldInputsProps) {
  return (
    <>
      {fields.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const error = errors[f.name];
        const hint = f.type !== 'text' && f.description && f.description !== f.label ? f.description : '';
        const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const label = f.label || f.name;
        const common = {
          id,
          name: f.name,
          disabled,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': described,
          'aria-required': f.required ? true : undefined,
        };
        let input;
        if (f.type === 'boolean') {
          input = (
            <input
              type="checkbox"
              {...common}
              checked={values[f.name] === true}
              onChange={(e) => onChange(f.name, (e.target as HTMLInputElement).checked)}
            />
          );
        } else if (isChoice(f)) {
          input = (
            <select {...common} value={String(values[f.name] ?? '')} onChange={(e) => onChange(f.name, (e.target as HTMLSelectElement).value)}>
              <option value="">{f.required ? 'Choose…' : '(none)'}</option>
              {f.values!.map((v) => (
                <option value={v}>{v}</option>
              ))}
            </select>
          );
        } else if (f.type === 'text') {
          input = (
            <textarea {...common} rows={3} value={String(values[f.name] ?? '')} onInput={(e) => onChange(f.name, (e.target as HTMLTextAreaElement).value)} />
          );
        } else {
          const numeric = f.type === 'number' || f.type === 'integer';
          input = (
            <input
              type="text"
              inputMode={numeric ? (f.type === 'integer' ? 'numeric' : 'decimal') : undefined}
              placeholder={f.type === 'duration' ? 'e.g. 24h, 30m' : undefined}
              autoComplete="off"
              {...common}
              value={String(values[f.name] ?? '')}
              onInput={(e) => onChange(f.name, (e.target as HTMLInputElement).value)}
            />
          );
        }
        return (
          <div class={`field${f.type === 'boolean' ? ' field-check' : ''}${error ? ' field-invalid' : ''}`} key={f.name}>
            <label for={id}>
              {label}
              {f.required ? <span class="required" aria-hidden="true"> *</span> : null}
              <span class="field-type"> {f.type === 'enum' ? 'choice' : f.type}</span>
            </label>
            {input}
            {hint && (
              <p class="hint" id={`${id}-hint`}>
                {hint}
              </p>
            )}
            {error && (
              <p class="field-error" id={`${id}-error`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
    </>
  );
}

/** Maps the API's `details` ([{field, message}]) to field errors; `field` may be "params.x" or "x". */
export function errorsFromDetails(details: { field: string; message: string }[], fields: FormField[]): FieldErrors {
  const names = new Set(fields.map((f) => f.name));
  const errors: FieldErrors = {};
  for (const d of details) {
    const name = d.field.replace(/^(params|values)\./, '');
    if (names.has(name)) errors[name] = d.message;
  }
  return errors;
}
