import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, type ServedApp } from '../support/browser.ts';
import { postRespondents, RESPONDENTS, saveItem, SLUG } from './fixture.ts';

// A press officer uses the press studio's home in a real browser (no script): sees a saved headline
// whose figures have moved, publishes it, and deletes a chart after confirming. Every page is scanned
// with axe-core; screenshots go to /tmp/screens-press-home.

const SCREENS = '/tmp/screens-press-home';
const TOP2 = { survey: SLUG, question: 'q_welcome_support', answer: { kind: 'net' as const, id: 'top2' } };

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ctx = await createTestApp('sqlite');
  await postRespondents(ctx, RESPONDENTS);
  served = await serveApp(ctx.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

describe('the press studio home in a browser', () => {
  it('shows moved figures, publishes a headline and deletes a chart', async () => {
    const press = await signIn(ctx, 'press');
    await saveItem(ctx, press, { surveySlug: SLUG, kind: 'headline', title: 'Parents would welcome support', spec: { queries: [TOP2], settings: {} } });
    await saveItem(ctx, press, {
      surveySlug: 'pif-public',
      kind: 'chart',
      title: 'Support by gender',
      spec: { queries: [{ ...TOP2, filters: [{ question: 'q_gender', codes: ['1'] }] }, { ...TOP2, filters: [{ question: 'q_gender', codes: ['2'] }] }], settings: {} },
    });
    await postRespondents(ctx, [{ gender: '1', age: '2', welcome: '1', cry: '1' }]);

    const context = await browser.newContext();
    await addSessionCookie(context, press, served.origin);
    const page = await context.newPage();
    await page.goto(`${served.origin}/studio/press`);
    expect(await page.title()).toMatch(/^Press studio/);
    const headlineRow = page.getByRole('row', { name: /Parents would welcome support/ });
    // 10 of 24 then, 10 of 25 now (40%).
    expect(await headlineRow.textContent()).toContain('Figures have moved since this was saved: 42% then, 40% now; base 24 then, 25 now.');
    await expectAccessible(page, 'press studio home');
    await page.screenshot({ path: `${SCREENS}/home.png`, fullPage: true });

    await headlineRow.getByRole('button', { name: 'Publish “Parents would welcome support”' }).click();
    expect(await page.locator('.notice[role=status]').textContent()).toContain('Published');
    expect(await page.getByRole('row', { name: /Parents would welcome support/ }).textContent()).toContain('Published');
    await expectAccessible(page, 'press studio home after publishing');

    await page.getByRole('link', { name: 'Delete “Support by gender”' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Delete “Support by gender”?');
    await expectAccessible(page, 'delete confirmation');
    await page.getByRole('button', { name: 'Delete chart' }).click();
    expect(page.url()).toBe(`${served.origin}/studio/press?done=deleted`);
    expect(await page.getByRole('row', { name: /Support by gender/ }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/after-delete.png`, fullPage: true });
    await context.close();
  });
});
