import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { ChartEmbedPage } from '../../web/views/embed/chart-embed-page.tsx';
import { ChartBuilderPage } from '../../web/views/studio/press/chart-builder-page.tsx';
import { ChartPage } from '../../web/views/studio/press/chart-page.tsx';
import type { ChartAssets } from '../../web/views/studio/press/chart-parts.tsx';
import { PRESS_CHART_FONT_FAMILY, type BuiltPressChart } from '../../web/charts/press-chart.ts';
import type { AppEnv } from '../app.ts';
import { recordAudit } from '../audit/service.ts';
import { requireRole, viewerOf } from '../auth/middleware.ts';
import { CHART_FONT_FILES } from '../chart-render/fonts.ts';
import { renderPressChartPdf, renderPressChartPng, renderPressChartSvg, renderPublishedChartPng } from '../chart-render/render.ts';
import { AppError } from '../errors.ts';
import { issuesAsFields } from '../http.ts';
import { assertPublishable, getDisclosureChecklist } from '../methodology/service.ts';
import { computeFigures } from '../press-items/service.ts';
import { ChartFormSchema, ChartParamsSchema, ExportQuerySchema, type ChartForm } from './schemas.ts';
import {
  buildChartFor,
  chartCsv,
  compareChartWithLive,
  getChart,
  getChartFormChoices,
  saveChart,
  specFromForm,
  surveysOfChart,
  updateChart,
} from './service.ts';

// The chart studio (/studio/press/charts), the public embed of published charts (/embed/charts) and
// the files their pages need (/press-charts/assets: the bundled font, the shared plugins, the CSS).

type Ctx = Context<AppEnv>;
const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

// ---------------------------------------------------------------------------------------------
// Assets: read once at start, linked with a content hash so browsers may cache them for good.

const require = createRequire(import.meta.url);
const webFile = (relative: string) => fileURLToPath(new URL(`../../web/${relative}`, import.meta.url));

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function loadAsset(body: Buffer, type: string): Asset {
  return { body, type, etag: createHash('sha256').update(body).digest('hex').slice(0, 16) };
}

const assets = new Map<string, Asset>();
for (const file of CHART_FONT_FILES) assets.set(file.name, loadAsset(readFileSync(file.path), 'font/woff2'));
assets.set('press-chart.js', loadAsset(readFileSync(webFile('client/press-chart.js')), 'text/javascript; charset=utf-8'));
assets.set('chart.umd.js', loadAsset(readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js')), 'text/javascript; charset=utf-8'));
const url = (name: string) => `/press-charts/assets/${name}?v=${assets.get(name)!.etag}`;
// The same font files the server draws with, for the browser preview and the embed page.
const fontFaces = CHART_FONT_FILES.map(
  (file) =>
    `@font-face{font-family:"${PRESS_CHART_FONT_FAMILY}";font-style:normal;font-weight:${file.weight};font-display:swap;src:url("${url(file.name)}") format("woff2");unicode-range:${file.unicodeRange};}`,
).join('\n');
assets.set('press-charts.css', loadAsset(Buffer.from(`${fontFaces}\n${readFileSync(webFile('styles/press-charts.css'), 'utf8')}`), 'text/css; charset=utf-8'));

const CHART_ASSETS: ChartAssets = { chartJs: url('chart.umd.js'), pressChartJs: url('press-chart.js'), css: url('press-charts.css') };

/** `/press-charts/assets/:name`: the chart font, scripts and stylesheet (public: the embed page uses them). */
export function pressChartAssetRoutes() {
  return new Hono<AppEnv>().get('/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    const etag = `"${asset.etag}"`;
    const headers = { 'content-type': asset.type, etag, 'cache-control': 'public, max-age=31536000, immutable' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(asset.body), 200, headers);
  });
}

// ---------------------------------------------------------------------------------------------
// The studio

/** Refusals the pages answer with the form and a message, not an error page. */
const SHOWN_ON_PAGE = new Set(['not_found', 'bad_request', 'weighting_failed', 'validation_failed']);

const actorOf = (c: Ctx) => {
  const identity = c.var.identity;
  if (!identity) throw new AppError('unauthorized', 'Sign in first');
  return identity;
};

/** The form's fields as strings (the first of repeated keys). */
function rawFields(source: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && key !== '_csrf') fields[key] = first;
  }
  return fields;
}

type Parsed = { form: ChartForm; raw: Record<string, string> } | { form: null; raw: Record<string, string>; fields: Record<string, string> };

function parseForm(raw: Record<string, string>): Parsed {
  const parsed = v.safeParse(ChartFormSchema, raw);
  return parsed.success ? { form: parsed.output as ChartForm, raw } : { form: null, raw, fields: issuesAsFields(parsed.issues) };
}

/** Whether a request asks for a preview yet (a form with nothing chosen just shows the form). */
const hasChoice = (raw: Record<string, string>) => Object.entries(raw).some(([key, value]) => key !== 'type' && key !== 'weighting' && value !== '');

function chartIdOf(c: Ctx): string {
  const parsed = v.safeParse(ChartParamsSchema, c.req.param());
  if (!parsed.success) throw new AppError('not_found', 'No such chart');
  return parsed.output.id;
}

const NOTICES: Record<string, string> = {
  saved: 'Saved: the figures are frozen with this chart.',
  refrozen: "Saved: the figures were computed again from today's data and frozen.",
};

const EXPORT_FORMATS = ['png', 'png2x', 'svg', 'pdf'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];
const EXPORT_HREF: Record<ExportFormat, string> = { png: 'chart.png', png2x: 'chart.png?scale=2', svg: 'chart.svg', pdf: 'chart.pdf' };

/** A file name from the chart's title: lower case words joined by hyphens, at most 60 characters. */
function fileNameOf(built: BuiltPressChart, extension: string): string {
  const stem = built.texts.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${stem || 'chart'}.${extension}`;
}

/** The <iframe> a website pastes to show a published chart. */
function embedSnippetOf(origin: string, id: string, built: BuiltPressChart): string {
  const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${origin}/embed/charts/${encodeURIComponent(id)}" title="${attribute(built.texts.title)}" width="${built.width}" height="${built.height + 48}" style="border:0;width:100%;max-width:${built.width}px;aspect-ratio:${built.width}/${built.height + 48}" loading="lazy"></iframe>`;
}

async function renderChartPage(c: Ctx, id: string, extra: { form?: Record<string, string>; error?: { message: string | null; fields: Record<string, string> }; status?: 200 | 422 } = {}) {
  const chart = await getChart(c.var.db, id);
  const blockedFormat = c.req.query('blocked') as ExportFormat | undefined;
  let blocked;
  if (blockedFormat && EXPORT_FORMATS.includes(blockedFormat)) {
    const missing = [];
    for (const slug of surveysOfChart(chart)) {
      const checklist = await getDisclosureChecklist(c.var.db, slug);
      if (!checklist.complete) missing.push({ slug, items: checklist.missingRequired });
    }
    if (missing.length > 0) blocked = { format: blockedFormat, href: EXPORT_HREF[blockedFormat], missing };
  }
  const page = (
    <ChartPage
      viewer={viewerOf(c)}
      chart={chart}
      live={await compareChartWithLive(c.var.db, chart)}
      choices={await getChartFormChoices(c.var.db)}
      assets={CHART_ASSETS}
      embedSnippet={chart.item.published ? embedSnippetOf(new URL(c.req.url).origin, chart.item.id, chart.built) : null}
      notice={NOTICES[c.req.query('done') ?? '']}
      blocked={blocked}
      form={extra.form}
      error={extra.error}
    />
  );
  return c.html(doctype(page), extra.status ?? 200);
}

/** Passes the disclosure gate for every survey of the chart, or redirects to the chart page listing what is missing. */
async function gateExport(c: Ctx, chart: Awaited<ReturnType<typeof getChart>>, format: ExportFormat, override: string): Promise<Response | null> {
  const actor = actorOf(c);
  let overridden = false;
  try {
    for (const slug of surveysOfChart(chart)) {
      const result = await assertPublishable(c.var.db, slug, { what: `chart ${chart.item.id} (${format})`, overrideReason: override || null, actor });
      overridden ||= result.overridden;
    }
  } catch (caught) {
    if (caught instanceof AppError && caught.code === 'disclosure_incomplete') {
      return c.redirect(`/studio/press/charts/${encodeURIComponent(chart.item.id)}?blocked=${format}#disclosure-blocked`, 303);
    }
    throw caught;
  }
  await recordAudit(c.var.db, { actor, action: 'press.exported', subject: chart.item.id, detail: { format, overridden } });
  return null;
}

function exportQueryOf(c: Ctx) {
  const parsed = v.safeParse(ExportQuerySchema, { scale: c.req.query('scale'), override: c.req.query('override') });
  if (!parsed.success) throw new AppError('validation_failed', 'The export was not understood', issuesAsFields(parsed.issues));
  return parsed.output;
}

/** `/studio/press/charts`: build, preview, save, change and export charts (press and up). */
export function pressChartRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');

  app.get('/new', press, async (c) => {
    const raw = rawFields(c.req.query());
    const choices = await getChartFormChoices(c.var.db);
    const parsed = parseForm(raw);
    let error: { message: string | null; fields: Record<string, string> } | null = parsed.form ? null : { message: null, fields: parsed.fields };
    let built: BuiltPressChart | null = null;
    let status: 200 | 400 | 404 | 422 = parsed.form ? 200 : 400;
    if (parsed.form && hasChoice(raw)) {
      try {
        const spec = specFromForm(parsed.form, choices);
        built = await buildChartFor(c.var.db, await computeFigures(c.var.db, spec.queries), spec.settings);
      } catch (caught) {
        if (!(caught instanceof AppError) || !SHOWN_ON_PAGE.has(caught.code)) throw caught;
        error = { message: caught.message, fields: caught.fields ?? {} };
        status = caught.status as 400 | 404 | 422;
      }
    }
    return c.html(doctype(<ChartBuilderPage viewer={viewerOf(c)} choices={choices} form={raw} built={built} error={error} assets={CHART_ASSETS} />), status);
  });

  app.post('/new', press, async (c) => {
    const raw = rawFields(await c.req.parseBody());
    const parsed = parseForm(raw);
    const reshow = async (error: { message: string | null; fields: Record<string, string> }) =>
      c.html(doctype(<ChartBuilderPage viewer={viewerOf(c)} choices={await getChartFormChoices(c.var.db)} form={raw} built={null} error={error} assets={CHART_ASSETS} />), 422);
    if (!parsed.form) return reshow({ message: null, fields: parsed.fields });
    try {
      const item = await saveChart(c.var.db, parsed.form, actorOf(c));
      return c.redirect(`/studio/press/charts/${encodeURIComponent(item.id)}?done=saved`, 303);
    } catch (caught) {
      if (!(caught instanceof AppError) || !SHOWN_ON_PAGE.has(caught.code)) throw caught;
      return reshow({ message: caught.message, fields: caught.fields ?? {} });
    }
  });

  app.get('/:id', press, (c) => renderChartPage(c, chartIdOf(c)));

  app.post('/:id', press, async (c) => {
    const id = chartIdOf(c);
    await getChart(c.var.db, id);
    const raw = rawFields(await c.req.parseBody());
    const parsed = parseForm(raw);
    if (!parsed.form) return renderChartPage(c, id, { form: raw, error: { message: null, fields: parsed.fields }, status: 422 });
    try {
      await updateChart(c.var.db, id, parsed.form, actorOf(c));
    } catch (caught) {
      if (!(caught instanceof AppError) || !SHOWN_ON_PAGE.has(caught.code)) throw caught;
      return renderChartPage(c, id, { form: raw, error: { message: caught.message, fields: caught.fields ?? {} }, status: 422 });
    }
    return c.redirect(`/studio/press/charts/${encodeURIComponent(id)}?done=refrozen`, 303);
  });

  app.get('/:id/chart.png', press, async (c) => {
    const chart = await getChart(c.var.db, chartIdOf(c));
    const query = exportQueryOf(c);
    const scale = Number(query.scale);
    const refused = await gateExport(c, chart, scale === 1 ? 'png' : 'png2x', query.override);
    if (refused) return refused;
    const png = await renderPressChartPng(chart.built, scale);
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'content-disposition': `attachment; filename="${fileNameOf(chart.built, scale === 1 ? 'png' : `${scale}x.png`)}"`,
    });
  });

  app.get('/:id/chart.svg', press, async (c) => {
    const chart = await getChart(c.var.db, chartIdOf(c));
    const refused = await gateExport(c, chart, 'svg', exportQueryOf(c).override);
    if (refused) return refused;
    return c.body(await renderPressChartSvg(chart.built), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'content-disposition': `attachment; filename="${fileNameOf(chart.built, 'svg')}"`,
    });
  });

  app.get('/:id/chart.pdf', press, async (c) => {
    const chart = await getChart(c.var.db, chartIdOf(c));
    const refused = await gateExport(c, chart, 'pdf', exportQueryOf(c).override);
    if (refused) return refused;
    return c.body(new Uint8Array(await renderPressChartPdf(chart.built)), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileNameOf(chart.built, 'pdf')}"`,
    });
  });

  app.get('/:id/data.csv', press, async (c) => {
    const chart = await getChart(c.var.db, chartIdOf(c));
    return c.body(chartCsv(chart), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileNameOf(chart.built, 'csv')}"`,
    });
  });
  return app;
}

// ---------------------------------------------------------------------------------------------
// The public embed

/** A published chart, or 404 (unknown, a headline, or not published: nothing is shown before publishing). */
async function publishedChart(c: Ctx) {
  // getChart answers not_found for an unknown id or a headline itself; one load of the item.
  const chart = await getChart(c.var.db, chartIdOf(c));
  if (!chart.item.published) throw new AppError('not_found', 'No such chart');
  return chart;
}

/** `/embed/charts/:id`: a published chart for an <iframe> on any website, and its image. */
export function chartEmbedRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/:id', async (c) => {
    const chart = await publishedChart(c);
    const imageUrl = `/embed/charts/${encodeURIComponent(chart.item.id)}/chart.png?scale=2`;
    return c.html(doctype(<ChartEmbedPage built={chart.built} imageUrl={imageUrl} css={CHART_ASSETS.css} />), 200, { 'cache-control': 'public, max-age=300' });
  });

  app.get('/:id/chart.png', async (c) => {
    const chart = await publishedChart(c);
    const scale = c.req.query('scale') === '2' ? 2 : 1;
    return c.body(await renderPublishedChartPng(chart.built, scale), 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=300' });
  });
  return app;
}
