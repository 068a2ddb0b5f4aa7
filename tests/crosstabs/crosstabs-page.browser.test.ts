import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { definitionFrom } from '../helpers.ts';
import { axeScan, paintedPixelsPerCanvas, useBrowserApp } from '../support/browser.ts';
import { CROSSTAB_SURVEY_V1, CROSSTAB_SURVEY_V2, CROSSTAB_V1_ANSWERS, CROSSTAB_V2_ANSWERS } from '../results/crosstab-fixture.ts';
import { submitAll } from '../results/seed.ts';

const SCREENS = '/tmp/screens';
const PAGE = '/studio/surveys/crosstab-test/crosstabs';

/** A table row's cell texts, whitespace collapsed. */
const rowTexts = (page: Page, tableId: string, header: string) =>
  page
    .locator(`#${tableId} tr`, { has: page.locator('th', { hasText: new RegExp(`^(Net\\s+)?${header}$`, "i") }) })
    .first()
    .locator('th, td')
    .allInnerTexts();

describe('crosstab page in Chromium', () => {
  const web = useBrowserApp({
    definitions: [definitionFrom(CROSSTAB_SURVEY_V1), definitionFrom(CROSSTAB_SURVEY_V2)],
    screens: SCREENS,
    seed: async (ctx) => {
      await submitAll(ctx.app, 'crosstab-test', 1, CROSSTAB_V1_ANSWERS);
      await submitAll(ctx.app, 'crosstab-test', 2, CROSSTAB_V2_ANSWERS);
    },
  });

  it('chooses a break and a weighting in the form, then shows letters, bases and a drawn chart per question, axe-clean and without layout shift', async () => {
    const { page, problems, close } = await web.open({ as: 'press' });
    try {
      await page.goto(`${web.origin}${PAGE}?versions=1`, { waitUntil: 'load' });
      await page.locator('#break-q_gender').check();
      await page.getByLabel('Weighting').selectOption('gender-30-70');
      await Promise.all([page.waitForURL(/breaks=q_gender/), page.getByRole('button', { name: 'Show tables' }).click()]);
      expect(new URL(page.url()).search).toBe('?breaks=q_gender&weighting=gender-30-70&versions=1&dontKnow=include');

      expect(await rowTexts(page, 'xt-q_support', 'Unweighted base')).toEqual(['Unweighted base', '20†', '10†', '10†']);
      expect(await rowTexts(page, 'xt-q_support', 'Weighted base')).toEqual(['Weighted base', '20', '6', '14']);
      // The letter B beside the women's 90%: significantly higher than men (B). Screen readers hear why.
      const top2 = await rowTexts(page, 'xt-q_support', 'Agree or strongly agree');
      expect(top2.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(['NET Agree or strongly agree', '41%', '90% , significantly higher than column B', '20%']);
      expect(await page.locator('#xt-q_support .xt-sig').first().textContent()).toBe(', significantly higher than column B');

      const painted = await paintedPixelsPerCanvas(page);
      // q_gender, q_age, q_support, q_sources and q_reversed have charts; numbers do not.
      expect(Object.keys(painted).sort()).toEqual(['xt-q_age-chart', 'xt-q_gender-chart', 'xt-q_reversed-chart', 'xt-q_sources-chart', 'xt-q_support-chart']);
      for (const [id, count] of Object.entries(painted)) expect(count, id).toBeGreaterThan(500);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }))).toEqual({ cls: 0, shifts: 0 });
      await page.screenshot({ path: `${SCREENS}/crosstabs.png`, fullPage: true });
      await page.locator('section', { has: page.locator('#xt-q_support') }).screenshot({ path: `${SCREENS}/crosstabs-support.png` });
      expect((await axeScan(page)).violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows the errors and the form together, axe-clean', async () => {
    const { page, problems, close } = await web.open({ as: 'press' });
    try {
      const response = await page.goto(`${web.origin}${PAGE}?breaks=q_reversed`, { waitUntil: 'load' });
      expect(response?.status()).toBe(400);
      await expect.poll(() => page.locator('.error-summary').innerText()).toContain('changed meaning between versions 1, 2');
      expect(await page.locator('#break-q_reversed').isChecked()).toBe(true);
      expect((await axeScan(page)).violations).toEqual([]);
      // The 400 itself is reported by Chromium as a failed resource; nothing else may be.
      expect(problems.filter((problem) => !problem.includes('400'))).toEqual([]);
    } finally {
      await close();
    }
  });

  it('works without JavaScript: the form submits and the tables carry every figure', async () => {
    const { page, close } = await web.open({ as: 'press', javaScript: false });
    try {
      await page.goto(`${web.origin}${PAGE}`, { waitUntil: 'load' });
      await page.locator('#break-q_age').check();
      await page.locator('#filters summary').click();
      await page.getByLabel('Woman', { exact: true }).check();
      await Promise.all([page.waitForURL(/breaks=q_age/), page.getByRole('button', { name: 'Show tables' }).click()]);
      // Women of both versions: 13; by age, under 35: W1-W7 and two version-2 women.
      expect(await rowTexts(page, 'xt-q_support', 'Unweighted base')).toEqual(['Unweighted base', '13†', '9', '4', '0']);
      await expect.poll(() => page.locator('#xt-q_support-chart p').isVisible()).toBe(true);
    } finally {
      await close();
    }
  });

  it('stays within a phone-sized screen: wide tables scroll inside their own region', async () => {
    const { page, problems, close } = await web.open({ as: 'press', width: 390 });
    try {
      await page.goto(`${web.origin}${PAGE}?breaks=q_gender,q_age&weighting=gender-30-70&versions=1`, { waitUntil: 'load' });
      await paintedPixelsPerCanvas(page);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => window.__cls)).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SCREENS}/crosstabs-phone.png`, fullPage: true });
      expect((await axeScan(page)).violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
