import type { Child } from 'hono/jsx';

// The form controls of the press studio's pages: one frame (label, hint, error message, and the
// aria-describedby that ties them to the control) so every field reads the same to a screen reader.

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** The ids a control's aria-describedby names: its hint and its error, when shown. */
const describedBy = ({ id, hint, error }: FieldProps) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** Label, hint and error message around one control. */
function FieldFrame({ id, label, hint, error, children }: FieldProps & { children: Child }) {
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A select with an empty first choice, its options either flat or in labelled groups (empty groups left out). */
export function Select(props: FieldProps & { value: string; empty: string; options?: SelectOption[]; groups?: { label: string; options: SelectOption[] }[] }) {
  const { id, value, empty, options = [], groups = [] } = props;
  const optionList = (list: SelectOption[]) =>
    list.map((option) => (
      <option value={option.value} selected={option.value === value}>
        {option.label}
      </option>
    ));
  return (
    <FieldFrame {...props}>
      <select class="input select" id={id} name={id} aria-describedby={describedBy(props)}>
        <option value="" selected={value === ''}>
          {empty}
        </option>
        {optionList(options)}
        {groups.map((group) => (group.options.length === 0 ? null : <optgroup label={group.label}>{optionList(group.options)}</optgroup>))}
      </select>
    </FieldFrame>
  );
}

/** A one-line text input, or a textarea when `rows` is given. */
export function TextField(props: FieldProps & { value: string; rows?: number | undefined }) {
  const { id, value, rows } = props;
  return (
    <FieldFrame {...props}>
      {rows ? (
        <textarea class="textarea" id={id} name={id} rows={rows} aria-describedby={describedBy(props)}>
          {value}
        </textarea>
      ) : (
        <input class="input" id={id} name={id} type="text" value={value} aria-describedby={describedBy(props)} />
      )}
    </FieldFrame>
  );
}
