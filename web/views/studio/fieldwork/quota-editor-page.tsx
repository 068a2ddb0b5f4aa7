import type { FieldErrors } from '../../../../server/errors.ts';
import type { QuotaFormFields } from '../../../../server/fieldwork/service.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

// The quota editor: one row per group of answers, each with a name, the answers it counts and a
// target. Rows start one per answer; ticking several answers in one row and leaving the others
// empty groups them (e.g. "Wales and Scotland"), without any script.

export interface QuotaEditorPageProps {
  viewer: Viewer;
  survey: { slug: string; title: string };
  question: { value: string; label: string; options: { code: string; label: string }[] };
  form: QuotaFormFields;
  /** Complete, non-demo responses so far in each row as it stands on the form. */
  achieved: number[];
  targetSample: number | null;
  errors: FieldErrors;
  action: string;
  editing: boolean;
}

/** The page to add or change one quota. */
export function QuotaEditorPage(props: QuotaEditorPageProps) {
  const { viewer, survey, question, form, errors, targetSample } = props;
  const fieldwork = `/studio/surveys/${survey.slug}/fieldwork`;
  const summary: { fieldId: string; message: string }[] = [];
  if (errors.label) summary.push({ fieldId: 'label', message: errors.label });
  if (errors.mode) summary.push({ fieldId: 'mode-count', message: errors.mode });
  if (errors.cells) summary.push({ fieldId: 'cell_0_label', message: errors.cells });
  form.cells.forEach((_, i) => {
    for (const part of ['label', 'codes', 'target'] as const) {
      const message = errors[`cell_${i}_${part}`];
      if (message) summary.push({ fieldId: part === 'codes' ? `cell_${i}_codes_0` : `cell_${i}_${part}`, message });
    }
  });
  const heading = props.editing ? `Change quota: ${form.label}` : 'Add a quota';
  const percent = form.mode === 'percent';
  return (
    <StudioLayout title={`${summary.length > 0 ? 'Error: ' : ''}${heading} – ${survey.title}`} viewer={viewer} section="surveys">
      <p class="caption">Survey · {survey.slug}</p>
      <SurveyNav slug={survey.slug} current="fieldwork" role={viewer.role} />
      <a class="back-link" href={`${fieldwork}#quotas`}>
        Back to fieldwork
      </a>
      <ErrorSummary errors={summary} language="en" />
      <h1 class="heading-l">{heading}</h1>
      <dl class="summary-list">
        <div class="summary-list__row">
          <dt class="summary-list__key">Question</dt>
          <dd class="summary-list__value">{question.label}</dd>
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Target sample</dt>
          <dd class="summary-list__value">
            {targetSample === null ? (
              <>
                Not set. <a href={fieldwork}>Set a target sample</a> to enter percentages.
              </>
            ) : (
              targetSample.toLocaleString('en-GB')
            )}
          </dd>
        </div>
      </dl>
      <form method="post" action={props.action} novalidate>
        <CsrfField viewer={viewer} />
        <input type="hidden" name="question" value={question.value} />
        <div class={`form-group${errors.label ? ' form-group--error' : ''}`}>
          <label class="label" for="label">
            Quota name
          </label>
          <ErrorMessage id="label-error" message={errors.label} language="en" />
          <input
            class={`input${errors.label ? ' input--error' : ''}`}
            id="label"
            name="label"
            type="text"
            value={form.label}
            aria-describedby={errors.label ? 'label-error' : undefined}
          />
        </div>
        <div class={`form-group${errors.mode ? ' form-group--error' : ''}`}>
          <fieldset class="fieldset" aria-describedby={`mode-hint${errors.mode ? ' mode-error' : ''}`}>
            <legend class="fieldset__legend fieldwork-legend">Enter targets as</legend>
            <p class="hint" id="mode-hint">
              Percentages are of the target sample and are saved as numbers of responses, rounded to the nearest whole response: 50% of 2,000 is
              saved as 1,000.
            </p>
            <ErrorMessage id="mode-error" message={errors.mode} language="en" />
            <div class="radios fieldwork-inline">
              <div class="choice">
                <input class="choice__input" id="mode-count" name="mode" type="radio" value="count" checked={!percent} />
                <label class="choice__label" for="mode-count">
                  Numbers of complete responses
                </label>
              </div>
              <div class="choice">
                <input class="choice__input" id="mode-percent" name="mode" type="radio" value="percent" checked={percent} />
                <label class="choice__label" for="mode-percent">
                  Percentages of the target sample
                </label>
              </div>
            </div>
          </fieldset>
        </div>
        <h2 class="heading-m">Groups</h2>
        <p class="hint">
          Give each group a name, tick the answers it counts and set its target. To group answers, tick them in one row and leave the other rows
          empty. Empty rows are ignored; an answer can be in one group only.
        </p>
        {errors.cells ? <ErrorMessage id="cells-error" message={errors.cells} language="en" /> : null}
        {form.cells.map((cell, i) => {
          const labelError = errors[`cell_${i}_label`];
          const codesError = errors[`cell_${i}_codes`];
          const targetError = errors[`cell_${i}_target`];
          const bad = labelError || codesError || targetError;
          return (
            <fieldset class={`fieldset fieldwork-cell${bad ? ' fieldwork-cell--error' : ''}`}>
              <legend class="fieldset__legend fieldwork-legend">Group {i + 1}</legend>
              <div class="fieldwork-cell__grid">
                <div class={`form-group${labelError ? ' form-group--error' : ''}`}>
                  <label class="label" for={`cell_${i}_label`}>
                    Name
                  </label>
                  <ErrorMessage id={`cell_${i}_label-error`} message={labelError} language="en" />
                  <input
                    class={`input${labelError ? ' input--error' : ''}`}
                    id={`cell_${i}_label`}
                    name={`cell_${i}_label`}
                    type="text"
                    value={cell.label}
                    aria-describedby={labelError ? `cell_${i}_label-error` : undefined}
                  />
                </div>
                <div class={`form-group${codesError ? ' form-group--error' : ''}`}>
                  <fieldset class="fieldset" aria-describedby={codesError ? `cell_${i}_codes-error` : undefined}>
                    <legend class="label">Answers counted</legend>
                    <ErrorMessage id={`cell_${i}_codes-error`} message={codesError} language="en" />
                    <div class="checkboxes fieldwork-codes">
                      {question.options.map((option, j) => (
                        <div class="choice choice--small">
                          <input
                            class="choice__input"
                            id={`cell_${i}_codes_${j}`}
                            name={`cell_${i}_codes`}
                            type="checkbox"
                            value={option.code}
                            checked={cell.codes.includes(option.code)}
                          />
                          <label class="choice__label" for={`cell_${i}_codes_${j}`}>
                            {option.label}
                          </label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                </div>
                <div class={`form-group${targetError ? ' form-group--error' : ''}`}>
                  <label class="label" for={`cell_${i}_target`}>
                    Target
                  </label>
                  <ErrorMessage id={`cell_${i}_target-error`} message={targetError} language="en" />
                  <input
                    class={`input input--width-5${targetError ? ' input--error' : ''}`}
                    id={`cell_${i}_target`}
                    name={`cell_${i}_target`}
                    type="text"
                    inputmode="decimal"
                    value={cell.target}
                    aria-describedby={`cell_${i}_fill${targetError ? ` cell_${i}_target-error` : ''}`}
                  />
                  <p class="hint fieldwork-fill" id={`cell_${i}_fill`}>
                    {(props.achieved[i] ?? 0).toLocaleString('en-GB')} complete so far
                  </p>
                </div>
              </div>
            </fieldset>
          );
        })}
        <button type="submit" class="button">
          Save quota
        </button>
      </form>
    </StudioLayout>
  );
}
