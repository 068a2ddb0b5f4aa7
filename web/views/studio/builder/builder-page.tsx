import { labelValues, offersWelsh, type SurveyDoc } from '../../../../server/builder/document.ts';
import type { QuestionFormInput, readDetailsFields } from '../../../../server/builder/schemas.ts';
import { pageAnchor, type PlacedProblem, type PublishedIds } from '../../../../server/builder/service.ts';
import { StudioLayout, CsrfField, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { ActionButton, Checkbox, DefaultSubmit, ItemProblems, LabelInputs, TextInput } from './controls.tsx';
import { QuestionEditor, TYPE_NAMES } from './question-editor.tsx';

export type DetailsValues = ReturnType<typeof readDetailsFields>;

/** A save refused because someone else saved the draft after this page was drawn. */
export interface ConflictNotice {
  savedAt: string;
  savedBy?: string;
  /** What the refused form held, field by field, so nothing typed is lost. */
  typed: { field: string; value: string }[];
}

export interface BuilderPageProps {
  viewer: Viewer;
  slug: string;
  doc: SurveyDoc;
  updatedAt: string;
  savedBy?: string;
  baseVersion: number | null;
  problems: PlacedProblem[];
  published: PublishedIds;
  introSupported: boolean;
  conflict?: ConflictNotice;
  /** A question form shown again with what was typed, after a refused save (422). */
  retypedQuestion?: { page: number; question: number; values: QuestionFormInput; errors: Record<string, string> };
  retypedDetails?: { values: DetailsValues; errors: Record<string, string> };
}

const METHODS = [
  ['online', 'Online'],
  ['telephone', 'Telephone'],
  ['in-person', 'In person'],
  ['mixed', 'Mixed methods'],
] as const;

function detailsValues(doc: SurveyDoc): DetailsValues {
  const m = doc.metadata;
  return {
    title: labelValues(doc.title),
    description: labelValues(doc.description),
    screenOutMessage: labelValues(doc.screenOutMessage),
    welsh: offersWelsh(doc),
    organisation: m.organisation ?? '',
    commissioner: m.commissioner ?? '',
    conductedBy: m.conductedBy ?? '',
    population: m.population ?? '',
    geography: m.geography ?? '',
    method: m.method ?? 'online',
    fieldworkStart: m.fieldwork?.start ?? '',
    fieldworkEnd: m.fieldwork?.end ?? '',
    privacyNotice: labelValues(m.privacyNotice),
    contact: m.contact ?? '',
  };
}

/** When a draft was saved, in words a researcher reads at a glance (UTC, as stored). */
export function formatSavedAt(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 10)} at ${date.toISOString().slice(11, 19)} UTC`;
}

/** The builder: the survey's details, its pages and questions, each with its own form, problems
 * shown beside the item they concern and listed at the top. */
export function BuilderPage(props: BuilderPageProps) {
  const { viewer, slug, doc, problems, published, updatedAt } = props;
  const base = `/studio/surveys/${slug}/build`;
  const welsh = offersWelsh(doc);
  const byAnchor = new Map<string, PlacedProblem[]>();
  for (const problem of problems) byAnchor.set(problem.anchor, [...(byAnchor.get(problem.anchor) ?? []), problem]);
  const details = props.retypedDetails?.values ?? detailsValues(doc);
  const detailErrors = props.retypedDetails?.errors ?? {};
  const hidden = (
    <>
      <CsrfField viewer={viewer} />
      <input type="hidden" name="updatedAt" value={updatedAt} />
    </>
  );
  const title = doc.title?.en || slug;
  const refused = props.retypedQuestion || props.retypedDetails;
  const fieldErrors = [
    ...Object.entries(detailErrors).map(([field, message]) => ({ href: '#details', text: `Survey details, ${field}: ${message}` })),
    ...Object.entries(props.retypedQuestion?.errors ?? {}).map(([field, message]) => ({
      href: `#question-${props.retypedQuestion!.page}-${props.retypedQuestion!.question}`,
      text: `Page ${props.retypedQuestion!.page + 1}, question ${props.retypedQuestion!.question + 1}, ${field}: ${message}`,
    })),
  ];
  return (
    <StudioLayout title={`${refused || props.conflict ? 'Error: ' : ''}Build ${title}`} viewer={viewer} section="surveys">
      <p class="caption">{slug}</p>
      <h1 class="heading-l">Build: {title}</h1>
      <SurveyNav slug={slug} current="build" role={viewer.role} />

      {props.conflict ? (
        <div class="error-summary" role="alert" aria-labelledby="conflict-title" tabindex={-1} autofocus>
          <h2 class="error-summary__title" id="conflict-title">
            Your change was not saved
          </h2>
          <p>
            {props.conflict.savedBy ?? 'Someone else'} saved this draft on {formatSavedAt(props.conflict.savedAt)}, after you opened this page, so saving
            yours would have overwritten their work. The builder below now shows the draft as it is. What you typed is kept here: copy it into the form
            again and save.
          </p>
          {props.conflict.typed.length > 0 ? (
            <dl class="builder-typed">
              {props.conflict.typed.map((entry) => (
                <>
                  <dt>{entry.field}</dt>
                  <dd>{entry.value}</dd>
                </>
              ))}
            </dl>
          ) : null}
        </div>
      ) : null}

      {fieldErrors.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="refused-title" tabindex={-1} autofocus={!props.conflict}>
          <h2 class="error-summary__title" id="refused-title">
            There is a problem: nothing was saved
          </h2>
          <ul class="error-summary__list">
            {fieldErrors.map((error) => (
              <li>
                <a href={error.href}>{error.text}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div class="builder-status">
        <p>
          {props.baseVersion === null
            ? `Draft of version ${doc.version}: not yet published.`
            : `Draft of version ${doc.version}, started from published version ${props.baseVersion}.`}{' '}
          Last saved {formatSavedAt(updatedAt)}
          {props.savedBy ? ` by ${props.savedBy}` : ''}.
        </p>
        {doc.pages.length > 0 ? (
          <p>
            <a href={`${base}/preview/${encodeURIComponent(doc.pages[0]!.id)}`}>Preview the survey as a respondent sees it</a>
            {welsh ? (
              <>
                {' '}
                (<a href={`${base}/preview/${encodeURIComponent(doc.pages[0]!.id)}?lang=cy`} lang="cy">yn Gymraeg</a>)
              </>
            ) : null}
          </p>
        ) : null}
      </div>

      {problems.length > 0 ? (
        <div class="builder-summary" aria-labelledby="problems-title">
          <h2 class="heading-m" id="problems-title">
            {problems.length === 1 ? '1 thing to fix before publishing' : `${problems.length} things to fix before publishing`}
          </h2>
          <p>The draft is saved as it is; it can only be published once these are fixed.</p>
          <ul class="builder-summary__list">
            {problems.map((problem) => (
              <li>
                <a href={`#${problem.anchor}`}>
                  {problem.item}: {problem.field}: {problem.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="builder-ok">
          <strong>No problems found:</strong> this draft passes every check a published survey must pass.
        </p>
      )}

      <section class="builder-section" id="details" aria-labelledby="details-title">
        <h2 class="heading-m" id="details-title">
          Survey details
        </h2>
        <ItemProblems problems={byAnchor.get('details')} />
        <form method="post" action={`${base}/details`} class="builder-form" novalidate>
          {hidden}
          <LabelInputs idBase="details-title-label" name="title" label="Title" values={details.title} welsh={welsh} />
          <LabelInputs idBase="details-description" name="description" label="Description" values={details.description} welsh={welsh} multiline />
          <Checkbox id="details-welsh" name="welsh" label="Offer the survey in Welsh as well as English" checked={details.welsh} />
          <h3 class="heading-s">Methodology</h3>
          <div class="builder-grid">
            <TextInput id="details-organisation" name="organisation" label="Organisation running the survey" value={details.organisation} />
            <TextInput id="details-commissioner" name="commissioner" label="Commissioned by (optional)" value={details.commissioner} />
            <TextInput id="details-conducted-by" name="conductedBy" label="Conducted by (optional)" hint="For example a polling company" value={details.conductedBy} />
            <TextInput id="details-population" name="population" label="Population" hint="For example: parents of children under 2" value={details.population} />
            <TextInput id="details-geography" name="geography" label="Geography" hint="For example: England" value={details.geography} />
            <div class="builder-field">
              <label class="label" for="details-method">
                Method
              </label>
              <select class="input select" id="details-method" name="method">
                {METHODS.map(([value, name]) => (
                  <option value={value} selected={details.method === value}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <TextInput id="details-fieldwork-start" name="fieldworkStart" label="Fieldwork start (optional)" type="date" value={details.fieldworkStart} error={detailErrors.fieldworkStart} />
            <TextInput id="details-fieldwork-end" name="fieldworkEnd" label="Fieldwork end (optional)" type="date" value={details.fieldworkEnd} error={detailErrors.fieldworkEnd} />
            <TextInput id="details-contact" name="contact" label="Contact for respondents (optional)" value={details.contact} />
          </div>
          <LabelInputs idBase="details-privacy" name="privacyNotice" label="Privacy notice" values={details.privacyNotice} welsh={welsh} multiline />
          <LabelInputs
            idBase="details-screen-out"
            name="screenOutMessage"
            label="Screen-out message (optional)"
            hint="Shown to people a screening question ends the survey for; a neutral message is used when empty."
            values={details.screenOutMessage}
            welsh={welsh}
            multiline
          />
          <button type="submit" class="button button--small">
            Save details
          </button>
        </form>
      </section>

      <section class="builder-section" id="pages" aria-labelledby="pages-title">
        <h2 class="heading-m" id="pages-title">
          Pages and questions
        </h2>
        <ItemProblems problems={byAnchor.get('pages')} />
        {doc.pages.map((page, p) => {
          const anchor = pageAnchor(p);
          const pageTitle = page.title?.en;
          const idEditable = !published.pages.has(page.id);
          return (
            <section class="builder-page" id={anchor} aria-labelledby={`${anchor}-heading`}>
              <h3 class="builder-page__heading" id={`${anchor}-heading`}>
                Page {p + 1}
                {pageTitle ? `: ${pageTitle}` : ''}
              </h3>
              <ItemProblems problems={byAnchor.get(anchor)} />
              <form method="post" action={`${base}/page`} class="builder-form builder-page__form" novalidate>
                <DefaultSubmit label="Save page" />
                {hidden}
                <input type="hidden" name="page" value={String(p)} />
                {idEditable ? (
                  <TextInput id={`${anchor}-id`} name="id" label="Page id" value={page.id} width="short" spellcheck={false} />
                ) : (
                  <p class="builder-meta">
                    Page id <code>{page.id}</code> is fixed: it has been published.
                  </p>
                )}
                <LabelInputs idBase={`${anchor}-title`} name="title" label="Page title (optional)" values={labelValues(page.title)} welsh={welsh} />
                {props.introSupported ? (
                  <LabelInputs idBase={`${anchor}-intro`} name="intro" label="Introduction (optional)" values={labelValues(page.intro)} welsh={welsh} multiline />
                ) : null}
                <div class="builder-actions">
                  <button type="submit" class="button button--small">
                    Save page
                  </button>
                  <ActionButton action={`${base}/page-up`} label={<>Move up<span class="visually-hidden"> page {p + 1}</span></>} />
                  <ActionButton action={`${base}/page-down`} label={<>Move down<span class="visually-hidden"> page {p + 1}</span></>} />
                  <a href={`${base}/preview/${encodeURIComponent(page.id)}`}>
                    Preview<span class="visually-hidden"> page {p + 1}</span>
                  </a>
                  <a class="builder-delete-link" href={`${base}/delete?page=${p}`}>
                    Delete<span class="visually-hidden"> page {p + 1}</span>
                  </a>
                </div>
              </form>

              {page.questions.length === 0 ? <p class="builder-meta">This page has no questions yet.</p> : null}
              {page.questions.map((question, q) => (
                <QuestionEditor
                  viewer={viewer}
                  base={base}
                  doc={doc}
                  p={p}
                  q={q}
                  question={question}
                  updatedAt={updatedAt}
                  welsh={welsh}
                  idEditable={!published.questions.has(question.id)}
                  fixedStatements={published.statements.get(question.id) ?? new Set()}
                  problems={byAnchor}
                  typed={props.retypedQuestion?.page === p && props.retypedQuestion.question === q ? props.retypedQuestion.values : undefined}
                  errors={props.retypedQuestion?.page === p && props.retypedQuestion.question === q ? props.retypedQuestion.errors : undefined}
                />
              ))}

              <form method="post" action={`${base}/question-add`} class="builder-form builder-add" novalidate>
                {hidden}
                <input type="hidden" name="page" value={String(p)} />
                <h4 class="builder-add__title">Add a question to page {p + 1}</h4>
                <div class="builder-field">
                  <label class="label" for={`${anchor}-new-type`}>
                    Type of question
                  </label>
                  <select class="input select" id={`${anchor}-new-type`} name="type">
                    {Object.entries(TYPE_NAMES).map(([value, name]) => (
                      <option value={value}>{name}</option>
                    ))}
                  </select>
                </div>
                <LabelInputs idBase={`${anchor}-new-text`} name="text" label="Question text" values={{ en: '', cy: '' }} welsh={welsh} />
                <button type="submit" class="button button--small">
                  Add question<span class="visually-hidden"> to page {p + 1}</span>
                </button>
              </form>
            </section>
          );
        })}

        <form method="post" action={`${base}/page-add`} class="builder-form builder-add" id="add-page" novalidate>
          {hidden}
          <h3 class="builder-add__title">Add a page</h3>
          <LabelInputs idBase="new-page-title" name="title" label="Title of the new page (optional)" values={{ en: '', cy: '' }} welsh={welsh} />
          <button type="submit" class="button button--small">
            Add page
          </button>
        </form>
      </section>
    </StudioLayout>
  );
}

/** The Build tab of a published survey with no draft: offers to start the next version. */
export function NoDraftPage({ viewer, slug, title, version }: { viewer: Viewer; slug: string; title: string; version: number }) {
  return (
    <StudioLayout title={`Build ${title}`} viewer={viewer} section="surveys">
      <p class="caption">{slug}</p>
      <h1 class="heading-l">Build: {title}</h1>
      <SurveyNav slug={slug} current="build" role={viewer.role} />
      <p>
        Version {version} is published and cannot change. To change the questionnaire, start a draft of version {version + 1} from it: respondents keep
        answering version {version} until the new one is published.
      </p>
      <form method="post" action={`/studio/surveys/${slug}/build/start`}>
        <CsrfField viewer={viewer} />
        <button type="submit" class="button">
          Edit a new version
        </button>
      </form>
    </StudioLayout>
  );
}
