import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { saveWeightingScheme } from '../../server/weighting/service.ts';
import { createTestApp, signIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, watchPage, type ServedApp } from '../support/browser.ts';
import { EXPORT_V1, EXPORT_V2, insertFixtureResponses, SLUG } from './fixtures.ts';

// The "Import and export" page in a real browser, with no script of its own: the form
// downloads the CSV the options describe, a weighting that cannot be met brings the page back with
// the error beside the control and the choices kept, and every state passes axe (WCAG 2.2 AA).
// Screenshots go to /tmp/screens-export for a person to look at.

const SCREENS = '/tmp/screens-export';
const PAGE = `/studio/surveys/${SLUG}/data`;

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ctx = await createTestApp('sqlite', { definitions: [EXPORT_V1] });
  await publishSurveyVersion(ctx.database.db, EXPORT_V2);
  await insertFixtureResponses(ctx);
  const system = { actor: { label: 'system' as const }, ip: null };
  await saveWeightingScheme(ctx.database.db, SLUG, { name: 'gender', description: 'Men and women 50:50', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] }, system);
  await saveWeightingScheme(ctx.database.db, SLUG, { name: 'impossible', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }, { question: 'q_new', targets: { a: 0.4, b: 0.4, c: 0.2 } }] }, system);
  served = await serveApp(ctx.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

async function researcherPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true });
  await addSessionCookie(context, await signIn(ctx, 'researcher'), served.origin);
  const page = await context.newPage();
  return { page, problems: await watchPage(page) };
}

const shoot = (page: Page, name: string) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });

describe('the Import and export page in a browser', () => {
  it('downloads the responses with the chosen options, and the codebook for them', async () => {
    const { page, problems } = await researcherPage();
    await page.goto(`${served.origin}${PAGE}`);
    expect(await page.title()).toBe('Import and export – Export test – Attune');
    await expectAccessible(page, 'data page');
    await shoot(page, 'data-page');
    expect(await page.getByRole('link', { name: 'Import a delivered file' }).getAttribute('href')).toBe(`${PAGE}/import`);

    await page.getByLabel('Labels', { exact: true }).check();
    await page.getByLabel('Weights').selectOption('gender');
    await page.getByLabel('Version 1').uncheck();
    await page.getByLabel('Include them').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download responses (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^export-test-responses-v2-labels-weighted-gender-with-excluded-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await streamText(await download.createReadStream());
    const lines = text.split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFsubmission_id,reference,survey_version,submitted_at,duration_seconds,source,is_demo,speeder,straight_liner,duplicate_panel_id,excluded,exclusion_reason,weight,q_gender,q_view,')).toBe(true);
    expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(['sub-4', 'sub-5', 'sub-6']);
    expect(lines[1]).toContain(',Woman,Strongly agree,');

    const [codebook] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the codebook for these choices (CSV)' }).click()]);
    expect(codebook.suggestedFilename()).toBe('export-test-codebook-v2.csv');
    const codebookText = await streamText(await codebook.createReadStream());
    expect(codebookText).toContain('weight,,,number,"Weight from the weighting scheme ""gender""');
    expect(codebookText).toContain('exclusion_reason,,,text,');
    expect(problems).toEqual([]);
  });

  it('brings the page back with the error beside the weights and every choice kept', async () => {
    const { page, problems } = await researcherPage();
    await page.goto(`${served.origin}${PAGE}`);
    await page.getByLabel('Weights').selectOption('impossible');
    await page.getByLabel('Labels', { exact: true }).check();
    await page.getByRole('button', { name: 'Download responses (CSV)' }).click();
    expect(await page.title()).toBe('Error: Import and export – Export test – Attune');
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('impossible');
    expect(await page.locator('#weighting-error').textContent()).toContain('impossible');
    expect(await page.getByLabel('Weights').inputValue()).toBe('impossible');
    expect(await page.getByLabel('Labels', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Version 1').isChecked()).toBe(true);
    await expectAccessible(page, 'data page with an error');
    await shoot(page, 'data-page-error');
    // The summary's link moves to the control it names.
    await summary.getByRole('link').click();
    expect(page.url()).toMatch(/#weighting$/);
    // Only the document's own 422 is reported; nothing else went wrong on the page.
    expect(problems.filter((problem) => !problem.includes('422'))).toEqual([]);
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
