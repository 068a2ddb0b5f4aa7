import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../../../server/errors.ts';
import { ErrorMessage, ErrorSummary } from '../respond/frame.tsx';

// Form controls for the account and workspace forms, in the same GOV.UK pattern as the respondent
// pages: label, hint and error tied to the control, an error summary linking to each field.

/** The error summary for a form, in the order the fields appear on the page. */
export function FormErrors({ errors, order }: { errors: FieldErrors; order: string[] }) {
  const keys = [...order.filter((key) => errors[key]), ...Object.keys(errors).filter((key) => !order.includes(key))];
  return <ErrorSummary language="en" errors={keys.map((key) => ({ fieldId: key, message: errors[key]! }))} />;
}

export interface TextFieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  /** An id other than the name, when a page has the same field name in several forms. */
  id?: string;
}

/** A labelled text input with its hint and error message. */
export function TextField({ name, label, value, error, hint, type = 'text', autocomplete, id = name }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <label class="label" for={id}>
        {label}
      </label>
      {hint ? (
        <div class="hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={`${id}-error`} message={error} language="en" />
      <input
        class={error ? 'input input--error' : 'input'}
        id={id}
        name={name}
        type={type}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        spellcheck={type === 'text' ? undefined : false}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

/** A labelled select with its error message. */
export function SelectField({
  name,
  label,
  options,
  value,
  error,
  id = name,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  error?: string;
  id?: string;
}) {
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <label class="label" for={id}>
        {label}
      </label>
      <ErrorMessage id={`${id}-error`} message={error} language="en" />
      <select class="input select" id={id} name={name} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A page title that starts with "Error: " when the form on it has problems, so screen readers hear it first. */
export function titleWithErrors(title: string, errors: FieldErrors | undefined): string {
  return errors && Object.keys(errors).length > 0 ? `Error: ${title}` : title;
}

/** The roles as people read them, with what each may do. */
export const ROLE_CHOICES: { value: 'researcher' | 'press' | 'admin'; label: string }[] = [
  { value: 'researcher', label: 'Researcher: builds and runs surveys, sees responses' },
  { value: 'press', label: 'Press: sees results and charts, never individual responses' },
  { value: 'admin', label: 'Admin: everything, and manages users' },
];

/** A short note under a heading. */
export function Notice({ children }: { children?: Child }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}
