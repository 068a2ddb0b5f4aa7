import { describe, expect, it } from 'vitest';
import { signIn } from '../helpers.ts';
import { expectAccessible, useBrowserApp } from '../support/browser.ts';
import { postRespondents, RESPONDENTS, saveItem, SLUG } from './fixture.ts';

// A press officer uses the press studio's home in a real browser (no script): sees a saved headline
// whose figures have moved, publishes it, and deletes a chart after confirming. Every page is scanned
// with axe-core; screenshots go to /tmp/screens-press-home.

const SCREENS = '/tmp/screens-press-home';
const TOP2 = { survey: SLUG, question: 'q_welcome_support', answer: { kind: 'net' as const, id: 'top2' } };

const web = useBrowserApp({ screens: SCREENS, seed: (ctx) => postRespondents(ctx, RESPONDENTS) });

describe('the press studio home in a browser', () => {
  it('shows moved figures, publishes a headline and deletes a chart', async () => {
    const ctx = web.ctx;
    const press = await signIn(ctx, 'press');
    await saveItem(ctx, press, { surveySlug: SLUG, kind: 'headline', title: 'Parents would welcome support', spec: { queries: [TOP2], settings: {} } });
    await saveItem(ctx, press, {
      surveySlug: 'pif-public',
      kind: 'chart',
      title: 'Support by gender',
      spec: { queries: [{ ...TOP2, filters: [{ question: 'q_gender', codes: ['1'] }] }, { ...TOP2, filters: [{ question: 'q_gender', codes: ['2'] }] }], settings: {} },
    });
    await postRespondents(ctx, [{ gender: '1', age: '2', welcome: '1', cry: '1' }]);

    const { page, close } = await web.open({ as: press });
    await page.goto(`${web.origin}/studio/press`);
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
    expect(page.url()).toBe(`${web.origin}/studio/press?done=deleted`);
    expect(await page.getByRole('row', { name: /Support by gender/ }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/after-delete.png`, fullPage: true });
    await close();
  });
});
