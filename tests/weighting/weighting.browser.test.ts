import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserApp } from '../support/browser.ts';
import { postResponses, SLUG, TWO_BY_TWO } from './fixtures.ts';

// A researcher creates a weighting scheme in a real browser (the pages load no script): a first
// attempt with targets that do not add up (error summary, values kept), then the fix; the list shows
// the figures and the weights download. Every page is scanned with axe-core; screenshots go to
// /tmp/screens-weighting.

const SCREENS = '/tmp/screens-weighting';
const PAGE = `/studio/surveys/${SLUG}/weighting`;

const web = useBrowserApp({ screens: SCREENS, seed: (ctx) => postResponses(ctx, TWO_BY_TWO) });

describe('weighting in a browser', () => {
  it('creates a scheme through the form, shows its figures and downloads its weights', async () => {
    const { context, page, close } = await web.open({ as: 'researcher' });
    await page.goto(`${web.origin}${PAGE}`);
    await expectAccessible(page, 'weighting page, empty');
    await page.getByRole('link', { name: 'Create a weighting scheme' }).click();
    await expectAccessible(page, 'new scheme form');

    await page.getByLabel('Name', { exact: true }).fill('england-parents');
    const gender = page.getByRole('group', { name: /How would you describe your gender/ });
    await gender.getByLabel('Weight on this question').check();
    await gender.getByLabel('Woman (code 1), target %').fill('37.5');
    await gender.getByLabel('Man (code 2), target %').fill('60');
    const age = page.getByRole('group', { name: /How old are you/ });
    await age.getByLabel('Weight on this question').check();
    await age.getByLabel('17 to 24 (code 2), target %').fill('50');
    await age.getByLabel('25 to 34 (code 3), target %').fill('50');
    await page.getByRole('button', { name: 'Save weighting scheme' }).click();

    expect(await page.title()).toMatch(/^Error: Create a weighting scheme/);
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('The targets for “How would you describe your gender?” add up to 97.5%: they must add up to 100%');
    expect(await gender.getByLabel('Man (code 2), target %').inputValue()).toBe('60');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('england-parents');
    await expectAccessible(page, 'new scheme form with errors');
    await page.screenshot({ path: `${SCREENS}/scheme-errors.png`, fullPage: true });
    // The summary's link takes the researcher to the question.
    await summary.getByRole('link').first().click();
    expect(page.url()).toMatch(/#use-q_gender$/);

    await gender.getByLabel('Man (code 2), target %').fill('62.5');
    await page.getByRole('button', { name: 'Save weighting scheme' }).click();
    expect(new URL(page.url()).pathname).toBe(PAGE);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Weighting scheme saved.');
    const section = page.getByRole('region', { name: /england-parents/ });
    const text = (await section.textContent())!.replace(/\s+/g, ' ');
    // Hand-worked 2 x 2: weights 1, 0.5, 2, 1; n_eff = 64/9.5; deff = 1.1875.
    expect(text).toContain('Weighting efficiency84.2%');
    expect(text).toContain('Design effect1.19');
    expect(text).toContain('0.500 to 2.000');
    const womanRow = section.getByRole('row', { name: /Woman/ });
    expect((await womanRow.textContent())!.replace(/\s+/g, ' ')).toBe('Woman (code 1)450.0%37.5%37.5%');
    await expectAccessible(page, 'weighting page with a scheme');
    await page.screenshot({ path: `${SCREENS}/weighting-page.png`, fullPage: true });

    // The download links work with the researcher's session.
    const csvHref = await section.getByRole('link', { name: /Download weights \(CSV\)/ }).getAttribute('href');
    const csv = await context.request.get(`${web.origin}${csvHref}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('submission_id,weight');
    expect(lines.slice(1).map((line) => Number(line.split(',')[1])).sort((a, b) => a - b)).toEqual([
      expect.closeTo(0.5, 10),
      expect.closeTo(0.5, 10),
      expect.closeTo(1, 10),
      expect.closeTo(1, 10),
      expect.closeTo(1, 10),
      expect.closeTo(1, 10),
      expect.closeTo(1, 10),
      expect.closeTo(2, 10),
    ]);
    await close();
  });
});
