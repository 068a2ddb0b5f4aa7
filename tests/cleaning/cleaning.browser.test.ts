import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, definitionFrom, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, watchPage, type ServedApp } from '../support/browser.ts';
import { CLEANING_SURVEY, PLANTED, plantResponses } from './cleaning-fixture.ts';

// A researcher cleans a survey in Chromium: a missing reason, a per-row exclusion, "exclude all
// speeders", and a restoration; axe on every state. The page ships no script at all (checked below), so
// what works here works with JavaScript off; axe itself needs JavaScript, so the context keeps it on.

const SCREENS = '/tmp/screens-cleaning';
const SLUG = 'cleaning-test';

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let researcher: SignedIn;
let ids: string[];

beforeAll(async () => {
  ctx = await createTestApp('sqlite', { definitions: [definitionFrom(CLEANING_SURVEY)] });
  researcher = await signIn(ctx, 'researcher');
  ids = await plantResponses(ctx.database.db, SLUG, PLANTED);
  served = await serveApp(ctx.app);
  browser = await launchChromium();
  mkdirSync(SCREENS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

describe('the cleaning page in a browser', () => {
  it('excludes and restores through plain forms, accessibly', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await addSessionCookie(context, researcher, served.origin);
    const page = await context.newPage();
    const problems = await watchPage(page);
    const url = `${served.origin}/studio/surveys/${SLUG}/cleaning`;
    await page.goto(url);
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expect(page.locator('h2#speeder-heading').textContent()).resolves.toBe('Speeders: 2');
    await expect(page.locator('.overview-figure').nth(1).textContent()).resolves.toContain('5 min 30 sec');
    await expectAccessible(page, 'cleaning page');
    await page.screenshot({ path: `${SCREENS}/cleaning.png`, fullPage: true });

    // Choose the don't-know straight-liner (r5, the second row) but forget the reason.
    const straight = page.locator('#flag-straight_liner');
    await straight.getByLabel(/^Select response CLN-0005/).check();
    await straight.getByRole('button', { name: 'Exclude selected' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: Cleaning/);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Give a reason for excluding these responses');
    await expect(page.locator('#rows-straight_liner-r-1').isChecked()).resolves.toBe(true);
    await expect(page.locator('#rows-straight_liner-r-0').isChecked()).resolves.toBe(false);
    await expectAccessible(page, 'cleaning page with an error');
    await page.screenshot({ path: `${SCREENS}/cleaning-error.png`, fullPage: true });

    // The error summary's link lands on the reason field of that form.
    await page.locator('.error-summary a').click();
    await page.locator('#rows-straight_liner-reason').fill('Don’t know to every statement');
    await page.locator('#flag-straight_liner').getByRole('button', { name: 'Exclude selected' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('1 response excluded.');
    expect(new URL(page.url()).hash).toBe('#flag-straight_liner');

    await page.locator('#all-speeder-reason').fill('Under a third of the median time');
    await page.getByRole('button', { name: 'Exclude all 2 speeders' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('2 responses excluded.');
    await expect(page.locator('#excluded-heading').textContent()).resolves.toBe('Excluded responses: 3');
    const excludedRows = page.locator('#excluded tbody tr');
    await expect(excludedRows.count()).resolves.toBe(3);
    await expect(excludedRows.nth(0).textContent()).resolves.toContain('Under a third of the median time (all speeders)');
    await expectAccessible(page, 'cleaning page after exclusions');
    await page.screenshot({ path: `${SCREENS}/cleaning-excluded.png`, fullPage: true });

    // Each reference links to the response's own page.
    const href = await page.locator('#excluded tbody tr').nth(1).getByRole('link').getAttribute('href');
    expect(href).toBe(`/studio/surveys/${SLUG}/responses/${ids[4]}`);

    // Restore the straight-liner from the excluded list.
    await page.locator('#excluded').getByLabel(/^Select response CLN-0005/).check();
    await page.locator('#excluded-reason').fill('Checked the open answers: genuine');
    await page.locator('#excluded').getByRole('button', { name: 'Restore selected' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('1 response restored.');
    await expect(page.locator('#excluded-heading').textContent()).resolves.toBe('Excluded responses: 2');
    // The one console line expected is Chromium noting the deliberate 422 of the missing reason.
    expect(problems.filter((line) => !line.includes('status of 422'))).toEqual([]);
    expect(problems).toHaveLength(1);
    await context.close();
  });

  it('lays out on a phone without axe problems', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    await addSessionCookie(context, researcher, served.origin);
    const page = await context.newPage();
    await page.goto(`${served.origin}/studio/surveys/${SLUG}/cleaning`);
    await expectAccessible(page, 'cleaning page on a phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENS}/cleaning-phone.png`, fullPage: true });
    await context.close();
  });
});
