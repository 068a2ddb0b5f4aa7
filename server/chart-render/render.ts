import { createHash } from 'node:crypto';
import { createCanvas, loadImage, PDFDocument, SvgExportFlag } from '@napi-rs/canvas';
import { Chart, layouts, registerables, type ChartConfiguration } from 'chart.js';
import type { BuiltPressChart, PressFooterOptions } from '../../web/charts/press-chart.ts';
import { createPressChartPlugins, provideImage } from '../../web/client/press-chart.js';
import { registerChartFonts } from './fonts.ts';
import { encodeOpaquePng } from './png.ts';

// Draws a press chart's chart.js configuration (web/charts/press-chart.ts) on the server with
// @napi-rs/canvas: PNG at the chart's size or a multiple of it, SVG with the text turned into paths
// (so it looks the same without the font), and a one-page vector PDF. The plugins are the browser's
// own (web/client/press-chart.js), so the download is the preview.

Chart.register(...registerables);
const plugins = createPressChartPlugins(layouts);

/** The largest PNG scale offered (2x is the press standard; 3x for print at larger sizes). */
export const MAX_PNG_SCALE = 3;

/** Decodes the logo once per source before drawing, so that the footer draws it synchronously. */
const loadedLogos = new Set<string>();
async function prepare(built: BuiltPressChart): Promise<void> {
  registerChartFonts();
  const logo = (built.config.options?.plugins?.attunePressFooter as PressFooterOptions | undefined)?.logo;
  if (logo && !loadedLogos.has(logo.src)) {
    const base64 = logo.src.slice(logo.src.indexOf(',') + 1);
    provideImage(logo.src, await loadImage(Buffer.from(base64, 'base64')));
    loadedLogos.add(logo.src);
  }
}

/** Draws the configuration on a canvas (or anything with getContext and a size), hands it to `capture`
 * while it is drawn, then frees the chart (destroying a chart clears its canvas, so capture comes first). */
async function draw<T>(target: unknown, built: BuiltPressChart, pixelRatio: number, capture: () => T | Promise<T>): Promise<T> {
  // A copy: chart.js writes its resolved state into the configuration it is given.
  const config = structuredClone(built.config) as ChartConfiguration<'bar', (number | [number, number])[], string[]>;
  config.options = { ...config.options, devicePixelRatio: pixelRatio, responsive: false, animation: false };
  const chart = new Chart(target as HTMLCanvasElement, { ...config, plugins });
  try {
    return await capture();
  } finally {
    chart.destroy();
  }
}

/** A PNG of the chart; `scale` 2 doubles the width and height (same layout, sharper). */
export async function renderPressChartPng(built: BuiltPressChart, scale = 1): Promise<Buffer> {
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_PNG_SCALE) throw new RangeError(`scale must be a whole number from 1 to ${MAX_PNG_SCALE}`);
  await prepare(built);
  const canvas = createCanvas(built.width, built.height);
  // The background plugin paints every pixel opaque white first, so the fast opaque encoder applies;
  // the library's encoder stays as the fallback should anything ever leave a pixel transparent.
  return draw(canvas, built, scale, async () => (await encodeOpaquePng(canvas.data(), canvas.width, canvas.height)) ?? canvas.encode('png'));
}

/** A name for the chart's picture that changes exactly when what is drawn does (its configuration, which
 * holds the figures, the words and the brand, and its size): an ETag, and the key of the picture cache. */
export function pressChartVersion(built: BuiltPressChart): string {
  return createHash('sha256').update(JSON.stringify([built.config, built.width, built.height])).digest('hex').slice(0, 32);
}

// Published pictures by version and scale. A press release can send many readers at once to the public
// results page and the embeds, and drawing takes a good part of a second on a small server, so each
// picture is drawn once; readers arriving while it is drawn wait for the same drawing. Kept small (the
// oldest goes first); a picture that failed is forgotten so the next reader tries again.
const MAX_PICTURES = 32;
const pictures = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/** renderPressChartPng for public pages: the same picture, drawn once per version and scale. */
export function renderPublishedChartPng(built: BuiltPressChart, scale = 1): Promise<Uint8Array<ArrayBuffer>> {
  const key = `${pressChartVersion(built)}@${scale}`;
  let png = pictures.get(key);
  if (!png) {
    png = renderPressChartPng(built, scale).then((buffer) => new Uint8Array(buffer));
    png.catch(() => pictures.delete(key));
    if (pictures.size >= MAX_PICTURES) pictures.delete(pictures.keys().next().value!);
    pictures.set(key, png);
  }
  return png;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An SVG of the chart with every glyph as a path, and the title and alt text as its <title> and <desc>. */
export async function renderPressChartSvg(built: BuiltPressChart): Promise<string> {
  await prepare(built);
  const canvas = createCanvas(built.width, built.height, SvgExportFlag.ConvertTextToPaths);
  const svg = await draw(canvas, built, 1, () => canvas.getContent().toString('utf8'));
  // Text drawn as paths cannot be read by a screen reader or found by search: name the image in words.
  return svg.replace(
    /<svg\b([^>]*)>/,
    (_, attributes: string) =>
      `<svg${attributes} role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${built.width} ${built.height}">` +
      `<title id="chart-title">${escapeXml(built.texts.title)}</title><desc id="chart-desc">${escapeXml(built.texts.altText)}</desc>`,
  );
}

/** A one-page vector PDF of the chart, a page the chart's size in points. */
export async function renderPressChartPdf(built: BuiltPressChart): Promise<Buffer> {
  await prepare(built);
  const document = new PDFDocument({ title: built.texts.title, subject: built.texts.altText, creator: 'Attune', producer: 'Attune' });
  const context = document.beginPage(built.width, built.height);
  // chart.js finds its canvas through the context, which a PDF page's context does not have: give it one.
  const page = { width: built.width, height: built.height, getContext: () => context };
  Object.defineProperty(context, 'canvas', { value: page, configurable: true });
  await draw(page, built, 1, () => document.endPage());
  return document.close();
}
