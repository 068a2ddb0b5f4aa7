import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDraft } from '../../server/drafts/service.ts';
import { createTestApp, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, watchPage, type ServedApp } from '../support/browser.ts';
import { completeAnswers, insertResponse, insertSession, monitorSurvey } from './fixtures.ts';

// A researcher's walk in Chromium: the survey overview (chart drawn, no layout shift), then the
// responses list, a filter and one response; a press user's overview; axe on every page.

const SCREENS = '/tmp/screens-E';
const SLUG = 'walk';

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let origin: string;
let researcher: SignedIn;
let press: SignedIn;

/** Seeds two weeks of fieldwork: completes most days (one day empty), some demo, screen-outs and partials. */
async function seed() {
  const day = (d: number, hour: number) => new Date(Date.UTC(2026, 2, d, hour, 0, 0)).toISOString();
  const perDay = [3, 5, 8, 6, 0, 4, 9, 11, 7, 5, 6, 2];
  for (const [index, count] of perDay.entries()) {
    for (let i = 0; i < count; i++) {
      const submitted = day(2 + index, 9 + (i % 10));
      const started = new Date(Date.parse(submitted) - (240 + ((i * 37) % 400)) * 1000).toISOString();
      await insertResponse(ctx, {
        survey_slug: SLUG,
        submitted_at: submitted,
        started_at: started,
        answers: JSON.stringify({ ...completeAnswers(i % 3 !== 0), q_age: i % 2 === 0 ? '2' : '3' }),
        panel_id: i % 4 === 0 ? `CW-${index}${i}` : null,
        source: i % 2 === 0 ? 'web' : 'api',
      });
    }
  }
  for (let i = 0; i < 4; i++) await insertResponse(ctx, { survey_slug: SLUG, submitted_at: day(5 + i, 14), is_demo: 1, source: 'demo' });
  for (let i = 0; i < 3; i++) await insertResponse(ctx, { survey_slug: SLUG, submitted_at: day(6 + i, 11), status: 'screened_out', answers: '{"q_age":"1"}' });
  for (const page of [null, 'p_screen', 'p_screen', 'p_views', 'p_views', 'p_views', 'p_kids', 'p_more']) await insertSession(ctx, SLUG, 'in_progress', page);
  await insertSession(ctx, SLUG, 'quota_full', 'p_screen');
  await ctx.database.db
    .insertInto('survey_settings')
    .values({
      survey_slug: SLUG,
      opens_at: '2026-03-02T08:00:00.000Z',
      closes_at: '2099-03-31T22:00:00.000Z',
      target_sample: 120,
      quotas: JSON.stringify([
        { id: 'age', label: 'Age band', question: 'q_age', cells: [{ label: '18 to 34', codes: ['2'], target: 60 }, { label: '35 or over', codes: ['3'], target: 60 }] },
      ]),
      updated_at: new Date().toISOString(),
    })
    .execute();
  await saveDraft(ctx.database.db, { slug: 'sketch', baseVersion: null, document: { slug: 'sketch', title: { en: 'Early ideas poll' } } }, researcher.user.id);
}

beforeAll(async () => {
  ctx = await createTestApp('sqlite', { definitions: [monitorSurvey(SLUG)] });
  researcher = await signIn(ctx, 'researcher');
  press = await signIn(ctx, 'press');
  await seed();
  served = await serveApp(ctx.app);
  origin = served.origin;
  browser = await launchChromium();
  mkdirSync(SCREENS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

/** A browser context signed in as the user, with a layout-shift observer and console problems collected. */
async function openAs(as: SignedIn, options: { width?: number; javaScript?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScript ?? true });
  await addSessionCookie(context, as, origin);
  const page = await context.newPage();
  // Fail a step in seconds, naming it, rather than the whole test at its time limit.
  page.setDefaultTimeout(8000);
  const problems = await watchPage(page);
  return { page, problems, close: () => context.close() };
}

/** Waits for chart.js to draw the completes chart and returns how many pixels it painted. */
async function paintedPixels(page: Page): Promise<number> {
  await page.waitForFunction(() => {
    const Chart = (window as unknown as { Chart?: { getChart(id: string): unknown } }).Chart;
    return Chart?.getChart('completes-chart') !== undefined;
  });
  return page.evaluate(() => {
    const canvas = document.getElementById('completes-chart') as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
    return count;
  });
}

describe('survey overview and responses in Chromium', () => {
  it('draws the completes chart on the overview without layout shift, and passes axe', async () => {
    const { page, problems, close } = await openAs(researcher);
    try {
      const response = await page.goto(`${origin}/studio/surveys/${SLUG}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await paintedPixels(page)).toBeGreaterThan(2000);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }))).toEqual({ cls: 0, shifts: 0 });
      expect(await page.locator('.overview-chart__area').evaluate((el) => el.getBoundingClientRect().height)).toBe(280);
      // The table beside the chart carries every day, the empty one included.
      expect((await page.locator('.overview-days tbody tr').nth(4).innerText()).replace(/\s+/g, ' ').trim()).toBe('Fri 6 Mar 2026 0 1');
      await page.screenshot({ path: `${SCREENS}/overview.png`, fullPage: true });
      await expectAccessible(page, 'overview');
      expect(problems).toEqual([]);

      // On to the responses, filtered to screen-outs, and one response.
      await page.getByRole('navigation', { name: 'Survey' }).getByRole('link', { name: 'Responses' }).click();
      await page.waitForURL(`${origin}/studio/surveys/${SLUG}/responses`);
      expect(await page.locator('.responses-table caption').innerText()).toBe('Responses 1 to 50 of 73, newest first');
      await page.screenshot({ path: `${SCREENS}/responses-list.png`, fullPage: true });
      await expectAccessible(page, 'responses list');
      await page.getByRole('link', { name: 'Next page' }).click();
      expect(await page.locator('.responses-table caption').innerText()).toBe('Responses 51 to 73 of 73, newest first');

      await page.getByLabel('Status').selectOption('screened_out');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/status=screened_out/);
      expect(await page.locator('.responses-table tbody tr').count()).toBe(3);
      await page.locator('.responses-table tbody tr').first().getByRole('link').click();
      await page.waitForURL(new RegExp(`/studio/surveys/${SLUG}/responses/[0-9a-f-]{36}$`));
      expect(await page.locator('#q-q_parent').innerText()).toContain('Not asked (screened out earlier)');
      await expectAccessible(page, 'screened-out response');

      await page.goBack();
      await page.goto(`${origin}/studio/surveys/${SLUG}/responses`);
      await page.locator('.responses-table tbody tr').nth(2).getByRole('link').click();
      expect(await page.locator('#q-q_age').innerText()).toMatch(/How old are you\?\s+(18 to 34|35 or over)/);
      await page.screenshot({ path: `${SCREENS}/response-detail.png`, fullPage: true });
      await expectAccessible(page, 'response detail');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a bad filter with an error summary and a draft-only survey, both passing axe', async () => {
    const { page, close } = await openAs(researcher);
    try {
      await page.goto(`${origin}/studio/surveys/sketch`);
      expect(await page.locator('h1').innerText()).toBe('Early ideas poll');
      await page.screenshot({ path: `${SCREENS}/draft-only.png`, fullPage: true });
      await expectAccessible(page, 'draft-only overview');
      const response = await page.goto(`${origin}/studio/surveys/${SLUG}/responses?version=zero`);
      expect(response?.status()).toBe(422);
      expect(await page.locator('.error-summary').innerText()).toContain('Version must be a version number');
      await page.screenshot({ path: `${SCREENS}/responses-error.png`, fullPage: true });
      await expectAccessible(page, 'responses list with an error');
    } finally {
      await close();
    }
  });

  it('gives a press user the overview on a phone, with no way to individual responses', async () => {
    const { page, problems, close } = await openAs(press, { width: 390 });
    try {
      await page.goto(`${origin}/studio/surveys/${SLUG}`);
      expect(await paintedPixels(page)).toBeGreaterThan(1000);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => window.__cls)).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.getByRole('link', { name: 'Responses' }).count()).toBe(0);
      await page.screenshot({ path: `${SCREENS}/overview-press-phone.png`, fullPage: true });
      await expectAccessible(page, 'overview as press on a phone');
      expect(problems).toEqual([]);
      const refused = await page.goto(`${origin}/studio/surveys/${SLUG}/responses`);
      expect(refused?.status()).toBe(403);
    } finally {
      await close();
    }
  });

  it('shows the overview without JavaScript, every figure in the table', async () => {
    const { page, close } = await openAs(researcher, { javaScript: false });
    try {
      await page.goto(`${origin}/studio/surveys/${SLUG}`);
      expect(await page.locator('.overview-days tbody tr').count()).toBe(12);
      await page.screenshot({ path: `${SCREENS}/overview-no-js.png`, fullPage: true });
    } finally {
      await close();
    }
  });
});
