import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { ClaimCheckerPage } from '../../web/views/studio/press/claim-checker-page.tsx';
import { HeadlineBuilderPage, type HeadlineSelection } from '../../web/views/studio/press/headline-builder-page.tsx';
import { HeadlinePage } from '../../web/views/studio/press/headline-page.tsx';
import type { AppEnv } from '../app.ts';
import { requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError } from '../errors.ts';
import { issuesAsFields, validate } from '../http.ts';
import { PressItemParamsSchema } from '../press-items/schemas.ts';
import { localise } from '../surveys/model.ts';
import { listSurveys } from '../surveys/service.ts';
import {
  ClaimCheckBodySchema,
  ClaimFormSchema,
  DraftBodySchema,
  HeadlineChoiceSchema,
  HeadlineEditSchema,
  HeadlineSaveSchema,
  queryFromChoice,
  type HeadlineChoice,
} from './schemas.ts';
import { checkClaimsIn, draftHeadline, getHeadline, getHeadlineFormChoices, saveHeadline, updateHeadline } from './service.ts';
import type { HeadlineDraft } from './sentence.ts';

type Ctx = Context<AppEnv>;

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

/** The signed-in actor; requireRole guarantees one. */
const actorOf = (c: Ctx) => {
  const identity = c.var.identity;
  if (!identity) throw new AppError('unauthorized', 'Sign in first');
  return identity;
};

/** Refusals of the figure service the pages answer with the form and a message, not an error page. */
const SHOWN_ON_PAGE = new Set(['not_found', 'bad_request', 'weighting_failed', 'validation_failed']);

/** Form fields as the schemas read them: repeated keys as lists. */
async function formFields(c: Ctx): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    const values = [value].flat().filter((item): item is string => typeof item === 'string');
    fields[key] = values.length === 1 && key !== 'codes' && key !== 'surveys' ? values[0]! : values;
  }
  return fields;
}

function queryFields(c: Ctx): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) fields[key] = values.length === 1 && key !== 'codes' ? values[0]! : values;
  return fields;
}

const text = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '');

/** What the form shows, from the parsed choice or, when it did not parse, the raw fields. */
function selectionOf(fields: Record<string, string | string[]>, choice: HeadlineChoice | null): HeadlineSelection {
  const source = choice ?? {
    survey: text(fields.survey),
    question: text(fields.question),
    answer: text(fields.answer),
    weighting: text(fields.weighting),
    subgroup: text(fields.subgroup),
    codes: [fields.codes ?? []].flat(),
    phrase: text(fields.phrase),
  };
  return {
    survey: source.survey ?? '',
    question: source.question ?? '',
    answer: source.answer ?? '',
    weighting: source.weighting ?? '',
    subgroup: source.subgroup ?? '',
    codes: source.codes,
    phrase: source.phrase ?? '',
  };
}

/** Renders the builder for a choice: the form, and the draft once the choice names a figure. */
async function renderBuilder(
  c: Ctx,
  fields: Record<string, string | string[]>,
  options: { sentence?: string; error?: { message: string | null; fields: Record<string, string> }; status?: 200 | 400 | 404 | 422 } = {},
) {
  const parsed = v.safeParse(HeadlineChoiceSchema, fields);
  const choice = parsed.success ? parsed.output : null;
  const selection = selectionOf(fields, choice);
  let error = options.error ?? (parsed.success ? null : { message: null, fields: issuesAsFields(parsed.issues) });
  let status: 200 | 400 | 404 | 422 = options.status ?? (parsed.success ? 200 : 400);
  // An unknown survey slug answers 404 with the error page: there is no form to fill for it.
  const choices = await getHeadlineFormChoices(c.var.db, choice?.survey ? choice.survey : null);
  let draft: HeadlineDraft | null = null;
  const query = choice ? queryFromChoice(choice) : null;
  if (query) {
    try {
      draft = await draftHeadline(c.var.db, query, choice?.phrase || null);
    } catch (caught) {
      if (!(caught instanceof AppError) || !SHOWN_ON_PAGE.has(caught.code)) throw caught;
      error = { message: caught.message, fields: caught.fields ?? {} };
      status = caught.status as 400 | 404 | 422;
    }
  }
  const sentence = options.sentence ?? draft?.sentence ?? '';
  return c.html(doctype(<HeadlineBuilderPage viewer={viewerOf(c)} choices={choices} selection={selection} draft={draft} sentence={sentence} error={error} />), status);
}

function headlineIdOf(c: Ctx): string {
  const parsed = v.safeParse(PressItemParamsSchema, c.req.param());
  if (!parsed.success) throw new AppError('not_found', 'No such headline');
  return parsed.output.id;
}

const NOTICES: Record<string, string> = {
  saved: 'Saved: the figure is frozen with this headline.',
  refrozen: 'Saved: the figure was computed again from today’s data and frozen.',
};

/** `/studio/press/headlines`: the headline builder (new) and saved headlines (edit and freeze again). */
export function headlinePageRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');

  app.get('/new', press, (c) => renderBuilder(c, queryFields(c)));

  app.post('/new', press, async (c) => {
    const fields = await formFields(c);
    const parsed = v.safeParse(HeadlineSaveSchema, fields);
    const query = parsed.success ? queryFromChoice(parsed.output) : null;
    if (!parsed.success || !query) {
      const problems = parsed.success ? { answer: 'choose a survey, a question and an answer' } : issuesAsFields(parsed.issues);
      return renderBuilder(c, fields, { sentence: text(fields.sentence), error: { message: null, fields: problems }, status: 422 });
    }
    try {
      const item = await saveHeadline(c.var.db, { query, sentence: parsed.output.sentence, ...(parsed.output.phrase ? { phrase: parsed.output.phrase } : {}) }, actorOf(c));
      return c.redirect(`/studio/press/headlines/${encodeURIComponent(item.id)}?done=saved`, 303);
    } catch (caught) {
      if (!(caught instanceof AppError) || !SHOWN_ON_PAGE.has(caught.code)) throw caught;
      return renderBuilder(c, fields, { sentence: parsed.output.sentence, error: { message: caught.message, fields: caught.fields ?? {} }, status: 422 });
    }
  });

  app.get('/:id', press, async (c) => {
    const saved = await getHeadline(c.var.db, headlineIdOf(c));
    return c.html(doctype(<HeadlinePage viewer={viewerOf(c)} saved={saved} notice={NOTICES[c.req.query('done') ?? '']} />));
  });

  app.post('/:id', press, async (c) => {
    const id = headlineIdOf(c);
    const fields = await formFields(c);
    const parsed = v.safeParse(HeadlineEditSchema, fields);
    if (!parsed.success) {
      const saved = await getHeadline(c.var.db, id);
      return c.html(
        doctype(<HeadlinePage viewer={viewerOf(c)} saved={saved} sentence={text(fields.sentence)} error={{ message: null, fields: issuesAsFields(parsed.issues) }} />),
        422,
      );
    }
    await updateHeadline(c.var.db, id, { sentence: parsed.output.sentence, ...(parsed.output.phrase ? { phrase: parsed.output.phrase } : {}) }, actorOf(c));
    return c.redirect(`/studio/press/headlines/${encodeURIComponent(id)}?done=refrozen`, 303);
  });
  return app;
}

async function surveyChoices(c: Ctx) {
  return (await listSurveys(c.var.db)).map((survey) => ({ slug: survey.slug, title: localise(survey.definition.title, 'en') }));
}

/** `/studio/press/claims`: the claim checker form and its verdicts. */
export function claimPageRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');

  app.get('/', press, async (c) => {
    const chosen = c.req.queries('survey') ?? [];
    return c.html(doctype(<ClaimCheckerPage viewer={viewerOf(c)} surveys={await surveyChoices(c)} text="" chosen={chosen} claims={null} error={null} />));
  });

  app.post('/', press, async (c) => {
    const fields = await formFields(c);
    const surveys = await surveyChoices(c);
    const typed = text(fields.text);
    const chosen = [fields.surveys ?? []].flat();
    const parsed = v.safeParse(ClaimFormSchema, fields);
    const page = (props: { claims: Awaited<ReturnType<typeof checkClaimsIn>> | null; error: { message: string | null; fields: Record<string, string> } | null }) => (
      <ClaimCheckerPage viewer={viewerOf(c)} surveys={surveys} text={typed} chosen={chosen} {...props} />
    );
    if (!parsed.success) return c.html(doctype(page({ claims: null, error: { message: null, fields: issuesAsFields(parsed.issues) } })), 422);
    try {
      const claims = await checkClaimsIn(c.var.db, parsed.output.text, parsed.output.surveys);
      return c.html(doctype(page({ claims, error: null })));
    } catch (caught) {
      if (!(caught instanceof AppError) || !SHOWN_ON_PAGE.has(caught.code)) throw caught;
      return c.html(doctype(page({ claims: null, error: { message: caught.message, fields: {} } })), 422);
    }
  });
  return app;
}

/** `/api/press/headlines/draft` and `/api/press/claims/check`: the builder and the checker as JSON. */
export function headlineApiRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');

  app.post('/headlines/draft', press, validate('json', DraftBodySchema), async (c) => {
    const body = c.req.valid('json');
    const draft = await draftHeadline(c.var.db, body.query, body.phrase ?? null);
    return c.json(draft);
  });

  app.post('/claims/check', press, validate('json', ClaimCheckBodySchema), async (c) => {
    const body = c.req.valid('json');
    return c.json({ claims: await checkClaimsIn(c.var.db, body.text, body.surveys) });
  });
  return app;
}
