import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDraft } from '../../server/drafts/service.ts';
import { checkDefinition } from '../../server/surveys/definition-rules.ts';
import { createTestApp, signIn, type TestContext } from '../helpers.ts';
import { addSessionCookie, expectAccessible, launchChromium, serveApp, type ServedApp } from '../support/browser.ts';

// A researcher builds a survey in a real browser (the builder has no scripts): a new survey from scratch, a
// Likert grid, a question routed on an earlier answer, then the preview. axe-core scans every kind of
// builder page; screenshots go to /tmp/screens-B for a person to look at.

const SCREENS = '/tmp/screens-B';

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ctx = await createTestApp('sqlite', { examples: false, definitions: [] });
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

describe('building a survey in the browser', () => {
  it('creates a survey, adds a Likert grid and a routed question, previews it; every page passes axe', async () => {
    const researcher = await signIn(ctx, 'researcher');
    // The builder has no scripts of its own; JavaScript stays on only so axe-core can run in the page.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await addSessionCookie(context, researcher, origin);
    const page = await context.newPage();

    // A new survey from a blank questionnaire.
    await page.goto(`${origin}/studio/surveys/new`);
    await expectAccessible(page, 'new survey page');
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Enter a title for the survey');
    await expectAccessible(page, 'new survey page with an error');
    await page.getByLabel('Title', { exact: true }).fill('Parents and early relationships');
    await page.getByLabel('With a blank questionnaire').check();
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(`${origin}/studio/surveys/parents-and-early-relationships/build`);
    await shoot(page, '01-new-blank-builder');
    await expectAccessible(page, 'builder of a blank survey with problems');

    // Details.
    const details = page.locator('#details');
    await details.getByLabel('Description').fill('A short survey about the first years of life.');
    await details.getByLabel('Organisation running the survey').fill('Parent-Infant Foundation');
    await details.getByLabel('Population').fill('parents of children under 2');
    await details.getByLabel('Geography').fill('England');
    await details.getByLabel('Privacy notice').fill('Your answers are kept safe and reported only in groups.');
    await details.getByRole('button', { name: 'Save details' }).click();
    await page.waitForURL(/#details$/);

    // Page 1: a screening-free single-choice question on being a parent.
    await page.locator('#page-0').getByLabel('Page title (optional)').fill('About you');
    await page.locator('#page-0').getByRole('button', { name: 'Save page' }).click();
    const addToFirst = page.locator('#page-0 form[action$="/question-add"]');
    await addToFirst.getByLabel('Type of question').selectOption('single-choice');
    await addToFirst.getByLabel('Question text').fill('Are you a parent of a child under 2?');
    await addToFirst.getByRole('button', { name: /Add question/ }).click();
    await page.waitForURL(/#question-0-0$/);
    const q1 = page.locator('#question-0-0');
    await q1.getByLabel('New option').fill('Yes');
    await q1.getByRole('button', { name: 'Add option' }).click();
    await q1.getByLabel('New option').fill('No');
    await q1.getByRole('button', { name: 'Add option' }).click();
    await page.waitForURL(/#question-0-0-option-1$/);

    // Page 2: a Likert grid.
    await page.locator('#add-page').getByLabel('Title of the new page (optional)').fill('Your views');
    await page.locator('#add-page').getByRole('button', { name: 'Add page' }).click();
    const addToSecond = page.locator('#page-1 form[action$="/question-add"]');
    await addToSecond.getByLabel('Type of question').selectOption('likert-grid');
    await addToSecond.getByLabel('Question text').fill('How much do you agree or disagree with each statement?');
    await addToSecond.getByRole('button', { name: /Add question/ }).click();
    const grid = page.locator('#question-1-0');
    for (const statement of ['Early relationships shape a child’s development', 'Health services should offer parents support']) {
      await grid.getByLabel('New statement').fill(statement);
      await grid.getByRole('button', { name: 'Add statement' }).click();
    }
    // A routed follow-up on page 2, asked only of parents.
    await addToSecond.getByLabel('Type of question').selectOption('long-text');
    await addToSecond.getByLabel('Question text').fill('What support would have helped you?');
    await addToSecond.getByRole('button', { name: /Add question/ }).click();
    await page.locator('#question-1-1').getByLabel('Respondents must answer this question').uncheck();
    await page.locator('#question-1-1').getByRole('button', { name: 'Save question' }).click();
    await page.locator('#question-1-1').getByRole('link', { name: /Add routing/ }).click();
    await page.waitForURL(/\/build\/routing\?page=1&question=1$/);
    await expectAccessible(page, 'routing editor, empty');
    await page.getByLabel('Ask this question depending on the answer to').selectOption('q_parent_child_under_2');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Yes (1)').check();
    await shoot(page, '02-routing-editor');
    await expectAccessible(page, 'routing editor with a condition');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.waitForURL(/#question-1-1-routing$/);
    expect(await page.locator('#question-1-1-routing').textContent()).toContain('Asked only if q_parent_child_under_2 is “Yes”');

    const draft = (await getDraft(ctx.database.db, 'parents-and-early-relationships'))!;
    const check = checkDefinition(draft.document);
    expect(check.ok ? [] : check.problems).toEqual([]);
    const questions = (draft.document as any).pages.flatMap((p: any) => p.questions);
    expect(questions[1]).toMatchObject({ type: 'likert-grid', scale: 'agree5', dontKnow: true, statements: [{ id: 's_early_relationships_shape_child' }, { id: 's_health_services_should_offer' }] });
    expect(questions[2].showIf).toEqual({ question: 'q_parent_child_under_2', in: ['1'] });
    expect(await page.locator('.builder-ok').textContent()).toContain('No problems found');
    await shoot(page, '03-builder-complete');
    await page.locator('#question-0-0').screenshot({ path: `${SCREENS}/03a-choice-question.png` });
    await page.locator('#question-1-0').screenshot({ path: `${SCREENS}/03b-grid-question.png` });
    await page.screenshot({ path: `${SCREENS}/03c-builder-top.png` });
    await expectAccessible(page, 'builder of a complete survey');

    // Delete confirmation page.
    await page.goto(`${origin}/studio/surveys/parents-and-early-relationships/build/delete?page=1&question=1`);
    await expectAccessible(page, 'delete confirmation');
    await page.getByRole('link', { name: 'No, keep it' }).click();

    // Preview: the grid page as a respondent sees it, with the banner above.
    await page.goto(`${origin}/studio/surveys/parents-and-early-relationships/build`);
    await page.getByRole('link', { name: 'Preview the survey as a respondent sees it' }).click();
    await page.waitForURL(/\/build\/preview\/p_1$/);
    expect(await page.locator('.preview-banner').textContent()).toContain('Preview of the draft');
    await expectAccessible(page, 'preview, first page');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Select an answer');
    await expectAccessible(page, 'preview with an error');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/build\/preview\/p_views$/);
    expect(await page.getByRole('group', { name: 'Early relationships shape a child’s development' }).count()).toBe(1);
    expect(await page.locator('.preview-banner').textContent()).toContain('is shown only if q_parent_child_under_2 is “Yes”');
    await shoot(page, '04-preview-grid');
    await expectAccessible(page, 'preview, grid page');
    expect(Number((await ctx.database.db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);

    // On a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}/studio/surveys/parents-and-early-relationships/build#question-1-0`);
    await shoot(page, '05-builder-phone');
    await context.close();
  }, 240_000);

  it('shows Welsh labels side by side and problems beside the item', async () => {
    const researcher = await signIn(ctx, 'researcher');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await addSessionCookie(context, researcher, origin);
    const page = await context.newPage();
    await page.goto(`${origin}/studio/surveys/parents-and-early-relationships/build`);
    await page.locator('#details').getByLabel('Offer the survey in Welsh as well as English').check();
    await page.locator('#details').getByRole('button', { name: 'Save details' }).click();
    await page.waitForURL(/#details$/);
    expect(await page.locator('#details-title-label-cy').count()).toBe(1);
    expect(await page.locator('.builder-summary').textContent()).toContain('missing Welsh label');
    await page.goto(`${origin}/studio/surveys/parents-and-early-relationships/build#question-1-0`);
    await shoot(page, '06-builder-welsh-problems');
    await page.locator('#question-1-0').screenshot({ path: `${SCREENS}/06a-grid-welsh.png` });
    await page.goto(`${origin}/studio/surveys/parents-and-early-relationships/build`);
    await page.screenshot({ path: `${SCREENS}/06b-summary.png` });
    await expectAccessible(page, 'builder with Welsh and problems');
    await context.close();
  }, 120_000);
});
