import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import type { FigureQuery } from '../../server/press-items/figures.ts';
import { savePressItem, setPressItemPublished, type PressItemSpec } from '../../server/press-items/service.ts';
import { createTestApp, publishResults, type TestContext } from '../helpers.ts';
import { axeScan, launchChromium, serveApp, watchPage, type ServedApp } from '../support/browser.ts';

// The public results pages of the example surveys as a journalist opens them from a press release:
// the Start for Life headlines and advice chart, and the Parent-Infant Foundation's "97% of
// professionals vs 75% of the public" chart, read in Chromium on a desktop, a phone and with
// JavaScript off, scanned with axe, measured for layout shift and requests, and photographed.

const SCREENS = '/tmp/screens';
const SYSTEM = { label: 'system' as const };
/** The request budget: the page, two stylesheets, chart.js and its drawing script, and one picture per published chart. */
const FIXED_REQUESTS = 5;
/** Everything the page downloads (HTML, CSS, scripts and pictures), uncompressed: about 380 KB today, of which
 * chart.js is 210 KB and a chart picture about 100 KB. */
const BYTES_BUDGET = 450_000;

const agree = (survey: string, question: string, statement?: string): FigureQuery => ({ survey, question, ...(statement ? { statement } : {}), answer: { kind: 'net', id: 'top2' } });

async function publish(ctx: TestContext, surveySlug: string, kind: 'headline' | 'chart', title: string, spec: PressItemSpec) {
  const item = await savePressItem(ctx.database.db, { surveySlug, kind, title, spec }, SYSTEM);
  await setPressItemPublished(ctx.database.db, item.id, true, SYSTEM);
  return item;
}

/** Opens a page as an anonymous reader, recording every request and its size and watching for layout shift. */
async function openPage(browser: Browser, url: string, options: { javaScript?: boolean; width?: number } = {}) {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  const problems = await watchPage(page);
  const requests: { url: string; bytes: number }[] = [];
  page.on('requestfinished', async (request) => {
    if (request.url().endsWith('/favicon.ico')) return;
    const response = await request.response();
    requests.push({ url: request.url(), bytes: response ? (await response.body()).length : 0 });
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, problems, requests, close: () => context.close() };
}

/** Scrolls to the end so lazy pictures load, waits for every picture and chart, then scrolls back. */
async function loadEverything(page: Page, javaScript = true) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete && image.naturalWidth > 0));
  if (javaScript) {
    await page.waitForFunction(() => {
      const Chart = (window as unknown as { Chart?: { instances: Record<string, unknown> } }).Chart;
      return Chart !== undefined && Object.keys(Chart.instances).length === document.querySelectorAll('canvas').length;
    });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let any late reflow happen before reading the shift score.
  await page.waitForTimeout(300);
}

describe('public results page in Chromium', () => {
  let ctx: TestContext;
  let served: ServedApp;
  let browser: Browser;

  beforeAll(async () => {
    ctx = await createTestApp('sqlite', { examples: true });
    // The demo samples reproduce the published findings exactly (server/demo/targets.ts).
    await fillDemoResponses(ctx.database.db, { perSurvey: 400 });
    for (const slug of ['start-for-life-parents', 'pif-public']) await publishResults(ctx, slug);
    const sfl = 'start-for-life-parents';
    await publish(ctx, sfl, 'headline', 'Welcome support', {
      queries: [agree(sfl, 'q_welcome_support')],
      settings: { sentence: 'Almost three-quarters (73%) of parents would welcome support in nurturing their connection with their baby.' },
    });
    await publish(ctx, sfl, 'headline', 'Unaware', {
      queries: [{ survey: sfl, question: 'q_aware_mh_before_2', answer: { kind: 'option', id: '2' } }],
      settings: { sentence: "41% of parents did not know that a baby's mental health affects their development before the age of two." },
    });
    await publish(ctx, sfl, 'headline', 'Guilty', {
      queries: [{ survey: sfl, question: 'q_felt_guilty', answer: { kind: 'option', id: '1' } }],
      settings: { sentence: "Almost a third (31%) have felt guilty for following advice when their baby's cues said otherwise." },
    });
    await publish(ctx, sfl, 'chart', 'Outdated advice', {
      queries: ['s_any_advice', 's_cry_it_out', 's_limit_affection'].map((statement) => agree(sfl, 'q_advice_outdated', statement)),
      settings: {
        type: 'options',
        categories: ['Some advice I received is outdated', "Letting the baby 'cry it out'", 'Limiting physical affection'],
        series: [{ label: 'Agree' }],
        cells: [0, 1, 2].map((category) => ({ category, series: 0 })),
        texts: { title: 'Half of parents say advice on crying and affection is outdated' },
      },
    });
    await publish(ctx, 'pif-public', 'chart', 'Professionals vs public', {
      queries: [agree('pif-professionals', 'q_views', 's_early_relationships_critical'), agree('pif-public', 'q_attitudes', 's_early_relationships_critical')],
      settings: {
        type: 'groups',
        categories: ['Professionals', 'The public'],
        series: [{ label: 'Agree' }],
        cells: [0, 1].map((category) => ({ category, series: 0 })),
        texts: { title: "97% of professionals and 75% of the public agree early relationships are critical to children's development" },
      },
    });
    served = await serveApp(ctx.app);
    browser = await launchChromium();
    mkdirSync(SCREENS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await ctx?.database.drop();
  });

  for (const slug of ['start-for-life-parents', 'pif-public']) {
    it(`${slug}: draws everything without layout shift or console errors, within the request budget, and passes axe`, async () => {
      const { page, problems, requests, close } = await openPage(browser, `${served.origin}/results/${slug}`);
      try {
        await loadEverything(page);
        expect(await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }))).toEqual({ cls: 0, shifts: 0 });
        const pictures = await page.evaluate(() => Array.from(document.images).map((image) => ({ alt: image.alt, width: image.naturalWidth, shown: image.clientWidth })));
        expect(pictures.length).toBe(1);
        for (const picture of pictures) {
          expect(picture.width).toBe(1200);
          expect(picture.shown).toBeGreaterThan(300);
          expect(picture.alt.length).toBeGreaterThan(40);
        }
        expect(requests.length, requests.map((r) => r.url).join('\n')).toBeLessThanOrEqual(FIXED_REQUESTS + pictures.length);
        const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
        expect(bytes).toBeLessThan(BYTES_BUDGET);
        console.log(`${slug}: ${requests.length} requests, ${bytes} bytes`, requests.map((r) => `${r.url.replace(served.origin, '')} ${r.bytes}`).join(', '));
        await page.screenshot({ path: `${SCREENS}/public-results-${slug}.png`, fullPage: true });
        expect((await axeScan(page)).violations).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it('shows the key findings and the chart figures on a phone, with nothing wider than the screen', async () => {
    const { page, problems, close } = await openPage(browser, `${served.origin}/results/start-for-life-parents`, { width: 390 });
    try {
      await loadEverything(page);
      expect(await page.evaluate(() => window.__cls)).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SCREENS}/public-results-phone.png`, fullPage: true });
      expect((await axeScan(page)).violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('reads completely with JavaScript off: headlines, chart pictures and tables', async () => {
    const { page, close } = await openPage(browser, `${served.origin}/results/pif-public`, { javaScript: false });
    try {
      await loadEverything(page, false);
      const table = page.locator('.results-press-chart table');
      expect((await table.locator('tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim())).toEqual(['Professionals 97% 400', 'The public 75% 400']);
      await expect.poll(() => page.locator('.results-press-chart img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1200);
      expect(await page.locator('#about-this-research').isVisible()).toBe(true);
    } finally {
      await close();
    }
  });
});
