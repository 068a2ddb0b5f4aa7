import type { CopySource } from '../../../../server/builder/draft-store.ts';
import type { SurveyTemplate } from '../../../../server/builder/templates.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { TextInput } from './controls.tsx';

export interface NewSurveyValues {
  title: string;
  slug: string;
  start: string;
  template: string;
  source: string;
}

export interface NewSurveyPageProps {
  viewer: Viewer;
  templates: Pick<SurveyTemplate, 'id' | 'name' | 'summary'>[];
  sources: CopySource[];
  values: NewSurveyValues;
  errors: Record<string, string>;
  scripts?: string[];
}

const FIELD_IDS: Record<string, string> = { title: 'title', slug: 'slug', start: 'start-blank', template: 'template-0', source: 'source' };

/** Starts a survey: blank, from a template, or as a copy of another survey's version or draft. */
export function NewSurveyPage({ viewer, templates, sources, values, errors, scripts }: NewSurveyPageProps) {
  const errorList = Object.entries(errors);
  const radio = (value: string, label: string, hint?: string) => (
    <div class="choice">
      <input class="choice__input" type="radio" id={`start-${value}`} name="start" value={value} checked={values.start === value} aria-describedby={hint ? `start-${value}-hint` : undefined} />
      <label class="choice__label" for={`start-${value}`}>
        {label}
      </label>
      {hint ? (
        <p class="hint choice__hint" id={`start-${value}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
  return (
    <StudioLayout title={`${errorList.length > 0 ? 'Error: ' : ''}New survey`} viewer={viewer} section="surveys" scripts={scripts}>
      <a class="back-link" href="/studio">
        Back to surveys
      </a>
      {errorList.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="new-survey-errors" tabindex={-1} autofocus>
          <h2 class="error-summary__title" id="new-survey-errors">
            There is a problem
          </h2>
          <ul class="error-summary__list">
            {errorList.map(([field, message]) => (
              <li>
                <a href={`#${FIELD_IDS[field] ?? field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h1 class="heading-l">New survey</h1>
      <form method="post" action="/studio/surveys/new" class="builder-form" novalidate>
        <CsrfField viewer={viewer} />
        <TextInput id="title" name="title" label="Title" hint="What respondents see at the top of every page. You can change it later." value={values.title} error={errors.title} />
        <TextInput
          id="slug"
          name="slug"
          label="Web address name (optional)"
          hint="Part of the survey's address, like /s/public-attitudes-2025. Leave it empty to make one from the title. It cannot change later."
          value={values.slug}
          error={errors.slug}
          spellcheck={false}
        />
        <div class={`form-group${errors.start || errors.template || errors.source ? ' form-group--error' : ''}`}>
          <fieldset class="fieldset radios">
            <legend class="fieldset__legend">How do you want to start?</legend>
            {errors.start ? <p class="error-message">{errors.start}</p> : null}
            {radio('blank', 'With a blank questionnaire')}
            {radio('template', 'From a template')}
            <fieldset class="fieldset builder-indent" aria-describedby={errors.template ? 'template-error' : undefined}>
              <legend class="label">Template</legend>
              {errors.template ? (
                <p class="error-message" id="template-error">
                  <span class="visually-hidden">Error: </span>
                  {errors.template}
                </p>
              ) : null}
              {templates.map((template, i) => (
                <div class="choice choice--small">
                  <input class="choice__input" type="radio" id={`template-${i}`} name="template" value={template.id} checked={values.template === template.id} aria-describedby={`template-${i}-hint`} />
                  <label class="choice__label" for={`template-${i}`}>
                    {template.name}
                  </label>
                  <p class="hint choice__hint" id={`template-${i}-hint`}>
                    {template.summary}
                  </p>
                </div>
              ))}
            </fieldset>
            {radio('copy', 'As a copy of another survey', 'Copies every page, question, code and translation under the new address; the original is not changed.')}
            <div class="builder-indent builder-field">
              <label class="label" for="source">
                Survey to copy
              </label>
              {errors.source ? (
                <p class="error-message" id="source-error">
                  <span class="visually-hidden">Error: </span>
                  {errors.source}
                </p>
              ) : null}
              <select class="input select" id="source" name="source" aria-describedby={errors.source ? 'source-error' : undefined}>
                <option value="">Choose a survey</option>
                {sources.map((source) => (
                  <option value={source.value} selected={values.source === source.value}>
                    {source.label}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
        </div>
        <button type="submit" class="button">
          Create the draft
        </button>
      </form>
    </StudioLayout>
  );
}
