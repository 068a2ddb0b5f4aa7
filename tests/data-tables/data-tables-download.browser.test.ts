import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, definitionFrom, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, type ServedApp } from '../support/browser.ts';
import { CROSSTAB_SURVEY_V1, CROSSTAB_V1_ANSWERS } from '../results/crosstab-fixture.ts';
import { submitAll } from '../results/seed.ts';

// A press officer on the crosstab page downloads the tables of what they are looking at: the links
// carry the page's breaks, weighting and filters, and the files that arrive are the same tables.

const PAGE = '/studio/surveys/crosstab-test/crosstabs?breaks=q_gender&weighting=gender-30-70&filter=q_age:1';

describe('data tables downloads from the crosstab page in Chromium', () => {
  let ctx: TestContext;
  let served: ServedApp;
  let browser: Browser;
  let press: SignedIn;

  beforeAll(async () => {
    ctx = await createTestApp('sqlite', { definitions: [definitionFrom(CROSSTAB_SURVEY_V1)] });
    await submitAll(ctx.app, 'crosstab-test', 1, CROSSTAB_V1_ANSWERS);
    press = await signIn(ctx, 'press');
    served = await serveApp(ctx.app);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await ctx?.database.drop();
  });

  it('links to XLSX and CSV of the current selection, and the downloads are those tables', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    await addSessionCookie(context, press, served.origin);
    const page = await context.newPage();
    await page.goto(`${served.origin}${PAGE}`);
    const xlsxLink = page.getByRole('link', { name: 'Excel data tables (XLSX)' });
    const csvLink = page.getByRole('link', { name: 'CSV', exact: true });
    expect(await xlsxLink.getAttribute('href')).toBe('/api/surveys/crosstab-test/tables.xlsx?weighting=gender-30-70&breaks=q_gender&filter=q_age:1');
    expect(await csvLink.getAttribute('href')).toBe('/api/surveys/crosstab-test/tables.csv?weighting=gender-30-70&breaks=q_gender&filter=q_age:1');
    await expectAccessible(page, 'crosstab page with download links');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), xlsxLink.click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^crosstab-test-tables-weighted-gender-30-70-filtered-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    const file = readFileSync((await xlsx.path())!);
    await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
    const sheet = workbook.getWorksheet('T3 q_support')!;
    expect(sheet.getCell('A3').value).toBe('Base: all respondents asked, filtered to: How old are you? Under 35');
    // Under 35: W1-W7 and M11-M15, so 12 respondents, 7 women and 5 men (both suppressed).
    expect([2, 3, 4].map((c) => sheet.getRow(8).getCell(c).value)).toEqual([12, 7, 5]);
    expect(sheet.getRow(9).getCell(1).value).toBe('Weighted base');

    const [csv] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('"Base: all respondents asked, filtered to: How old are you? Under 35"');
    await context.close();
  }, 60_000);
});
