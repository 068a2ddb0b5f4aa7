import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, type ServedApp } from '../support/browser.ts';
import { fieldworkSurvey, insertComplete, setSettings } from './fixtures.ts';

// A real browser on the fieldwork page (settings with an error, a quota from percentages, invitation
// links) and on the respondent pages fieldwork adds (closed, quota full) in English and Welsh, each
// scanned with axe-core. Screenshots go to /tmp/screens-D for a person to look at.

const SCREENS = '/tmp/screens-D';
const F = '/studio/surveys/fw-test/fieldwork';
const S = '/s/fw-test';

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  ctx = await createTestApp('sqlite', { definitions: [fieldworkSurvey] });
  served = await serveApp(ctx.app);
  origin = served.origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

const shoot = (page: Page, name: string) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });

async function researcherContext(): Promise<BrowserContext> {
  const signedIn = await signIn(ctx, 'researcher');
  const context = await browser.newContext();
  await addSessionCookie(context, signedIn, origin);
  return context;
}

describe('fieldwork in a browser', () => {
  it('saves settings, shows an error inline, adds a quota from percentages and creates invitation links', async () => {
    const context = await researcherContext();
    const page = await context.newPage();
    await page.goto(`${origin}${F}`);
    await expectAccessible(page, 'fieldwork page');

    await page.getByLabel('Opens').fill('2026-03-01T09:00');
    await page.getByLabel('Target sample size (optional)').fill('two thousand');
    await page.getByLabel('After completing').fill('ftp://panel.example/{pid}');
    await page.getByRole('button', { name: 'Save fieldwork settings' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.error-summary').textContent()).toContain('Enter the target sample as a whole number');
    expect(await page.getByLabel('Opens').inputValue()).toBe('2026-03-01T09:00');
    await expectAccessible(page, 'fieldwork page with errors');
    await shoot(page, 'fieldwork-settings-errors');

    await page.getByLabel('Target sample size (optional)').fill('2000');
    await page.getByLabel('After completing').fill('https://panel.example/done?id={pid}');
    await page.getByRole('button', { name: 'Save fieldwork settings' }).click();
    expect(await page.locator('[role=status]').textContent()).toContain('Fieldwork settings saved.');

    await page.getByLabel('Add a quota on').selectOption('q_gender');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').textContent()).toBe('Add a quota');
    await page.getByLabel('Percentages of the target sample').check();
    await page.locator('#cell_0_target').fill('50');
    await page.locator('#cell_1_label').fill('Women and others');
    await page.locator('#cell_2_codes_2').uncheck();
    await page.locator('#cell_1_codes_2').check();
    await page.locator('#cell_2_label').fill('');
    await page.locator('#cell_1_target').fill('50');
    await expectAccessible(page, 'quota editor');
    await shoot(page, 'quota-editor');
    await page.getByRole('button', { name: 'Save quota' }).click();
    expect(await page.locator('[role=status]').textContent()).toContain('Quota saved.');
    const quotaTable = page.locator('.fieldwork-quota table');
    expect(await quotaTable.textContent()).toContain('1,000');

    await page.getByLabel('Labels (optional)').fill('Ward 1\nWard 2');
    await page.getByRole('button', { name: 'Create links' }).click();
    expect(await page.locator('[role=status]').textContent()).toContain('2 invitation links created.');
    await expectAccessible(page, 'fieldwork page with quota and links');
    await shoot(page, 'fieldwork-page');
    await context.close();
  });

  it('shows the closed page and the quota-full page in English and Welsh', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await setSettings(ctx, { opens_at: null, closes_at: '2026-01-31T17:00:00.000Z', target_sample: null, invitation_only: 0 });
    await page.goto(`${origin}${S}`);
    expect(await page.locator('h1').textContent()).toBe('This survey is closed');
    await expectAccessible(page, 'closed page');
    await shoot(page, 'closed-en');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    expect(await page.locator('h1').textContent()).toBe("Mae'r arolwg hwn ar gau");
    await expectAccessible(page, 'closed page in Welsh');
    await shoot(page, 'closed-cy');

    await setSettings(ctx, {
      closes_at: null,
      quotas: JSON.stringify([{ id: 'g', label: 'Gender', question: 'q_gender', cells: [{ label: 'Men', codes: ['1'], target: 1 }] }]),
    });
    await insertComplete(ctx.database.db, '1');
    await page.goto(`${origin}${S}?lang=en`);
    await page.getByLabel('I have read how my answers will be used and I agree to take part').check();
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Man', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${origin}${S}/quota-full`);
    expect(await page.locator('h1').textContent()).toBe('Thank you, we have enough answers from people like you');
    await expectAccessible(page, 'quota-full page');
    await shoot(page, 'quota-full-en');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    expect(await page.locator('h1').textContent()).toBe('Diolch, mae gennym ddigon o atebion gan bobl fel chi');
    await expectAccessible(page, 'quota-full page in Welsh');
    await shoot(page, 'quota-full-cy');
    await context.close();
  });
});
