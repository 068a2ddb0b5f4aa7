import { describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { expectAccessible, useBrowserApp } from '../support/browser.ts';

// A press officer builds a headline step by step in a real browser (the pages load no script: every
// step is a plain form), saves it, and checks a draft press release's claims. Every page is scanned with
// axe-core; screenshots go to /tmp/screens-headlines.

const SCREENS = '/tmp/screens-headlines';

const web = useBrowserApp({ screens: SCREENS, seed: (ctx) => fillDemoResponses(ctx.database.db) });

describe('headlines and claims in a browser', () => {
  it('builds, saves and shows the "75% of the public" headline', async () => {
    const { page, close } = await web.open({ as: 'press' });
    await page.goto(`${web.origin}/studio/press/headlines/new`);
    expect(await page.title()).toMatch(/^New headline/);
    await expectAccessible(page, 'headline builder, first step');

    await page.getByLabel('Survey').selectOption('pif-public');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Question').selectOption('q_attitudes:s_early_relationships_critical');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Answer').selectOption('net:top2');
    await page.getByRole('button', { name: 'Next' }).click();

    const copy = page.getByLabel('Copy-ready text');
    expect(await copy.inputValue()).toBe(
      "75% of adults aged 18 or over agreed that early relationships are critical to children's development\nBase: 2,000 adults aged 18 or over in the United Kingdom\nMargin of error: ±1.9 points",
    );
    expect(await page.locator('.phrase-list li').first().textContent()).toMatch(/^three-quarters \(75%\) Supported/);
    await expectAccessible(page, 'headline builder with a draft');
    await page.screenshot({ path: `${SCREENS}/builder.png`, fullPage: true });

    await page.getByLabel('Lead with a phrase (optional)').selectOption('three-quarters');
    await page.getByRole('button', { name: 'Update the draft' }).click();
    const sentence = page.getByLabel('Sentence');
    expect(await sentence.inputValue()).toBe("Three-quarters (75%) of adults aged 18 or over agreed that early relationships are critical to children's development");
    await sentence.fill("Three-quarters (75%) of the public agreed that early relationships are critical to children's development");
    await page.getByRole('button', { name: 'Save headline' }).click();

    expect(page.url()).toMatch(/\/studio\/press\/headlines\/[^/]+\?done=saved$/);
    expect(await page.locator('#headline-sentence').textContent()).toBe("Three-quarters (75%) of the public agreed that early relationships are critical to children's development");
    expect(await page.locator('#live-notice').textContent()).toContain('The live figure is the same as the frozen one.');
    await expectAccessible(page, 'saved headline');
    await page.screenshot({ path: `${SCREENS}/saved.png`, fullPage: true });
    await close();
  });

  it('checks a draft press release against two surveys', async () => {
    const { page, close } = await web.open({ as: 'press' });
    await page.goto(`${web.origin}/studio/press/claims`);
    await expectAccessible(page, 'claim checker');
    await page
      .getByLabel('Text to check')
      .fill(
        "97% of professionals and 75% of the public agreed early relationships are critical to children's development. More professionals than members of the public agree that early relationships are critical. 61% of the public agreed.",
      );
    for (const box of await page.getByRole('checkbox').all()) {
      const value = await box.getAttribute('value');
      if (value === 'pif-public' || value === 'pif-professionals') await box.check();
    }
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await page.locator('#results-heading').textContent()).toBe('4 claims checked: 1 needs attention');
    const rows = page.locator('#claim-results tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(2).textContent()).toMatch(/Comparison.*Supported.*z = /);
    expect(await rows.nth(3).textContent()).toContain('Not found');
    // The pasted text stays in the box.
    expect(await page.getByLabel('Text to check').inputValue()).toMatch(/^97% of professionals/);
    await expectAccessible(page, 'claim checker with verdicts');
    await page.screenshot({ path: `${SCREENS}/claims.png`, fullPage: true });
    await close();
  });
});
