import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers.ts';
import { bilingualSurvey, readStartForLife } from '../respond/fixtures.ts';
import { expectAccessible, launchChromium, serveApp, type ServedApp } from '../support/browser.ts';

// A real browser against a real server on a temporary SQLite database: the respondent journey with
// JavaScript off and on, and an axe-core scan of every kind of respondent page.

const S = '/s/start-for-life-parents';

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  ctx = await createTestApp('sqlite', { examples: false, definitions: [await readStartForLife(), bilingualSurvey] });
  served = await serveApp(ctx.app);
  origin = served.origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

const countResponses = async () =>
  Number((await ctx.database.db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Walks Start for Life from the start page to the confirmation, with a validation error and a
 * Back step on the way; scans each page with axe when JavaScript is on. */
async function walkStartForLife(page: Page, scan: (name: string) => Promise<void>) {
  await page.goto(`${origin}${S}`);
  expect(await page.locator('h1').textContent()).toBe('Connecting with your baby: a survey of parents');
  await scan('start page');

  await page.getByRole('button', { name: 'Start now' }).click();
  expect(await page.title()).toMatch(/^Error: /);
  expect(await page.locator('.error-summary').textContent()).toContain('Confirm that you agree to take part');
  await scan('start page with an error');
  await page.getByLabel('I have read how my answers will be used and I agree to take part').check();
  await page.getByRole('button', { name: 'Start now' }).click();

  await page.waitForURL(`${origin}${S}/pages/p_eligibility`);
  expect(await page.locator('.progress__text').textContent()).toBe('Page 1 of 5');
  await scan('screening page');
  await page.getByLabel('25 to 34').check();
  await page.getByRole('group', { name: /parent or main carer/ }).getByLabel('Yes').check();
  await page.getByLabel('London').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // A validation error: nothing chosen, and words where a number belongs.
  await page.waitForURL(`${origin}${S}/pages/p_household`);
  await page.getByLabel('How many children under 2 do you look after?').fill('two');
  await page.getByRole('button', { name: 'Continue' }).click();
  expect(await page.title()).toMatch(/^Error: You and your family/);
  const summary = page.locator('.error-summary');
  expect(await summary.getByRole('link').allTextContents()).toEqual(['Select an answer', 'Enter a number, like 12']);
  // The summary takes focus on load (autofocus, no script), so screen readers announce it first.
  expect(await page.locator('.error-summary:focus').count()).toBe(1);
  expect(await page.locator('#q_children_under2').inputValue()).toBe('two');
  expect(await page.locator('#q_children_under2-error').textContent()).toBe('Error: Enter a number, like 12');
  await scan('question page with errors');
  await page.getByLabel('Woman').check();
  await page.getByLabel('How many children under 2 do you look after?').fill('2');
  await page.getByRole('button', { name: 'Continue' }).click();

  // A Back step: the previous page shows what was saved; continuing again moves on.
  await page.waitForURL(`${origin}${S}/pages/p_awareness`);
  await scan('question page with a likert question');
  await page.getByRole('link', { name: 'Back' }).click();
  await page.waitForURL(`${origin}${S}/pages/p_household`);
  expect(await page.getByLabel('Woman').isChecked()).toBe(true);
  expect(await page.getByLabel('How many children under 2 do you look after?').inputValue()).toBe('2');
  await scan('question page with a number question');
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.getByLabel('No, I did not know this').check();
  await page.getByLabel('Very confident', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL(`${origin}${S}/pages/p_support`);
  await scan('grid page');
  await page.getByRole('group', { name: /I would welcome support/ }).getByLabel('Agree', { exact: true }).check();
  await page.getByRole('group', { name: 'Some of the parenting advice I received is outdated' }).getByLabel('Strongly agree').check();
  await page.getByRole('group', { name: "Letting the baby 'cry it out'" }).getByLabel('Agree', { exact: true }).check();
  await page.getByRole('group', { name: /Limiting physical affection/ }).getByLabel("Don't know").check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL(`${origin}${S}/pages/p_feelings`);
  await scan('question page with a single question');
  await page.getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL(`${origin}${S}/pages/p_guilt_detail`);
  expect(await page.locator('.progress__text').textContent()).toBe('Page 6 of 6');
  await scan('long text page');
  await page.getByLabel(/tell us about a time/).fill('When I was told not to pick her up.');
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL(`${origin}${S}/check`);
  expect(await page.locator('.summary-list__value').filter({ hasText: 'When I was told' }).count()).toBe(1);
  await scan('check answers page');
  const before = await countResponses();
  // A double click on Send still makes a single response.
  await page.getByRole('button', { name: 'Send answers' }).dblclick();
  await page.waitForURL(`${origin}${S}/done`);
  expect(await page.locator('.reference').textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect(await countResponses()).toBe(before + 1);
  await scan('confirmation page');
}

describe('respondent flow in headless Chromium', () => {
  it('walks Start for Life to the confirmation with JavaScript disabled', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      await walkStartForLife(await context.newPage(), async () => {});
    } finally {
      await context.close();
    }
  });

  it('walks Start for Life with JavaScript enabled, every page passing axe WCAG 2.2 A/AA', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await walkStartForLife(page, (name) => expectAccessible(page, name));
    } finally {
      await context.close();
    }
  });

  it('passes axe on the screen-out page, a Welsh page, the 404 page and the front page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}${S}`);
      await page.getByLabel(/I agree to take part/).check();
      await page.getByRole('button', { name: 'Start now' }).click();
      await page.getByLabel('16 or under').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${origin}${S}/screened-out`);
      expect(await page.locator('h1').textContent()).toBe('You do not need to answer any more questions');
      await expectAccessible(page, 'screen-out page');

      await page.goto(`${origin}/s/dwyieithog`);
      await page.getByRole('link', { name: 'Cymraeg' }).click();
      expect(await page.locator('html').getAttribute('lang')).toBe('cy');
      await expectAccessible(page, 'Welsh start page');
      await page.getByLabel(/rwy'n cytuno i gymryd rhan/).check();
      await page.getByRole('button', { name: 'Dechrau nawr' }).click();
      await page.getByRole('button', { name: 'Parhau' }).click();
      expect(await page.title()).toMatch(/^Gwall: Amdanoch chi/);
      await expectAccessible(page, 'Welsh question page with errors');

      const missing = await page.goto(`${origin}/s/no-such-survey`);
      expect(missing?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      await expectAccessible(page, '404 page');

      // The front page is where a newcomer lands: a welcome and a way for staff to sign in (respondents
      // arrive by a survey's own link; the front page lists only results a survey publishes).
      await page.goto(`${origin}/`);
      expect(await page.locator('a[href="/login"]').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'front page');
    } finally {
      await context.close();
    }
  });
});
