import type { Child } from 'hono/jsx';
import type { PlacedProblem } from '../../../../server/builder/service.ts';

// Small form controls shared by the builder's pages. Every input has its own <label>; a label in
// two languages is two inputs side by side, English first.

/** One or two inputs for a label: English, and Welsh beside it when the survey offers Welsh. */
export function LabelInputs(props: {
  idBase: string;
  name: string;
  label: string;
  values: { en: string; cy?: string };
  welsh: boolean;
  multiline?: boolean;
  hint?: string;
  error?: string;
}) {
  const { idBase, name, label, values, welsh, multiline, hint, error } = props;
  const hintId = hint ? `${idBase}-hint` : undefined;
  const errorId = error ? `${idBase}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const input = (language: 'en' | 'cy') => {
    const id = `${idBase}-${language}`;
    const value = values[language] ?? '';
    const text = welsh ? `${label} (${language === 'en' ? 'English' : 'Welsh'})` : label;
    return (
      <div class="builder-field">
        <label class="label" for={id}>
          {text}
        </label>
        {multiline ? (
          <textarea class="textarea" id={id} name={`${name}.${language}`} rows={3} lang={language} aria-describedby={describedBy}>
            {value}
          </textarea>
        ) : (
          <input class="input" id={id} name={`${name}.${language}`} type="text" value={value} lang={language} aria-describedby={describedBy} />
        )}
      </div>
    );
  };
  return (
    <div class={`builder-label${error ? ' form-group--error' : ''}`}>
      {hint ? (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={errorId}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <div class={welsh ? 'builder-pair' : undefined}>
        {input('en')}
        {welsh ? input('cy') : null}
      </div>
    </div>
  );
}

/** A single-line text input with its label, hint and inline error. */
export function TextInput(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  hint?: string;
  error?: string;
  type?: 'text' | 'date' | 'email';
  inputmode?: 'numeric' | 'decimal';
  width?: 'short';
  spellcheck?: boolean;
}) {
  const { id, name, label, value, hint, error } = props;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`builder-field${error ? ' form-group--error' : ''}`}>
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
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input
        class={`input${props.width === 'short' ? ' input--short' : ''}${error ? ' input--error' : ''}`}
        id={id}
        name={name}
        type={props.type ?? 'text'}
        value={value}
        inputmode={props.inputmode}
        spellcheck={props.spellcheck}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** A checkbox with its label. */
export function Checkbox({ id, name, label, checked, value = 'yes' }: { id: string; name: string; label: Child; checked: boolean; value?: string }) {
  return (
    <div class="checkboxes">
      <div class="choice choice--small">
        <input class="choice__input" id={id} name={name} type="checkbox" value={value} checked={checked} />
        <label class="choice__label" for={id}>
          {label}
        </label>
      </div>
    </div>
  );
}

/** The definition problems that concern one builder item, shown beside it. */
export function ItemProblems({ problems }: { problems: PlacedProblem[] | undefined }) {
  if (!problems || problems.length === 0) return null;
  return (
    <ul class="builder-problems">
      {problems.map((problem) => (
        <li>
          <span class="visually-hidden">Problem: </span>
          {problem.field}: {problem.message}
        </li>
      ))}
    </ul>
  );
}

/** A submit button that posts its whole form to another operation. */
export function ActionButton({ action, label, name, value, secondary = true, warning }: { action: string; label: Child; name?: string; value?: string; secondary?: boolean; warning?: boolean }) {
  return (
    <button type="submit" class={`button${secondary ? ' button--secondary' : ''}${warning ? ' button--warning' : ''} button--small`} formaction={action} name={name} value={value}>
      {label}
    </button>
  );
}

/** The first submit button of a form decides what Enter does; this invisible one makes Enter save
 * rather than trigger the first move or delete button further down. */
export function DefaultSubmit({ label }: { label: string }) {
  return (
    <button type="submit" class="visually-hidden" tabindex={-1} aria-hidden="true">
      {label}
    </button>
  );
}
