import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { SchemeEditorPage } from '../../web/views/studio/weighting/scheme-editor-page.tsx';
import { WeightingPage, type WeightingSchemeView } from '../../web/views/studio/weighting/weighting-page.tsx';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { loadDataset } from '../datasets/service.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { getFieldworkSurvey } from '../fieldwork/service.ts';
import { readFormFields } from '../respond/form.ts';
import { checkWeightingSchemeDocument } from '../surveys/definition-rules.ts';
import { SlugSchema, type SurveyDefinition } from '../surveys/schema.ts';
import {
  blankSchemeForm,
  listWeightingQuestions,
  readSchemeForm,
  checkSchemeForm,
  schemeDocumentOf,
  schemeFormOf,
  type SchemeFormFields,
} from './form.ts';
import { weightingSummaryJson } from './routes.ts';
import { isWeightingName } from './schemas.ts';
import { applyWeightingScheme, deleteWeightingScheme, listWeightingSchemes, saveWeightingScheme, type WeightingScheme } from './service.ts';

type Ctx = Context<AppEnv>;

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;
const pageOf = (slug: string) => `/studio/surveys/${slug}/weighting`;

function slugOf(c: Ctx): string {
  const parsed = v.safeParse(SlugSchema, c.req.param('slug'));
  if (!parsed.success) throw new AppError('not_found', 'No such survey');
  return parsed.output;
}

/** The published survey a scheme is set on; targets need a published version's questions. */
async function publishedSurvey(c: Ctx, slug: string): Promise<{ slug: string; title: string; definition: SurveyDefinition }> {
  const survey = await getFieldworkSurvey(c.var.db, slug);
  if (!survey.definition) throw new AppError('conflict', 'Publish the survey before weighting it: a scheme sets targets for the answers of published questions');
  return { slug, title: survey.title, definition: survey.definition };
}

/** A workspace scheme by name (404 for an unknown one, 409 for one of the survey file, which is read-only here). */
async function workspaceScheme(c: Ctx, slug: string, name: string): Promise<WeightingScheme> {
  const scheme = isWeightingName(name) ? (await listWeightingSchemes(c.var.db, slug)).find((s) => s.name === name) : undefined;
  if (!scheme) throw new AppError('not_found', `Survey "${slug}" has no weighting scheme "${name}"`);
  if (scheme.source !== 'workspace') throw new AppError('conflict', `"${name}" is defined in the survey file and cannot be changed here`);
  return scheme;
}

const NOTICES: Record<string, string> = {
  saved: 'Weighting scheme saved.',
  deleted: 'Weighting scheme deleted.',
};

/** `/studio/surveys/:slug/weighting…`: the weighting tab and its scheme editor, for researchers. */
export function weightingPageRoutes() {
  const app = new Hono<AppEnv>();
  const researcher = requireRole('researcher');
  const author = (c: Ctx) => ({ actor: c.var.identity, ip: clientIp(c) });

  const renderEditor = async (
    c: Ctx,
    survey: { slug: string; title: string; definition: SurveyDefinition },
    form: SchemeFormFields,
    options: { errors?: FieldErrors; editing?: string },
    status: 200 | 422 = 200,
  ) =>
    c.html(
      doctype(
        <SchemeEditorPage
          viewer={viewerOf(c)}
          survey={{ slug: survey.slug, title: survey.title }}
          questions={listWeightingQuestions(survey.definition)}
          form={form}
          errors={options.errors ?? {}}
          action={options.editing ? `${pageOf(survey.slug)}/${options.editing}` : pageOf(survey.slug)}
          editing={options.editing}
        />,
      ),
      status,
    );

  /** Checks a posted form and saves it, or shows it again with what to fix. */
  const saveFromForm = async (c: Ctx, slug: string, editing: string | undefined) => {
    const survey = await publishedSurvey(c, slug);
    const questions = listWeightingQuestions(survey.definition);
    const form = readSchemeForm(readFormFields(await c.req.formData()), questions);
    const name = editing ?? form.name;
    const outcome = schemeDocumentOf(form, questions, name);
    const check = checkWeightingSchemeDocument(outcome.document, survey.definition);
    const errors = checkSchemeForm(outcome, check.ok ? [] : check.problems, form);
    if (!editing && !errors.name) {
      const existing = (await listWeightingSchemes(c.var.db, slug)).find((s) => s.name === name);
      if (existing) {
        errors.name =
          existing.source === 'survey-file'
            ? `The survey file already has a scheme called “${name}”: choose another name`
            : `There is already a scheme called “${name}”: choose another name, or change that scheme`;
      }
    }
    if (Object.keys(errors).length > 0 || !check.ok) return renderEditor(c, survey, form, { errors, ...(editing ? { editing } : {}) }, 422);
    await saveWeightingScheme(c.var.db, slug, check.scheme, author(c));
    return c.redirect(`${pageOf(slug)}?done=saved#scheme-${name}`, 303);
  };

  app.get('/:slug/weighting', researcher, async (c) => {
    const slug = slugOf(c);
    const survey = await getFieldworkSurvey(c.var.db, slug);
    const done = c.req.query('done');
    const notice = done ? NOTICES[done] : undefined;
    if (!survey.definition) {
      return c.html(doctype(<WeightingPage viewer={viewerOf(c)} survey={{ slug, title: survey.title, published: false }} respondents={0} schemes={[]} notice={notice} />));
    }
    const [schemes, dataset] = await Promise.all([listWeightingSchemes(c.var.db, slug), loadDataset(c.var.db, slug)]);
    const views = schemes.map((scheme): WeightingSchemeView => {
      const view = { name: scheme.name, description: scheme.description, source: scheme.source, trim: scheme.trim };
      try {
        return { ...view, summary: weightingSummaryJson(applyWeightingScheme(dataset, scheme)), failure: null };
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'weighting_failed')) throw error;
        return { ...view, summary: null, failure: error.message };
      }
    });
    return c.html(
      doctype(<WeightingPage viewer={viewerOf(c)} survey={{ slug, title: survey.title, published: true }} respondents={dataset.rows.length} schemes={views} notice={notice} />),
    );
  });

  app.get('/:slug/weighting/new', researcher, async (c) => {
    const survey = await publishedSurvey(c, slugOf(c));
    const from = c.req.query('from');
    // Starting from an existing scheme (e.g. a read-only one from the survey file) copies its targets.
    const source = from ? (await listWeightingSchemes(c.var.db, survey.slug)).find((s) => s.name === from) : undefined;
    return renderEditor(c, survey, source ? schemeFormOf(source, '') : blankSchemeForm(), {});
  });

  app.post('/:slug/weighting', researcher, async (c) => saveFromForm(c, slugOf(c), undefined));

  app.get('/:slug/weighting/:name/edit', researcher, async (c) => {
    const slug = slugOf(c);
    const scheme = await workspaceScheme(c, slug, c.req.param('name'));
    const survey = await publishedSurvey(c, slug);
    return renderEditor(c, survey, schemeFormOf(scheme), { editing: scheme.name });
  });

  app.post('/:slug/weighting/:name', researcher, async (c) => {
    const slug = slugOf(c);
    const scheme = await workspaceScheme(c, slug, c.req.param('name'));
    return saveFromForm(c, slug, scheme.name);
  });

  app.post('/:slug/weighting/:name/delete', researcher, async (c) => {
    const slug = slugOf(c);
    const scheme = await workspaceScheme(c, slug, c.req.param('name'));
    await deleteWeightingScheme(c.var.db, slug, scheme.name, author(c));
    return c.redirect(`${pageOf(slug)}?done=deleted`, 303);
  });

  return app;
}
