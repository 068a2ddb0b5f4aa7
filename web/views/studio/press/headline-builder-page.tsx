import type { HeadlineFormChoices } from '../../../../server/headlines/service.ts';
import type { HeadlineDraft } from '../../../../server/headlines/sentence.ts';
import { formatPercent } from '../../../charts/format-figures.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { copyText, ErrorSummary, PhraseList, WarningList } from './headline-parts.tsx';
import { Select } from './form-fields.tsx';

// The headline builder: a GET form (survey, question, answer, weighting, subgroup, phrase) that works
// without JavaScript, one step at a time (each "Update" shows the choices the last one opened up), then
// the drafted sentence with its base and margin lines, the phrases the figure supports, warnings, and
// a save form whose sentence can be edited before saving.

/** What the form shows as chosen (raw strings, so nothing typed is lost on an error). */
export interface HeadlineSelection {
  survey: string;
  question: string;
  answer: string;
  weighting: string;
  subgroup: string;
  codes: string[];
  phrase: string;
}

export interface HeadlineBuilderPageProps {
  viewer: Viewer;
  choices: HeadlineFormChoices;
  selection: HeadlineSelection;
  draft: HeadlineDraft | null;
  /** The sentence in the save form: the draft's, or what the user wrote before a failed save. */
  sentence: string;
  error: { message: string | null; fields: Record<string, string> } | null;
}

function ChoiceForm({ choices, selection, draft }: Pick<HeadlineBuilderPageProps, 'choices' | 'selection' | 'draft'>) {
  const question = choices.questions.find((q) => q.value === selection.question);
  const subgroup = choices.subgroups.find((s) => s.id === selection.subgroup);
  const codes = new Set(selection.codes);
  return (
    <form method="get" action="/studio/press/headlines/new" id="headline-form">
      <Select
        id="survey"
        label="Survey"
        value={selection.survey}
        empty="Choose a survey"
        options={choices.surveys.map((s) => ({ value: s.slug, label: s.title }))}
      />
      {selection.survey && choices.questions.length > 0 ? (
        <Select id="question" label="Question" hint="A grid's statements are listed one by one." value={selection.question} empty="Choose a question" options={choices.questions} />
      ) : null}
      {question ? <Select id="answer" label="Answer" hint="A net counts several answers together, such as agree or strongly agree." value={selection.answer} empty="Choose an answer" options={question.answers} /> : null}
      {selection.survey ? (
        <>
          <Select
            id="weighting"
            label="Weighting"
            value={selection.weighting}
            empty="Unweighted"
            options={choices.weightings.map((name) => ({ value: name, label: name }))}
          />
          <Select
            id="subgroup"
            label="Subgroup (optional)"
            hint="Report the figure among respondents who gave one of the ticked answers to this question."
            value={selection.subgroup}
            empty="Everyone"
            options={choices.subgroups.map((s) => ({ value: s.id, label: s.label }))}
          />
          {subgroup ? (
            <fieldset class="fieldset form-group" id="codes">
              <legend class="fieldset__legend">Who is in the subgroup</legend>
              <div class="checkboxes">
                {subgroup.codes.map((code) => (
                  <div class="choice choice--small">
                    <input class="choice__input" id={`code-${code.code}`} name="codes" type="checkbox" value={code.code} checked={codes.has(code.code)} />
                    <label class="choice__label" for={`code-${code.code}`}>
                      {code.label}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          ) : null}
        </>
      ) : null}
      {draft && draft.phrases.length > 0 ? (
        <Select
          id="phrase"
          label="Lead with a phrase (optional)"
          hint="Phrases true of this figure, best first; see below which are supported at 95% confidence."
          value={selection.phrase}
          empty="No phrase: start with the percentage"
          options={draft.phrases.map((p) => ({ value: p.phrase, label: `${p.wording}${p.supported ? '' : ' (not supported)'}` }))}
        />
      ) : null}
      <button type="submit" class="button">
        {draft ? 'Update the draft' : 'Next'}
      </button>
    </form>
  );
}

function Draft({ draft, selection, sentence, viewer }: { draft: HeadlineDraft; selection: HeadlineSelection; sentence: string; viewer: Viewer }) {
  const figure = draft.figure;
  return (
    <section aria-labelledby="draft-heading">
      <h2 class="heading-m" id="draft-heading">
        Draft headline
      </h2>
      <p>
        <strong>{formatPercent(figure.percent)}</strong> {figure.answerLabel}
        {figure.percent !== null ? <span class="overview-note"> (unrounded {formatPercent(figure.percent, 1)})</span> : null}
      </p>
      <p class="overview-note">
        {figure.surveyTitle}: {figure.questionText}
        {figure.statementText ? ` – ${figure.statementText}` : ''}
      </p>
      <WarningList warnings={draft.warnings} />
      {draft.sentence !== null ? (
        <>
          <div class="form-group">
            <label class="label" for="draft-copy">
              Copy-ready text
            </label>
            <textarea class="textarea" id="draft-copy" rows={3} readonly>
              {copyText(draft.sentence, draft.baseLine, draft.marginOfError)}
            </textarea>
          </div>
          <h3 class="heading-s">Phrases for this figure</h3>
          <PhraseList phrases={draft.phrases} percent={figure.percent} />
          {draft.phrase && !draft.phrases.some((p) => p.phrase === draft.phrase!.phrase) ? (
            <p class="overview-note">{draft.phrase.reason}</p>
          ) : null}
          <form method="post" action="/studio/press/headlines/new" id="save-form">
            <CsrfField viewer={viewer} />
            {(['survey', 'question', 'answer', 'weighting', 'subgroup', 'phrase'] as const).map((name) => (
              <input type="hidden" name={name} value={selection[name]} />
            ))}
            {selection.codes.map((code) => (
              <input type="hidden" name="codes" value={code} />
            ))}
            <div class="form-group">
              <label class="label" for="sentence">
                Sentence
              </label>
              <p class="hint" id="sentence-hint">
                Edit the wording as you like before saving; the figure, base and margin of error are frozen with it.
              </p>
              <textarea class="textarea" id="sentence" name="sentence" rows={3} aria-describedby="sentence-hint">
                {sentence}
              </textarea>
            </div>
            <button type="submit" class="button">
              Save headline
            </button>
          </form>
        </>
      ) : (
        <p>{draft.baseLine}</p>
      )}
    </section>
  );
}

/** The headline builder page. */
export function HeadlineBuilderPage({ viewer, choices, selection, draft, sentence, error }: HeadlineBuilderPageProps) {
  return (
    <StudioLayout title="New headline" viewer={viewer} section="press">
      <p>
        <a href="/studio/press">Press studio</a>
      </p>
      <h1 class="heading-l">New headline</h1>
      {error ? <ErrorSummary title="This headline cannot be drafted yet" fields={error.fields} message={error.message} /> : null}
      <p>Choose a figure: Attune writes the sentence with its base and margin of error, and says which proportion phrases the data supports.</p>
      <ChoiceForm choices={choices} selection={selection} draft={draft} />
      {draft ? <Draft draft={draft} selection={selection} sentence={sentence} viewer={viewer} /> : null}
    </StudioLayout>
  );
}
