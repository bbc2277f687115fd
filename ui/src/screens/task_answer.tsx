// The answer form of a task page: the task's form fields (FieldInputs, checked in the browser
// first) and one button per outcome. Submitting POSTs /api/tasks/{id}/complete; the API's refusals
// are shown as it words them, on the field they name when they name one.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, post, seg } from '../api';
import { collectValues, errorsFromDetails, FieldInputs, initialValues } from '../components/field_form';
import type { FieldErrors, FieldValues } from '../components/field_form';
import { ErrorBox } from '../components/status';
import type { FormField, Task } from '../types';
import { looksNegative } from './task_people';

/** Field errors from a `form_invalid` message that names a field ("missing required form field 'risk'"). */
export function errorsFromMessage(message: string, fields: FormField[]): FieldErrors {
  const errors: FieldErrors = {};
  const named = /form field '([^']+)'/.exec(message);
  if (named && fields.some((f) => f.name === named[1])) errors[named[1]] = message;
  return errors;
}


interface AnswerFormProps {
  task: Task;
  /** Called with the completed task the API answered. */
  onAnswered(task: Task): void;
  /** Called when the API says the task is closed already (someone else answered). */
  onStale(): void;
}

/** The form and the outcome buttons of an answerable task. */
export function AnswerForm({ task, onAnswered, onStale }: AnswerFormProps) {
  const fields = task.form?.fields ?? [];
  const outcomes = task.outcomes.length > 0 ? task.outcomes : ['done'];
  const [values, setValues] = useState<FieldValues>(() => initialValues(fields));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // A different task (navigation between tasks reuses the screen): start from its defaults.
  useEffect(() => {
    setValues(initialValues(fields));
    setErrors({});
    setError(null);
  }, [task.id]);

  // The first field at fault gets the focus once the inputs are enabled again.
  const [focusField, setFocusField] = useState<string | null>(null);
  useEffect(() => {
    if (focusField === null || busy !== null) return;
    formRef.current?.querySelector<HTMLElement>(`#task-${CSS.escape(focusField)}`)?.focus();
    setFocusField(null);
  }, [focusField, busy]);
  const focusFirstInvalid = (bad: FieldErrors) => {
    const first = fields.find((f) => bad[f.name]);
    if (first) setFocusField(first.name);
  };

  const answer = async (outcome: string) => {
    setError(null);
    const checked = collectValues(fields, values);
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) {
      focusFirstInvalid(checked.errors);
      return;
    }
    setBusy(outcome);
    try {
      const done = await post<Task>(`/api/tasks/${seg(task.id)}/complete`, { outcome, values: checked.values });
      onAnswered(done);
    } catch (e) {
      const refused = e instanceof ApiError ? e : new ApiError(0, 'client', String(e));
      const onFields = { ...errorsFromDetails(refused.details, fields), ...errorsFromMessage(refused.message, fields) };
      setErrors(onFields);
      setError(refused);
      focusFirstInvalid(onFields);
      if (refused.code === 'task_closed') onStale();
    } finally {
      setBusy(null);
    }
  };

  const invalid = Object.values(errors).filter(Boolean).length;
  return (
    <form
      ref={formRef}
      class="task-form"
      aria-labelledby="answer-heading"
      noValidate
      onSubmit={(e) => e.preventDefault() /* only the outcome buttons answer; Enter in a field does not */}
    >
      <ErrorBox error={error} title="Your answer was refused" />
      {invalid > 0 && !error && (
        <p class="alert alert-error" role="alert">
          {invalid === 1 ? 'One field needs' : `${invalid} fields need`} your attention before you answer.
        </p>
      )}
      {fields.length > 0 ? (
        <FieldInputs
          fields={fields}
          values={values}
          errors={errors}
          idPrefix="task"
          disabled={busy !== null}
          onChange={(name, value) => {
            setValues((v) => ({ ...v, [name]: value }));
            if (errors[name]) setErrors((e) => ({ ...e, [name]: '' }));
          }}
        />
      ) : (
        <p class="muted">This task has no form: choose an outcome.</p>
      )}
      <div class="outcomes" role="group" aria-label="Outcome">
        {outcomes.map((outcome, i) => (
          <button
            type="button"
            class={i === 0 && !looksNegative(outcome) ? 'primary' : looksNegative(outcome) ? 'danger' : undefined}
            disabled={busy !== null}
            onClick={() => answer(outcome)}
          >
            {busy === outcome ? `${outcome}…` : outcome}
          </button>
        ))}
      </div>
    </form>
  );
}
