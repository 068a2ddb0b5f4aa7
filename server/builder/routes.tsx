import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { pageErrorsOf } from '../../web/views/respond/fields.tsx';
import { renderDocument } from '../../web/views/respond/frame.tsx';
import { QuestionPage } from '../../web/views/respond/question-page.tsx';
import { BuilderPage, NoDraftPage, type ConflictNotice } from '../../web/views/studio/builder/builder-page.tsx';
import { ConfirmDeletePage } from '../../web/views/studio/builder/confirm-delete-page.tsx';
import { NewSurveyPage, type NewSurveyValues } from '../../web/views/studio/builder/new-survey-page.tsx';
import { PreviewBanner, PreviewUnavailablePage } from '../../web/views/studio/builder/preview-banner.tsx';
import { RoutingPage } from '../../web/views/studio/builder/routing-page.tsx';
import { describeCondition } from '../../web/views/studio/builder/routing-words.ts';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import type { Draft } from '../drafts/service.ts';
import { getDraft } from '../drafts/service.ts';
import { AppError } from '../errors.ts';
import { readFormFields, readPageAnswers, type FormFields } from '../respond/form.ts';
import { checkPage } from '../respond/service.ts';
import type { Problem } from '../responses/answer-rules.ts';
import { checkDefinition } from '../surveys/definition-rules.ts';
import { SlugSchema, SurveyDefinitionSchema, type SurveyDefinition } from '../surveys/schema.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import { readSurveyDoc, type SurveyDoc } from './document.ts';
import {
  createSurveyDraft,
  isSlugFree,
  listCopySources,
  loadPublishedIds,
  nameOfEditor,
  requireDraft,
  saveEdit,
  startNextVersion,
  type Actor,
} from './draft-store.ts';
import {
  AddPageFormSchema,
  AddQuestionFormSchema,
  DetailsFormSchema,
  fieldErrorsOf,
  NewSurveyFormSchema,
  PageFormSchema,
  QuestionFormSchema,
  QuestionRefSchema,
  readAddQuestionFields,
  readDetailsFields,
  readNewSurveyFields,
  readPageFields,
  readQuestionFields,
  readRoutingFields,
  RoutingFormSchema,
  StampSchema,
  type QuestionForm,
} from './schemas.ts';
import {
  addOption,
  addPage,
  addQuestion,
  addStatement,
  conditionOf,
  deleteOption,
  deletePage,
  deleteQuestion,
  deleteStatement,
  earlierQuestions,
  EditRefused,
  moveOption,
  movePage,
  moveQuestion,
  moveQuestionToPage,
  moveStatement,
  newClause,
  placeProblems,
  routingModelFromForm,
  routingModelOf,
  routingModelProblems,
  setShowIf,
  slugFromTitle,
  uniqueSlug,
  updateDetails,
  updatePage,
  updateQuestion,
  type EditOutcome,
  type PublishedIds,
  type RoutingModel,
} from './service.ts';
import { SURVEY_TEMPLATES } from './templates.ts';

type Ctx = Context<AppEnv>;

const doctype = async (node: { toString(): string | Promise<string> }) => `<!doctype html>${await node.toString()}`;
const buildPath = (slug: string) => `/studio/surveys/${slug}/build`;

function slugOf(c: Ctx): string {
  const slug = c.req.param('slug') ?? '';
  if (!v.is(SlugSchema, slug)) throw new AppError('not_found', `No survey "${slug}"`);
  return slug;
}

const actorOf = (c: Ctx): Actor => ({ identity: c.var.identity!, ip: clientIp(c) });

async function sendHtml(c: Ctx, node: { toString(): string | Promise<string> }, status: 200 | 404 | 409 | 422 = 200) {
  // Drafts are unpublished work: never keep them in a shared cache.
  c.header('cache-control', 'no-store');
  return c.html(await doctype(node), status);
}

// ---- the builder page ------------------------------------------------------------------------

interface BuilderExtras {
  /** What a form refused for a conflicting save held; the notice names the draft's last save. */
  conflictTyped?: ConflictNotice['typed'];
  /** The ids published versions fix, when the caller has already loaded them. */
  published?: PublishedIds;
  retypedQuestion?: { page: number; question: number; values: ReturnType<typeof readQuestionFields>; errors: Record<string, string> };
  retypedDetails?: { values: ReturnType<typeof readDetailsFields>; errors: Record<string, string> };
}

async function renderBuilder(c: Ctx, slug: string, draft: Draft, { conflictTyped, published, ...extras }: BuilderExtras = {}, status: 200 | 409 | 422 = 200) {
  const doc = readSurveyDoc(draft.document);
  const check = checkDefinition(draft.document);
  const problems = check.ok ? [] : placeProblems(doc, check.problems);
  const savedBy = await nameOfEditor(c.var.db, draft.updatedBy);
  return sendHtml(
    c,
    <BuilderPage
      viewer={viewerOf(c)}
      slug={slug}
      doc={doc}
      updatedAt={draft.updatedAt}
      savedBy={savedBy}
      baseVersion={draft.baseVersion}
      problems={problems}
      published={published ?? (await loadPublishedIds(c.var.db, slug))}
      introSupported
      conflict={conflictTyped && { savedAt: draft.updatedAt, savedBy, typed: conflictTyped }}
      {...extras}
    />,
    status,
  );
}

// Fields that say where a form was, not what someone typed; left out of the "what you typed" list.
const TECHNICAL_FIELDS = new Set(['_csrf', 'updatedAt', 'page', 'question', 'item', 'direction', 'targetPage', 'mode']);

/** What a refused form held, in words, so nothing typed is lost. */
function typedValues(fields: FormFields): ConflictNotice['typed'] {
  const typed: ConflictNotice['typed'] = [];
  for (const [name, values] of fields) {
    if (TECHNICAL_FIELDS.has(name)) continue;
    const field = name
      .split('.')
      .map((part) => (part === 'en' ? '(English)' : part === 'cy' ? '(Welsh)' : /^\d+$/.test(part) ? String(Number(part) + 1) : part))
      .join(' ');
    for (const value of values) if (value.trim() !== '') typed.push({ field, value });
  }
  return typed;
}

/** The builder with a 409 notice; `current` is the draft as just read, when the caller has it (a
 * save refused after reading must read the draft again to show what the other person saved). */
async function renderConflict(c: Ctx, slug: string, fields: FormFields, current?: Draft) {
  const draft = current ?? (await requireDraft(c.var.db, slug));
  return renderBuilder(c, slug, draft, { conflictTyped: typedValues(fields) }, 409);
}

// ---- operations ------------------------------------------------------------------------------

/** What an operation decided: an edit to save, a page to show instead (422 or a routing step). */
type OperationResult = { edit: EditOutcome } | { response: Response };

interface OperationInput {
  c: Ctx;
  slug: string;
  draft: Draft;
  doc: SurveyDoc;
  fields: FormFields;
  published: PublishedIds;
}

type Operation = (input: OperationInput) => Promise<OperationResult> | OperationResult;

function parseOr404<T extends v.GenericSchema>(schema: T, input: unknown): v.InferOutput<T> {
  const parsed = v.safeParse(schema, input);
  // These forms are drawn by the builder; a malformed one was not sent by it.
  if (!parsed.success) throw new AppError('bad_request', `The form was not understood: ${parsed.issues[0].message}`);
  return parsed.output;
}

/** Applies the question form, then `then`; on bad input shows the form again with what was typed. */
function questionOperation(then?: (doc: SurveyDoc, form: QuestionForm, published: PublishedIds) => EditOutcome, needs?: 'newOption' | 'newStatement'): Operation {
  return async ({ c, slug, draft, doc, fields, published }) => {
    const raw = readQuestionFields(fields);
    const parsed = v.safeParse(QuestionFormSchema, raw);
    const errors = parsed.success ? {} : fieldErrorsOf(parsed.issues);
    if (parsed.success && needs && parsed.output[needs].en.trim() === '')
      errors[needs] = needs === 'newOption' ? 'Enter the text of the new option' : 'Enter the text of the new statement';
    if (!parsed.success || Object.keys(errors).length > 0) {
      const page = Number(raw.page);
      const question = Number(raw.question);
      if (!doc.pages[page]?.questions[question]) throw new AppError('bad_request', 'The form was not understood');
      return { response: await renderBuilder(c, slug, draft, { retypedQuestion: { page, question, values: raw, errors }, published }, 422) };
    }
    const form = parsed.output;
    const edited = updateQuestion(doc, form, published);
    return { edit: then ? then(edited.doc, form, published) : edited };
  };
}

const need = <T,>(value: T | undefined): T => {
  if (value === undefined) throw new AppError('bad_request', 'The form was not understood: which item is missing');
  return value;
};

async function renderRouting(c: Ctx, slug: string, draft: Draft, doc: SurveyDoc, p: number, q: number, model: RoutingModel | undefined, errors?: Record<string, string>, status: 200 | 422 = 200) {
  const question = doc.pages[p]?.questions[q];
  if (!question) throw new AppError('not_found', `Page ${p + 1} has no question ${q + 1}`);
  return sendHtml(
    c,
    <RoutingPage
      viewer={viewerOf(c)}
      slug={slug}
      doc={doc}
      updatedAt={draft.updatedAt}
      p={p}
      q={q}
      question={question}
      earlier={earlierQuestions(doc, p)}
      model={model}
      errors={errors}
    />,
    status,
  );
}

const OPERATIONS: Record<string, Operation> = {
  details: async ({ c, slug, draft, doc, fields, published }) => {
    const raw = readDetailsFields(fields);
    const parsed = v.safeParse(DetailsFormSchema, raw);
    if (!parsed.success) return { response: await renderBuilder(c, slug, draft, { retypedDetails: { values: raw, errors: fieldErrorsOf(parsed.issues) }, published }, 422) };
    return { edit: updateDetails(doc, parsed.output) };
  },
  'page-add': ({ doc, fields }) => ({ edit: addPage(doc, parseOr404(AddPageFormSchema, { title: readPageFields(fields).title }).title) }),
  page: ({ doc, fields, published }) => ({ edit: updatePage(doc, parseOr404(PageFormSchema, readPageFields(fields)), published, true) }),
  'page-up': ({ doc, fields, published }) => {
    const form = parseOr404(PageFormSchema, readPageFields(fields));
    return { edit: movePage(updatePage(doc, form, published, true).doc, form.page, 'up') };
  },
  'page-down': ({ doc, fields, published }) => {
    const form = parseOr404(PageFormSchema, readPageFields(fields));
    return { edit: movePage(updatePage(doc, form, published, true).doc, form.page, 'down') };
  },
  'page-delete': ({ doc, fields }) => ({ edit: deletePage(doc, parseOr404(QuestionRefSchema, Object.fromEntries([...fields].map(([k, vs]) => [k, vs[0]]))).page) }),
  'question-add': ({ doc, fields }) => {
    const form = parseOr404(AddQuestionFormSchema, readAddQuestionFields(fields));
    return { edit: addQuestion(doc, form.page, form.type, form.text) };
  },
  question: questionOperation(),
  'question-up': questionOperation((doc, f) => moveQuestion(doc, f.page, f.question, 'up')),
  'question-down': questionOperation((doc, f) => moveQuestion(doc, f.page, f.question, 'down')),
  'question-to-page': questionOperation((doc, f) => moveQuestionToPage(doc, f.page, f.question, need(f.targetPage))),
  'question-delete': ({ doc, fields }) => {
    const ref = parseOr404(QuestionRefSchema, Object.fromEntries([...fields].map(([k, vs]) => [k, vs[0]])));
    return { edit: deleteQuestion(doc, ref.page, need(ref.question)) };
  },
  'option-add': questionOperation((doc, f, published) => addOption(doc, f.page, f.question, f.newOption, published), 'newOption'),
  'option-up': questionOperation((doc, f) => moveOption(doc, f.page, f.question, need(f.item), 'up')),
  'option-down': questionOperation((doc, f) => moveOption(doc, f.page, f.question, need(f.item), 'down')),
  'option-delete': questionOperation((doc, f) => deleteOption(doc, f.page, f.question, need(f.item))),
  'statement-add': questionOperation((doc, f, published) => addStatement(doc, f.page, f.question, f.newStatement, published), 'newStatement'),
  'statement-up': questionOperation((doc, f) => moveStatement(doc, f.page, f.question, need(f.item), 'up')),
  'statement-down': questionOperation((doc, f) => moveStatement(doc, f.page, f.question, need(f.item), 'down')),
  'statement-delete': questionOperation((doc, f) => deleteStatement(doc, f.page, f.question, need(f.item))),
  'routing-add': async ({ c, slug, draft, doc, fields }) => {
    const form = parseOr404(RoutingFormSchema, readRoutingFields(fields));
    const model = routingModelFromForm(form);
    const target = earlierQuestions(doc, form.page).find((entry) => entry.question.id === form.newQuestion);
    if (target) model.clauses.push(newClause(target.question));
    return { response: await renderRouting(c, slug, draft, doc, form.page, form.question, model) };
  },
  'routing-remove': async ({ c, slug, draft, doc, fields }) => {
    const form = parseOr404(RoutingFormSchema, readRoutingFields(fields));
    const model = routingModelFromForm(form);
    model.clauses.splice(need(form.item), 1);
    return { response: await renderRouting(c, slug, draft, doc, form.page, form.question, model) };
  },
  'routing-save': async ({ c, slug, draft, doc, fields }) => {
    const form = parseOr404(RoutingFormSchema, readRoutingFields(fields));
    const model = routingModelFromForm(form);
    const problems = routingModelProblems(doc, form.page, model);
    if (Object.keys(problems).length > 0) return { response: await renderRouting(c, slug, draft, doc, form.page, form.question, model, problems, 422) };
    return { edit: setShowIf(doc, form.page, form.question, conditionOf(model)) };
  },
  'routing-clear': ({ doc, fields }) => {
    const form = parseOr404(RoutingFormSchema, readRoutingFields(fields));
    return { edit: setShowIf(doc, form.page, form.question, undefined) };
  },
};

// ---- preview ---------------------------------------------------------------------------------

/** The draft as a definition the respondent views can draw: fully valid, or at least the right
 * shape (cross-reference problems such as a missing Welsh label do not stop a preview). */
function previewDefinition(document: Record<string, unknown>): { definition?: SurveyDefinition; problems: { path: string; message: string }[] } {
  const check = checkDefinition(document);
  if (check.ok) return { definition: check.definition, problems: [] };
  const shape = v.safeParse(SurveyDefinitionSchema, document);
  return shape.success ? { definition: shape.output, problems: check.problems } : { problems: check.problems };
}

async function renderPreview(c: Ctx, slug: string, draft: Draft, pageId: string, answers: Record<string, unknown>, problems: Map<string, Problem>) {
  const { definition, problems: draftProblems } = previewDefinition(draft.document);
  const base = buildPath(slug);
  if (!definition) {
    return sendHtml(c, <PreviewUnavailablePage viewer={viewerOf(c)} slug={slug} problems={draftProblems} builderHref={base} />);
  }
  const pageIndex = definition.pages.findIndex((page) => page.id === pageId);
  if (pageIndex < 0) throw new AppError('not_found', `The draft has no page "${pageId}"`);
  const page = definition.pages[pageIndex]!;
  const language = c.req.query('lang') === 'cy' && definition.languages.includes('cy') ? 'cy' : 'en';
  const query = language === 'cy' ? '?lang=cy' : '';
  const previewHref = (id: string) => `${base}/preview/${encodeURIComponent(id)}`;
  const path = previewHref(page.id);
  const previous = definition.pages[pageIndex - 1];
  const next = definition.pages[pageIndex + 1];
  const { errors, fieldErrors } = pageErrorsOf(page.questions, problems, language);
  const doc = definition as unknown as SurveyDoc;
  const routed = page.questions
    .filter((question) => question.showIf)
    .map((question) => `${question.id} is shown only if ${describeCondition(question.showIf!, doc)}.`);
  const banner = (
    <PreviewBanner
      builderHref={`${base}#page-${pageIndex}`}
      pageNumber={pageIndex + 1}
      pageCount={definition.pages.length}
      previousHref={previous ? `${previewHref(previous.id)}${query}` : undefined}
      nextHref={next ? `${previewHref(next.id)}${query}` : undefined}
      otherLanguage={
        definition.languages.includes('cy')
          ? language === 'cy'
            ? { href: path, label: 'Preview in English' }
            : { href: `${path}?lang=cy`, label: 'Preview in Welsh' }
          : undefined
      }
      routed={routed}
      problemCount={draftProblems.length}
      finished={c.req.query('finished') === '1'}
    />
  );
  c.header('cache-control', 'no-store');
  return c.html(
    await renderDocument(
      <QuestionPage
        definition={definition}
        language={language}
        path={path}
        page={page}
        questions={page.questions}
        values={answers as never}
        errors={errors}
        fieldErrors={fieldErrors}
        progress={{ current: pageIndex + 1, total: definition.pages.length }}
        backHref={previous ? `${previewHref(previous.id)}${query}` : base}
        action={`${path}${query}`}
        banner={banner}
        formExtras={<input type="hidden" name="_csrf" value={viewerOf(c).csrf} />}
      />,
    ),
    problems.size > 0 ? 422 : 200,
  );
}

// ---- routes ----------------------------------------------------------------------------------

const emptyNewSurvey: NewSurveyValues = { title: '', slug: '', start: 'blank', template: SURVEY_TEMPLATES[0]!.id, source: '' };

/** The questionnaire builder under /studio/surveys: new survey, build, routing, preview. Researchers
 * and admins only; every route checks the role itself, because other sub-apps share the prefix. */
export function builderRoutes() {
  const app = new Hono<AppEnv>();
  const researcher = requireRole('researcher');

  const newSurveyPage = async (c: Ctx, values: NewSurveyValues, errors: Record<string, string>, status: 200 | 422 = 200) =>
    sendHtml(
      c,
      <NewSurveyPage
        viewer={viewerOf(c)}
        templates={SURVEY_TEMPLATES}
        sources={await listCopySources(c.var.db)}
        values={values}
        errors={errors}
      />,
      status,
    );

  app.get('/new', researcher, (c) => newSurveyPage(c, emptyNewSurvey, {}));

  app.post('/new', researcher, async (c) => {
    const raw = readNewSurveyFields(readFormFields(await c.req.formData()));
    const values = { ...emptyNewSurvey, ...raw };
    const parsed = v.safeParse(NewSurveyFormSchema, raw);
    const errors: Record<string, string> = parsed.success ? {} : fieldErrorsOf(parsed.issues);
    if (parsed.success) {
      const form = parsed.output;
      if (form.start === 'template' && !SURVEY_TEMPLATES.some((t) => t.id === form.template)) errors.template = 'Choose a template';
      if (form.start === 'copy' && form.source === '') errors.source = 'Choose the survey to copy';
      if (form.slug !== '' && !(await isSlugFree(c.var.db, form.slug))) errors.slug = `The address name "${form.slug}" is already used by another survey or draft: choose another`;
    }
    if (!parsed.success || Object.keys(errors).length > 0) return newSurveyPage(c, values, errors, 422);
    const form = parsed.output;
    const slug = form.slug || (await suggestSlug(c, form.title));
    const start = form.start === 'template' ? { start: 'template' as const, template: form.template } : form.start === 'copy' ? { start: 'copy' as const, source: form.source } : { start: 'blank' as const };
    const outcome = await createSurveyDraft(c.var.db, { slug, title: form.title, ...start }, actorOf(c));
    if (outcome === 'slug_taken') return newSurveyPage(c, values, { slug: `The address name "${slug}" was taken a moment ago: choose another` }, 422);
    if (outcome === 'no_source') return newSurveyPage(c, values, { source: 'That survey no longer exists: choose another' }, 422);
    return c.redirect(buildPath(slug), 303);
  });

  app.get('/:slug/build', researcher, async (c) => {
    const slug = slugOf(c);
    const draft = await getDraft(c.var.db, slug);
    if (draft) return renderBuilder(c, slug, draft);
    const latest = await getLatestSurvey(c.var.db, slug);
    return sendHtml(c, <NoDraftPage viewer={viewerOf(c)} slug={slug} title={latest.definition.title.en} version={latest.version} />);
  });

  app.post('/:slug/build/start', researcher, async (c) => {
    const slug = slugOf(c);
    await startNextVersion(c.var.db, slug, actorOf(c));
    return c.redirect(buildPath(slug), 303);
  });

  app.get('/:slug/build/routing', researcher, async (c) => {
    const slug = slugOf(c);
    const draft = await requireDraft(c.var.db, slug);
    const ref = parseOr404(QuestionRefSchema, { page: c.req.query('page') ?? '', question: c.req.query('question') ?? '' });
    const doc = readSurveyDoc(draft.document);
    const question = doc.pages[ref.page]?.questions[need(ref.question)];
    return renderRouting(c, slug, draft, doc, ref.page, need(ref.question), routingModelOf(question?.showIf));
  });

  app.get('/:slug/build/delete', researcher, async (c) => {
    const slug = slugOf(c);
    const draft = await requireDraft(c.var.db, slug);
    const query = c.req.query('question');
    const ref = parseOr404(QuestionRefSchema, { page: c.req.query('page') ?? '', ...(query !== undefined ? { question: query } : {}) });
    const doc = readSurveyDoc(draft.document);
    const page = doc.pages[ref.page];
    if (!page) throw new AppError('not_found', `The draft has no page ${ref.page + 1}`);
    let what: string;
    let back: string;
    if (ref.question !== undefined) {
      const question = page.questions[ref.question];
      if (!question) throw new AppError('not_found', `Page ${ref.page + 1} has no question ${ref.question + 1}`);
      what = `question ${ref.question + 1} on page ${ref.page + 1}, “${question.text?.en || question.id}”`;
      back = `${buildPath(slug)}#question-${ref.page}-${ref.question}`;
    } else {
      const count = page.questions.length;
      what = `page ${ref.page + 1}${page.title?.en ? `, “${page.title.en}”,` : ''} and its ${count === 1 ? '1 question' : `${count} questions`}`;
      back = `${buildPath(slug)}#page-${ref.page}`;
    }
    return sendHtml(
      c,
      <ConfirmDeletePage viewer={viewerOf(c)} slug={slug} updatedAt={draft.updatedAt} page={ref.page} question={ref.question} what={what} backHref={back} />,
    );
  });

  app.get('/:slug/build/preview/:pageId', researcher, async (c) => {
    const slug = slugOf(c);
    const draft = await getDraft(c.var.db, slug);
    if (!draft) return c.redirect(buildPath(slug), 303);
    return renderPreview(c, slug, draft, c.req.param('pageId'), {}, new Map());
  });

  // Continue in the preview checks the page as the respondent flow would, then shows the next
  // page; nothing is stored and no respondent session exists.
  app.post('/:slug/build/preview/:pageId', researcher, async (c) => {
    const slug = slugOf(c);
    const draft = await getDraft(c.var.db, slug);
    if (!draft) return c.redirect(buildPath(slug), 303);
    const { definition } = previewDefinition(draft.document);
    const pageIndex = definition?.pages.findIndex((page) => page.id === c.req.param('pageId')) ?? -1;
    if (!definition || pageIndex < 0) return renderPreview(c, slug, draft, c.req.param('pageId'), {}, new Map());
    const answers = readPageAnswers(definition.pages[pageIndex]!, readFormFields(await c.req.formData()));
    const problems = checkPage(definition, answers, pageIndex);
    if (problems.size > 0) return renderPreview(c, slug, draft, c.req.param('pageId'), answers, problems);
    const next = definition.pages[pageIndex + 1];
    const lang = c.req.query('lang') === 'cy' ? 'lang=cy' : '';
    const target = next
      ? `${buildPath(slug)}/preview/${encodeURIComponent(next.id)}${lang ? `?${lang}` : ''}`
      : `${buildPath(slug)}/preview/${encodeURIComponent(definition.pages[pageIndex]!.id)}?finished=1${lang ? `&${lang}` : ''}`;
    return c.redirect(target, 303);
  });

  app.post('/:slug/build/:operation', researcher, async (c) => {
    const slug = slugOf(c);
    const operation = OPERATIONS[c.req.param('operation')];
    if (!operation) throw new AppError('not_found', `No builder operation "${c.req.param('operation')}"`);
    const fields = readFormFields(await c.req.formData());
    const stamp = parseOr404(StampSchema, { updatedAt: fields.get('updatedAt')?.[0] ?? '' });
    const draft = await requireDraft(c.var.db, slug);
    if (stamp.updatedAt !== draft.updatedAt) return renderConflict(c, slug, fields, draft);
    const doc = readSurveyDoc(draft.document);
    let result: OperationResult;
    try {
      result = await operation({ c, slug, draft, doc, fields, published: await loadPublishedIds(c.var.db, slug) });
    } catch (error) {
      if (error instanceof EditRefused) throw new AppError('conflict', error.message);
      throw error;
    }
    if ('response' in result) return result.response;
    const saved = await saveEdit(c.var.db, slug, result.edit.doc, draft.updatedAt, c.req.param('operation'), result.edit.anchor, actorOf(c));
    if (!saved) return renderConflict(c, slug, fields);
    return c.redirect(`${buildPath(slug)}#${result.edit.anchor}`, 303);
  });

  return app;
}

/** A free slug made from a title. */
async function suggestSlug(c: Ctx, title: string): Promise<string> {
  const base = slugFromTitle(title);
  const taken = new Set<string>();
  let candidate = base;
  // Each check is a query; titles rarely collide more than a few times.
  for (let n = 2; !(await isSlugFree(c.var.db, candidate)); n++) {
    taken.add(candidate);
    candidate = uniqueSlug(base, (s) => taken.has(s));
    if (n > 1000) throw new AppError('conflict', 'Could not find a free address name: type one');
  }
  return candidate;
}
