import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../server/surveys/model.ts';
import { definitionFrom, publishResults } from '../helpers.ts';
import { axeScan, paintedPixelsPerCanvas, useBrowserApp, type BrowserApp } from '../support/browser.ts';
import { RESULTS_SURVEY_V1 } from './results-fixture.ts';
import { submitAll, V1_ANSWERS } from './seed.ts';

const SCREENS = '/tmp/screens';

/** A small deterministic generator so the seeded sample (and the screenshot) is the same every run. */
function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/** Plausible answers to the Start for Life example survey, skewed like the published findings. */
function startForLifeAnswers(count: number): Answers[] {
  const random = seededRandom(42);
  const pick = (weights: [string, number][]) => {
    let r = random() * weights.reduce((sum, [, w]) => sum + w, 0);
    for (const [code, w] of weights) if ((r -= w) < 0) return code;
    return weights[weights.length - 1]![0];
  };
  const agree: [string, number][] = [['1', 4], ['2', 8], ['3', 15], ['4', 40], ['5', 28], ['9', 5]];
  return Array.from({ length: count }, () => {
    const guilty = pick([['1', 31], ['2', 60], ['3', 9]]);
    return {
      q_age_band: pick([['2', 15], ['3', 50], ['4', 30], ['5', 5]]),
      q_parent_under2: '1',
      q_region: pick([['1', 5], ['2', 13], ['3', 10], ['4', 9], ['5', 11], ['6', 11], ['7', 16], ['8', 16], ['9', 9]]),
      q_gender: pick([['1', 60], ['2', 38], ['3', 1], ['4', 1]]),
      q_children_under2: Number(pick([['1', 85], ['2', 14], ['3', 1]])),
      q_aware_mh_before_2: pick([['1', 59], ['2', 41]]),
      q_confidence_emotional: pick([['1', 1], ['2', 4], ['3', 40], ['4', 55]]),
      q_welcome_support: pick(agree),
      q_advice_outdated: { s_any_advice: pick(agree), s_cry_it_out: pick(agree), s_limit_affection: pick([['1', 10], ['2', 15], ['3', 20], ['4', 30], ['5', 20], ['9', 5]]) },
      q_felt_guilty: guilty,
      ...(guilty === '1' && random() < 0.5 ? { q_guilt_detail: 'A private story' } : {}),
    };
  });
}

/** Loads a results page, as the public sees it, in a watched page of its own context. */
async function openResults(web: BrowserApp, url: string, options: { javaScript?: boolean; width?: number } = {}) {
  const opened = await web.open(options);
  const response = await opened.page.goto(url, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return opened;
}

/** Sections of a long page at full resolution, for reading it by eye. */
async function screenshotInParts(page: Page, name: string) {
  const { width, height } = await page.evaluate(() => ({ width: window.innerWidth, height: document.documentElement.scrollHeight }));
  const step = 1200;
  for (let y = 0, part = 1; y < height; y += step, part++) {
    await page.screenshot({ path: `${SCREENS}/${name}-part-${part}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(step, height - y) } });
  }
}

describe('results page in Chromium', () => {
  const web = useBrowserApp({
    definitions: [definitionFrom(RESULTS_SURVEY_V1)],
    examples: true,
    screens: SCREENS,
    seed: async (ctx) => {
      // These pages are looked at as the public sees a published survey's results.
      for (const slug of [RESULTS_SURVEY_V1.slug, 'start-for-life-parents']) await publishResults(ctx, slug);
      // Three times over, so that bases reach 10 and percentages are shown (not suppressed).
      for (let copy = 0; copy < 3; copy++) await submitAll(ctx.app, 'results-test', 1, V1_ANSWERS);
      await submitAll(ctx.app, 'start-for-life-parents', 1, startForLifeAnswers(120));
    },
  });

  for (const slug of ['start-for-life-parents', 'results-test']) {
    it(`draws every chart on ${slug} without console errors or layout shift, and passes axe`, async () => {
      const { page, problems, close } = await openResults(web, `${web.origin}/results/${slug}`);
      try {
        const painted = await paintedPixelsPerCanvas(page);
        expect(Object.keys(painted).length).toBeGreaterThan(0);
        for (const [id, count] of Object.entries(painted)) expect(count, id).toBeGreaterThan(500);
        // Let any late reflow happen before reading the shift score.
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }))).toEqual({ cls: 0, shifts: 0 });
        if (slug === 'start-for-life-parents') {
          await page.screenshot({ path: `${SCREENS}/results.png`, fullPage: true });
          await screenshotInParts(page, 'results');
        }
        expect((await axeScan(page)).violations).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it('passes axe and stays readable on a phone-sized screen', async () => {
    const { page, problems, close } = await openResults(web, `${web.origin}/results/start-for-life-parents`, { width: 390 });
    try {
      await paintedPixelsPerCanvas(page);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => window.__cls)).toBe(0);
      // Nothing but the grid's own scroll region may be wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SCREENS}/results-phone.png`, fullPage: true });
      await screenshotInParts(page, 'results-phone');
      expect((await axeScan(page)).violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows the tables and a pointer to them when JavaScript is off', async () => {
    const { page, close } = await openResults(web, `${web.origin}/results/results-test`, { javaScript: false });
    try {
      const fallback = page.locator('#chart-q_support .results-chart__fallback');
      await expect.poll(() => fallback.isVisible()).toBe(true);
      const agreeRow = page.locator('#table-q_support tbody tr').nth(4);
      expect((await agreeRow.innerText()).replace(/\s+/g, ' ').trim()).toBe('Strongly agree 25% 3');
      await page.screenshot({ path: `${SCREENS}/results-no-js.png`, fullPage: true });
    } finally {
      await close();
    }
  });
});
