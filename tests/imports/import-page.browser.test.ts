import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allQuestionTypes } from '../fixtures/all-question-types.ts';
import { createTestApp, signIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, watchPage, type ServedApp } from '../support/browser.ts';
import { FIXTURES } from './support.ts';

// The upload page in Chromium: the empty form, a file with problems (the report table), then a
// valid file (the success summary), each scanned with axe-core. Screenshots go to /tmp/screens-import.

const SCREENS = '/tmp/screens-import';
const PAGE = `/studio/surveys/${allQuestionTypes.slug}/data/import`;

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ctx = await createTestApp('sqlite', { definitions: [allQuestionTypes] });
  served = await serveApp(ctx.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

const shoot = (page: Page, name: string) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });

describe('importing delivered data in a browser', () => {
  it('reports a broken file by row and column, then imports a valid one', async () => {
    const researcher = await signIn(ctx, 'researcher');
    const context = await browser.newContext();
    await addSessionCookie(context, researcher, served.origin);
    const page = await context.newPage();
    const problems = await watchPage(page);

    await page.goto(`${served.origin}${PAGE}`);
    expect(await page.locator('h1').textContent()).toBe('Import responses');
    await expectAccessible(page, 'import page');
    await shoot(page, 'import-form');

    await page.getByRole('button', { name: 'Check and import' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.error-summary').textContent()).toContain('Choose the CSV file to import');
    await expectAccessible(page, 'import page without a file');

    await page.getByLabel('Data file (CSV)').setInputFiles(join(FIXTURES, 'all-types-problems.csv'));
    await page.getByRole('button', { name: 'Check and import' }).click();
    expect(await page.title()).toMatch(/^Error: Import responses/);
    expect(await page.locator('.error-summary').textContent()).toContain('The file was not imported: 16 problems (nothing was stored)');
    const table = page.getByRole('table', { name: 'Problems in all-types-problems.csv' });
    expect(await table.locator('tbody tr').count()).toBe(16);
    expect(await table.locator('tbody tr').nth(1).innerText()).toBe('2\t3\tq_critical\tunknown code "7" (the codes are 1, 2, 3, 4, 5, 9)');
    // The summary link takes keyboard users to the table.
    await page.locator('.error-summary a').click();
    expect(page.url()).toMatch(/#import-problems$/);
    await expectAccessible(page, 'import report with problems');
    await shoot(page, 'import-problems');

    await page.getByLabel('Data file (CSV)').setInputFiles(join(FIXTURES, 'all-types-valid.csv'));
    await page.getByRole('button', { name: 'Check and import' }).click();
    const status = page.getByRole('status');
    expect(await status.locator('h2').textContent()).toBe('Imported 4 responses');
    expect(await page.title()).not.toMatch(/^Error/);
    await expectAccessible(page, 'import success');
    await shoot(page, 'import-success');
    await status.getByRole('link', { name: 'See the survey’s responses' }).click();
    expect(new URL(page.url()).pathname).toBe(`/studio/surveys/${allQuestionTypes.slug}/responses`);
    expect(await page.locator('body').textContent()).toContain('Imported file');

    // The two refused posts answer 422, which Chromium logs; nothing else may be logged.
    expect(problems.filter((line) => !line.includes('status of 422'))).toEqual([]);
    expect(problems).toHaveLength(2);
    await context.close();
  });
});
