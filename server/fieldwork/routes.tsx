import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { FieldworkPage, type FieldworkPageProps } from '../../web/views/studio/fieldwork/fieldwork-page.tsx';
import { QuotaEditorPage } from '../../web/views/studio/fieldwork/quota-editor-page.tsx';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { readFormFields } from '../respond/form.ts';
import { SlugSchema } from '../surveys/schema.ts';
import { createInvitations, getInvitationKey, invitationLink, listInvitations } from './invitations.ts';
import { countCellsNow, getQuotaFill } from './quotas.ts';
import { InvitationsFormSchema } from './schemas.ts';
import {
  blankQuotaForm,
  getFieldworkSurvey,
  getSurveySettings,
  listQuotaQuestionChoices,
  parseQuotaForm,
  parseSettingsForm,
  quotaFormOf,
  readQuotaForm,
  removeQuota,
  saveQuota,
  saveSurveySettings,
  settingsFormFields,
  type ChangeAuthor,
  type FieldworkSurvey,
  type QuotaFormFields,
  type SettingsFormFields,
} from './service.ts';

type Ctx = Context<AppEnv>;

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;
const pageOf = (slug: string) => `/studio/surveys/${slug}/fieldwork`;

function slugOf(c: Ctx): string {
  const parsed = v.safeParse(SlugSchema, c.req.param('slug'));
  if (!parsed.success) throw new AppError('not_found', 'No such survey');
  return parsed.output;
}

const authorOf = (c: Ctx): ChangeAuthor & { userId: string | null } => ({
  actor: c.var.identity,
  ip: clientIp(c),
  userId: c.var.identity?.user.id ?? null,
});

/** The origin links are built on, as the researcher reached Attune. */
const originOf = (c: Ctx) => new URL(c.req.url).origin;

/** Gathers everything the fieldwork page shows, with the settings form as given. */
async function renderFieldworkPage(
  c: Ctx,
  survey: FieldworkSurvey,
  form: { fields?: SettingsFormFields; errors?: FieldErrors; invitationFields?: { count: string; labels: string }; invitationErrors?: FieldErrors; notice?: string },
  status: 200 | 422 = 200,
) {
  const db = c.var.db;
  const [settings, fill, invitations, key] = await Promise.all([
    getSurveySettings(db, survey.slug),
    getQuotaFill(db, survey.slug),
    listInvitations(db, survey.slug),
    getInvitationKey(db),
  ]);
  const choices = survey.definition ? listQuotaQuestionChoices(survey.definition) : [];
  const props: FieldworkPageProps = {
    viewer: viewerOf(c),
    survey: { slug: survey.slug, title: survey.title, published: survey.definition !== null },
    fields: form.fields ?? settingsFormFields(settings),
    errors: form.errors ?? {},
    notice: form.notice,
    targetSample: settings.targetSample,
    quotas: fill.map((quota) => {
      const choice = choices.find((ch) => ch.question === quota.question && ch.statement === quota.statement);
      return {
        ...quota,
        questionLabel: choice?.label ?? `${quota.question}${quota.statement ? `.${quota.statement}` : ''} (not in the newest version)`,
        cells: quota.cells.map((cell) => ({
          ...cell,
          answers: cell.codes.map((code) => choice?.options.find((o) => o.code === code)?.label ?? code),
        })),
      };
    }),
    quotaChoices: choices.map((ch) => ({ value: ch.value, label: ch.label })),
    invitations: invitations.map((inv) => ({ ...inv, link: invitationLink(originOf(c), key, survey.slug, inv.id) })),
    invitationFields: form.invitationFields ?? { count: '', labels: '' },
    invitationErrors: form.invitationErrors ?? {},
  };
  return c.html(doctype(<FieldworkPage {...props} />), status);
}

const NOTICES: Record<string, string> = {
  settings: 'Fieldwork settings saved.',
  unchanged: 'Nothing changed.',
  quota: 'Quota saved.',
  'quota-removed': 'Quota removed.',
};

/** Renders the quota editor. */
async function renderQuotaEditor(
  c: Ctx,
  survey: FieldworkSurvey & { definition: NonNullable<FieldworkSurvey['definition']> },
  form: QuotaFormFields,
  options: { editingId?: string; errors?: FieldErrors },
  status: 200 | 422 = 200,
) {
  const choice = listQuotaQuestionChoices(survey.definition).find((ch) => ch.value === form.question)!;
  const settings = await getSurveySettings(c.var.db, survey.slug);
  const counts = await countCellsNow(c.var.db, survey.slug, { question: choice.question, statement: choice.statement }, form.cells);
  const action = options.editingId ? `${pageOf(survey.slug)}/quotas/${options.editingId}` : `${pageOf(survey.slug)}/quotas`;
  return c.html(
    doctype(
      <QuotaEditorPage
        viewer={viewerOf(c)}
        survey={{ slug: survey.slug, title: survey.title }}
        question={{ value: choice.value, label: choice.label, options: choice.options }}
        form={form}
        achieved={counts}
        targetSample={settings.targetSample}
        errors={options.errors ?? {}}
        action={action}
        editing={options.editingId !== undefined}
      />,
    ),
    status,
  );
}

/** The published survey a quota is set on; quotas need a published version's questions. */
async function publishedSurvey(c: Ctx, slug: string) {
  const survey = await getFieldworkSurvey(c.var.db, slug);
  if (!survey.definition) throw new AppError('conflict', 'Publish the survey before setting quotas: a quota counts answers to a published question');
  return survey as FieldworkSurvey & { definition: NonNullable<FieldworkSurvey['definition']> };
}

/** A CSV cell: quoted, with text that a spreadsheet would run as a formula neutralised. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** `/studio/surveys/:slug/fieldwork…`: fieldwork settings, quotas and invitation links, for researchers. */
export function fieldworkRoutes() {
  const app = new Hono<AppEnv>();
  const researcher = requireRole('researcher');

  app.get('/:slug/fieldwork', researcher, async (c) => {
    const survey = await getFieldworkSurvey(c.var.db, slugOf(c));
    const saved = c.req.query('saved');
    const created = c.req.query('created');
    const notice = saved ? NOTICES[saved] : created && /^\d+$/.test(created) ? `${created} invitation link${created === '1' ? '' : 's'} created.` : undefined;
    return renderFieldworkPage(c, survey, { notice });
  });

  app.post('/:slug/fieldwork', researcher, async (c) => {
    const survey = await getFieldworkSurvey(c.var.db, slugOf(c));
    const posted = Object.fromEntries([...readFormFields(await c.req.formData())].map(([name, values]) => [name, values[0] ?? '']));
    delete posted._csrf;
    const outcome = parseSettingsForm(posted);
    if (!outcome.ok) return renderFieldworkPage(c, survey, { fields: outcome.fields, errors: outcome.errors }, 422);
    const changed = await saveSurveySettings(c.var.db, survey.slug, outcome.settings, authorOf(c));
    return c.redirect(`${pageOf(survey.slug)}?saved=${changed.length > 0 ? 'settings' : 'unchanged'}`, 303);
  });

  app.get('/:slug/fieldwork/quotas/new', researcher, async (c) => {
    const survey = await publishedSurvey(c, slugOf(c));
    const choice = listQuotaQuestionChoices(survey.definition).find((ch) => ch.value === c.req.query('question'));
    if (!choice) {
      return renderFieldworkPage(c, survey, { errors: { quota_question: 'Choose the question the quota counts' } }, 422);
    }
    return renderQuotaEditor(c, survey, blankQuotaForm(choice), {});
  });

  app.post('/:slug/fieldwork/quotas', researcher, async (c) => {
    const survey = await publishedSurvey(c, slugOf(c));
    const form = readQuotaForm(readFormFields(await c.req.formData()));
    const settings = await getSurveySettings(c.var.db, survey.slug);
    const outcome = parseQuotaForm(form, { definition: survey.definition, targetSample: settings.targetSample, quotas: settings.quotas });
    if (!outcome.ok) {
      if (outcome.errors.question) return renderFieldworkPage(c, survey, { errors: { quota_question: outcome.errors.question } }, 422);
      return renderQuotaEditor(c, survey, form, { errors: outcome.errors }, 422);
    }
    await saveQuota(c.var.db, survey.slug, outcome.quota, authorOf(c));
    return c.redirect(`${pageOf(survey.slug)}?saved=quota#quotas`, 303);
  });

  app.get('/:slug/fieldwork/quotas/:id', researcher, async (c) => {
    const survey = await publishedSurvey(c, slugOf(c));
    const settings = await getSurveySettings(c.var.db, survey.slug);
    const quota = settings.quotas.find((q) => q.id === c.req.param('id'));
    if (!quota) throw new AppError('not_found', 'No such quota');
    const choice = listQuotaQuestionChoices(survey.definition).find((ch) => ch.question === quota.question && ch.statement === quota.statement);
    if (!choice) throw new AppError('conflict', `The question of quota "${quota.label}" is not in the newest published version; remove the quota and add it again`);
    return renderQuotaEditor(c, survey, quotaFormOf(quota, choice), { editingId: quota.id });
  });

  app.post('/:slug/fieldwork/quotas/:id', researcher, async (c) => {
    const survey = await publishedSurvey(c, slugOf(c));
    const settings = await getSurveySettings(c.var.db, survey.slug);
    const id = c.req.param('id');
    if (!settings.quotas.some((q) => q.id === id)) throw new AppError('not_found', 'No such quota');
    const form = readQuotaForm(readFormFields(await c.req.formData()));
    const outcome = parseQuotaForm(form, { definition: survey.definition, targetSample: settings.targetSample, quotas: settings.quotas, editingId: id });
    if (!outcome.ok) {
      if (outcome.errors.question) throw new AppError('validation_failed', outcome.errors.question);
      return renderQuotaEditor(c, survey, form, { editingId: id, errors: outcome.errors }, 422);
    }
    await saveQuota(c.var.db, survey.slug, outcome.quota, authorOf(c));
    return c.redirect(`${pageOf(survey.slug)}?saved=quota#quotas`, 303);
  });

  app.post('/:slug/fieldwork/quotas/:id/delete', researcher, async (c) => {
    const slug = slugOf(c);
    await getFieldworkSurvey(c.var.db, slug);
    await removeQuota(c.var.db, slug, c.req.param('id'), authorOf(c));
    return c.redirect(`${pageOf(slug)}?saved=quota-removed#quotas`, 303);
  });

  app.post('/:slug/fieldwork/invitations', researcher, async (c) => {
    const survey = await getFieldworkSurvey(c.var.db, slugOf(c));
    const fields = readFormFields(await c.req.formData());
    const raw = { count: fields.get('count')?.[0] ?? '', labels: fields.get('labels')?.[0] ?? '' };
    const errors: FieldErrors = {};
    const parsed = v.safeParse(InvitationsFormSchema, raw);
    if (!parsed.success) for (const issue of parsed.issues) errors[v.getDotPath(issue) ?? 'count'] ??= issue.message;
    const labels = raw.labels
      .split(/\r\n?|\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (labels.some((label) => label.length > 200)) errors.labels = 'Keep each label to 200 characters or fewer';
    if (labels.length > 1000) errors.labels = 'Create at most 1,000 links at a time';
    const count = raw.count.trim() === '' ? undefined : Number(raw.count);
    if (!errors.count && !errors.labels) {
      if (count === undefined && labels.length === 0) errors.count = 'Enter how many links to create, or a label for each link';
      else if (count !== undefined && labels.length > 0 && count !== labels.length) {
        errors.count = `You entered ${labels.length} label${labels.length === 1 ? '' : 's'} but asked for ${count} links: make them match, or leave the number blank`;
      }
    }
    if (Object.keys(errors).length > 0) return renderFieldworkPage(c, survey, { invitationFields: raw, invitationErrors: errors }, 422);
    const wanted: (string | null)[] = labels.length > 0 ? labels : Array.from({ length: count! }, () => null);
    const created = await createInvitations(c.var.db, survey.slug, wanted, authorOf(c));
    return c.redirect(`${pageOf(survey.slug)}?created=${created.length}#invitations`, 303);
  });

  app.get('/:slug/fieldwork/invitations.csv', researcher, async (c) => {
    const survey = await getFieldworkSurvey(c.var.db, slugOf(c));
    const [invitations, key] = await Promise.all([listInvitations(c.var.db, survey.slug), getInvitationKey(c.var.db)]);
    const lines = [['label', 'link', 'created_at', 'used_at'].join(',')];
    for (const inv of invitations) {
      lines.push(
        [inv.label ?? '', invitationLink(originOf(c), key, survey.slug, inv.id), inv.createdAt, inv.usedAt ?? ''].map(csvCell).join(','),
      );
    }
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${survey.slug}-invitations.csv"`);
    c.header('cache-control', 'no-store');
    return c.body(`${lines.join('\r\n')}\r\n`);
  });

  return app;
}
