import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDraft } from '../../server/drafts/service.ts';
import { getSurveyVersion } from '../../server/surveys/service.ts';
import { readStartForLife } from '../respond/fixtures.ts';
import { createTestApp, signIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, type ServedApp } from '../support/browser.ts';

// A researcher in a real browser: publishes version 2 with a changed grid statement after reading
// the diff (and after a refused relabel), then imports an XLSForm and reads the import report.
// Every page is scanned with axe-core; screenshots go to /tmp/screens-c for a person to look at.

const SCREENS = '/tmp/screens-c';
const SLUG = 'start-for-life-parents';
const XLSFORM = join(import.meta.dirname, '..', 'fixtures', 'xlsform', 'parents-support.xlsx');

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let context: BrowserContext;
let origin: string;

beforeAll(async () => {
  ctx = await createTestApp('sqlite', { examples: false, definitions: [await readStartForLife()] });
  served = await serveApp(ctx.app);
  origin = served.origin;
  browser = await launchChromium();
  const researcher = await signIn(ctx, 'researcher');
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await addSessionCookie(context, researcher, origin);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

async function check(page: Page, name: string) {
  await expectAccessible(page, name);
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

/** Start for Life as the builder would save it, with one grid statement reworded (and optionally more). */
async function saveEditedDraft(edit: (doc: any) => void) {
  const doc = structuredClone((await getSurveyVersion(ctx.database.db, SLUG, 1)).definition) as any;
  edit(doc);
  await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: 1, document: doc }, null);
}
const grid = (doc: any) => doc.pages.flatMap((p: any) => p.questions).find((q: any) => q.id === 'q_advice_outdated');
const NEW_STATEMENT = "Leaving the baby to 'cry it out'";

describe('the version workflow in a browser', () => {
  it('publishes v2 with a changed statement after seeing the diff', async () => {
    // A relabel that needs confirming comes along with the statement change.
    await saveEditedDraft((doc) => {
      grid(doc).statements[1].text.en = NEW_STATEMENT;
      doc.pages[1].questions[0].options[0].label.en = 'A woman';
    });
    const page = await context.newPage();
    await page.goto(`${origin}/studio/surveys/${SLUG}/versions`);
    expect(await page.locator('h1').textContent()).toBe('Versions');
    await check(page, '01-versions-with-draft');

    await page.getByRole('link', { name: 'Review changes and publish version 2' }).click();
    await page.waitForURL(`${origin}/studio/surveys/${SLUG}/versions/publish`);
    const diff = page.locator('#diff-q_advice_outdated');
    expect(await diff.locator('.verdict').allTextContents()).toEqual(['statements reworded']);
    expect(await diff.locator('del').textContent()).toBe("Letting the baby 'cry it out'");
    expect(await diff.locator('ins').textContent()).toBe(NEW_STATEMENT);
    expect(await page.locator('#diff-q_region .verdict').textContent()).toBe('unchanged');
    await check(page, '02-publish-review');

    // Publishing without confirming the relabel is refused with an error summary.
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    expect(await page.title()).toMatch(/^Error: Publish version 2/);
    expect(await page.locator('.error-summary').textContent()).toContain('confirm that "A woman" keeps the meaning of "Woman"');
    await check(page, '03-publish-refused');

    await page.getByLabel(/Code 1 keeps the same meaning/).check();
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    await page.waitForURL(`${origin}/studio/surveys/${SLUG}/versions/2?published=1`);
    expect(await page.locator('.version-notice h2').textContent()).toBe('Version 2 published');
    expect(await page.locator('details.version-changes #diff-q_advice_outdated ins').textContent()).toBe(NEW_STATEMENT);
    await check(page, '04-version-2-published');
    await page.screenshot({ path: `${SCREENS}/04a-version-top.png` });
    await page.locator('#page-p_support').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/04b-version-definition.png` });

    await page.getByRole('link', { name: 'All versions' }).click();
    expect(await page.locator('table.studio-table tbody tr').count()).toBe(2);
    expect(await page.getByText('There is no draft.').count()).toBe(1);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download JSON of version 2' }).click();
    expect((await download).suggestedFilename()).toBe(`${SLUG}.v2.json`);
    await check(page, '05-versions-after-publish');
    await page.close();
  }, 120_000);

  it('imports an XLSForm as a new survey and shows the report', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/studio/import`);
    await check(page, '06-import-page');

    // A broken file first: the error is summarised and nothing is imported.
    await page.getByLabel('File to import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"slug": ') });
    await page.getByRole('button', { name: 'Import file' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('The file is not valid JSON');
    await check(page, '07-import-error');

    await page.getByLabel('File to import').setInputFiles(XLSFORM);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.waitForURL(`${origin}/studio/surveys/parents-support-2024/versions?imported=1`);
    expect(await page.locator('.version-notice h2').textContent()).toBe('File imported as the draft');
    const items = await page.locator('.import-report__items li').allTextContents();
    expect(items).toContain('survey row 8: type calculate is not supported; skipped');
    expect(items).toContain('survey row 18: type geopoint is not supported; skipped');
    expect(await page.locator('.draft-problems').textContent()).toContain('metadata.organisation: is required');
    await check(page, '08-xlsform-imported');

    await page.getByRole('link', { name: 'Review changes and publish version 1' }).click();
    expect(await page.locator('h2#problems-title').textContent()).toBe('The draft cannot be published yet');
    await check(page, '09-publish-with-problems');
    await page.close();
  }, 120_000);
});
