import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { BrandPage, brandAnchor, brandsPagePath } from '../../web/views/studio/press/brand-page.tsx';
import { MethodologyPage, methodologyPagePath } from '../../web/views/studio/press/methodology-page.tsx';
import type { AppEnv } from '../app.ts';
import { roleIncludes } from '../auth/identity.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { issuesAsFields, validate } from '../http.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import { SlugSchema } from '../surveys/schema.ts';
import { listWeightingSchemes } from '../weighting/service.ts';
import { checkBrandColours, checkLogo, contrastWarnings } from './brand-rules.ts';
import { buildDisclosureChecklist, buildMethodologyNote } from './note.ts';
import {
  BrandBodySchema,
  CodeOfConductSchema,
  DisclosureBodySchema,
  MethodologyQuerySchema,
  OrganisationParamsSchema,
  SurveyParamsSchema,
  TablesUrlSchema,
} from './schemas.ts';
import {
  findOrganisationBrand,
  gatherSurveyFacts,
  getDisclosureAnswers,
  listOrganisationBrands,
  noteWeightingOf,
  saveBrand,
  saveDisclosureAnswers,
  type LogoChange,
  type StoredBrand,
} from './service.ts';

type Ctx = Context<AppEnv>;

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;
const author = (c: Ctx) => ({ actor: c.var.identity, ip: clientIp(c) });

/** Everything the methodology page and API show for a survey: the note (with the chosen weighting),
 * the checklist and the answers, read once. */
async function methodologyOf(c: Ctx, slug: string, weighting: string) {
  const db = c.var.db;
  const [facts, answers, noteWeighting, schemes] = await Promise.all([
    gatherSurveyFacts(db, slug),
    getDisclosureAnswers(db, slug),
    noteWeightingOf(db, slug, weighting || null),
    listWeightingSchemes(db, slug),
  ]);
  return {
    note: buildMethodologyNote(facts, answers, noteWeighting),
    checklist: buildDisclosureChecklist(facts, answers),
    answers,
    title: facts.title,
    schemes: schemes.map((scheme) => ({ name: scheme.name, description: scheme.description })),
  };
}

/** A brand as the API shows it, with a warning per colour that is too pale for bars on white. */
function brandJson(brand: StoredBrand) {
  return {
    organisation: brand.organisation,
    colours: brand.colours,
    custom: brand.custom,
    logo: brand.logo,
    warnings: brand.custom ? contrastWarnings(brand.colours) : [],
    updatedAt: brand.updatedAt,
  };
}

/** `/api/press/...`: the methodology note, disclosure checklist and answers, and chart brands, as JSON. */
export function methodologyApiRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');
  const researcher = requireRole('researcher');

  app.get('/surveys/:slug/methodology', press, validate('param', SurveyParamsSchema), validate('query', MethodologyQuerySchema), async (c) => {
    const { slug } = c.req.valid('param');
    const weighting = c.req.valid('query').weighting ?? '';
    const found = await methodologyOf(c, slug, weighting);
    return c.json({ surveySlug: slug, weighting: weighting || null, note: found.note, checklist: found.checklist, answers: found.answers });
  });

  // Press officers own the disclosure of what they publish, so they may change the answers.
  app.put('/surveys/:slug/disclosure', press, validate('param', SurveyParamsSchema), validate('json', DisclosureBodySchema), async (c) => {
    const { slug } = c.req.valid('param');
    const { answers } = c.req.valid('json');
    const saved = await saveDisclosureAnswers(c.var.db, slug, { tablesUrl: answers.tablesUrl || null, codeOfConduct: answers.codeOfConduct || null }, author(c));
    const found = await methodologyOf(c, slug, '');
    return c.json({ surveySlug: slug, answers: saved, checklist: found.checklist });
  });

  app.get('/brands', press, async (c) => c.json({ brands: (await listOrganisationBrands(c.var.db)).map(brandJson) }));

  app.get('/brands/:organisation', press, validate('param', OrganisationParamsSchema), async (c) => {
    const { organisation } = c.req.valid('param');
    return c.json(brandJson(await findOrganisationBrand(c.var.db, organisation)));
  });

  // Brands are the organisation's identity across every survey, so researchers and admins set them.
  app.put('/brands/:organisation', researcher, validate('param', OrganisationParamsSchema), validate('json', BrandBodySchema), async (c) => {
    const { organisation } = c.req.valid('param');
    const body = c.req.valid('json');
    const colours = checkBrandColours(body.colours);
    const fields: FieldErrors = colours.ok ? {} : colours.fields;
    let logo: LogoChange = { action: 'keep' };
    if (body.logo === null) logo = { action: 'remove' };
    else if (body.logo) {
      const checked = checkLogo(Buffer.from(body.logo.base64, 'base64'), body.logo.mediaType);
      if (!checked.ok) fields['logo'] = checked.message;
      else if (checked.logo.mediaType !== body.logo.mediaType) fields['logo.mediaType'] = `the file is ${checked.logo.mediaType}, not ${body.logo.mediaType}`;
      else logo = { action: 'replace', logo: checked.logo };
    }
    if (!colours.ok || Object.keys(fields).length > 0) throw new AppError('invalid_request', `The brand of "${organisation}" is not valid`, fields);
    const saved = await saveBrand(c.var.db, organisation, { colours: colours.colours, logo }, author(c));
    return c.json(brandJson(saved));
  });

  return app;
}

function slugOf(c: Ctx): string {
  const parsed = v.safeParse(SlugSchema, c.req.param('slug'));
  if (!parsed.success) throw new AppError('not_found', 'No such survey');
  return parsed.output;
}

/** The weighting asked for in the page's address; an impossible name cannot exist, so it is a 404. */
function weightingOf(c: Ctx): string {
  const parsed = v.safeParse(MethodologyQuerySchema, { weighting: c.req.query('weighting') });
  if (!parsed.success) throw new AppError('not_found', 'No such weighting scheme');
  return parsed.output.weighting ?? '';
}

/** The value of a text field of a posted form ('' when absent or a file). */
const textOf = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

const NOTICES: Record<string, string> = {
  saved: 'Disclosure answers saved.',
  'brand-saved': 'Brand saved.',
};

/** `/studio/press/surveys/:slug/methodology` and `/studio/press/brands`: the pages. */
export function methodologyPageRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');
  const researcher = requireRole('researcher');

  const renderMethodology = async (c: Ctx, slug: string, weighting: string, posted?: { form: { tablesUrl: string; codeOfConduct: string }; errors: FieldErrors }) => {
    const found = await methodologyOf(c, slug, weighting);
    const done = c.req.query('done');
    return c.html(
      doctype(
        <MethodologyPage
          viewer={viewerOf(c)}
          survey={{ slug, title: found.title }}
          note={found.note}
          weighting={{ selected: weighting, schemes: found.schemes }}
          checklist={found.checklist}
          form={posted?.form ?? { tablesUrl: found.answers.tablesUrl ?? '', codeOfConduct: found.answers.codeOfConduct ?? '' }}
          errors={posted?.errors ?? {}}
          notice={!posted && done ? NOTICES[done] : undefined}
        />,
      ),
      posted ? 422 : 200,
    );
  };

  app.get('/surveys/:slug/methodology', press, async (c) => renderMethodology(c, slugOf(c), weightingOf(c)));

  app.post('/surveys/:slug/methodology', press, async (c) => {
    const slug = slugOf(c);
    await getLatestSurvey(c.var.db, slug); // 404 before reading the form of an unknown survey
    const data = await c.req.formData();
    const form = { tablesUrl: textOf(data, 'tablesUrl').trim(), codeOfConduct: textOf(data, 'codeOfConduct').trim() };
    const errors: FieldErrors = {};
    if (form.tablesUrl) {
      const url = v.safeParse(TablesUrlSchema, form.tablesUrl);
      if (!url.success) errors.tablesUrl = issuesAsFields(url.issues).body ?? 'must be a web address starting https:// or http://';
    }
    const statement = v.safeParse(CodeOfConductSchema, form.codeOfConduct);
    if (!statement.success) errors.codeOfConduct = issuesAsFields(statement.issues).body ?? 'is not valid';
    if (Object.keys(errors).length > 0) return renderMethodology(c, slug, '', { form, errors });
    await saveDisclosureAnswers(c.var.db, slug, { tablesUrl: form.tablesUrl || null, codeOfConduct: form.codeOfConduct || null }, author(c));
    return c.redirect(`${methodologyPagePath(slug)}?done=saved`, 303);
  });

  const renderBrands = async (c: Ctx, failed?: { organisation: string; colours: string[]; errors: FieldErrors }) => {
    const viewer = viewerOf(c);
    const brands = await listOrganisationBrands(c.var.db);
    const done = c.req.query('done');
    return c.html(
      doctype(
        <BrandPage
          viewer={viewer}
          brands={brands}
          canEdit={roleIncludes(viewer.role, 'researcher')}
          failed={failed}
          notice={!failed && done ? NOTICES[done] : undefined}
        />,
      ),
      failed ? 422 : 200,
    );
  };

  app.get('/brands', press, async (c) => renderBrands(c));

  app.post('/brands/:organisation', researcher, async (c) => {
    const organisation = c.req.param('organisation');
    const existing = await findOrganisationBrand(c.var.db, organisation);
    const data = await c.req.formData();
    const typed = data.getAll('colours').map((value) => (typeof value === 'string' ? value : ''));
    const colours = checkBrandColours(typed);
    const errors: FieldErrors = colours.ok ? {} : { ...colours.fields };
    let logo: LogoChange = textOf(data, 'removeLogo') === 'yes' ? { action: 'remove' } : { action: 'keep' };
    const file = data.get('logo');
    // A form with no file chosen still sends the field, as an empty file with no name.
    if (file instanceof File && (file.size > 0 || file.name !== '')) {
      const checked = checkLogo(new Uint8Array(await file.arrayBuffer()), file.type);
      if (checked.ok) logo = { action: 'replace', logo: checked.logo };
      else errors.logo = checked.message;
    }
    if (!colours.ok || Object.keys(errors).length > 0) return renderBrands(c, { organisation: existing.organisation, colours: typed, errors });
    await saveBrand(c.var.db, organisation, { colours: colours.colours, logo }, author(c));
    return c.redirect(`${brandsPagePath}?done=brand-saved#${brandAnchor(organisation)}`, 303);
  });

  return app;
}
