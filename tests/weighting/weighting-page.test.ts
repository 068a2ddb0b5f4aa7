import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { createTestApp, definitionFrom, ENGINES, EXAMPLE_SURVEYS_DIR, postForm, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { postResponses, SLUG, TWO_BY_TWO } from './fixtures.ts';

// The weighting tab without JavaScript: the scheme list with its figures, and the form that creates,
// changes and deletes schemes, keeping what was typed when something is wrong.

const PAGE = `/studio/surveys/${SLUG}/weighting`;

/** The text of a page without tags, with runs of white space as one space. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

/** The fields of the 2 x 2 scheme as the form posts them: percentages, blank for no target. */
const twoByTwoForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'two-by-two',
  description: '',
  use: ['q_age_band', 'q_gender'],
  'target-q_gender-1': '37.5',
  'target-q_gender-2': '62.5',
  'target-q_age_band-2': '50',
  'target-q_age_band-3': '50%',
  trim_min: '',
  trim_max: '',
  ...overrides,
});

describe.each(ENGINES)('the weighting page (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
    researcher = await signIn(ctx, 'researcher');
    await postResponses(ctx, TWO_BY_TWO);
  });
  afterAll(async () => {
    await ctx.database.drop();
  });
  const get = (path: string, as: SignedIn | null = researcher) => ctx.app.request(path, { headers: as?.headers ?? {} });
  const schemeJson = async (name: string) => {
    const res = await get(`/api/surveys/${SLUG}/weightings/${name}`);
    return { status: res.status, body: res.status === 200 ? ((await res.json()) as { scheme: Record<string, unknown> }) : null };
  };

  it('is for researchers: anonymous visitors sign in first, press users are refused', async () => {
    const anonymous = await get(PAGE, null);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(PAGE)}`);
    const press = await signIn(ctx, 'press');
    for (const path of [PAGE, `${PAGE}/new`]) expect((await get(path, press)).status, path).toBe(403);
    expect((await postForm(ctx.app, PAGE, twoByTwoForm(), press)).status).toBe(403);
    const empty = textOf(await (await get(PAGE)).text());
    expect(empty).toContain('This survey has no weighting schemes yet.');
    expect(empty).toContain('over the 8 complete responses that count');
  });

  it('creates a scheme from the form (percentages become proportions) and lists it with its figures', async () => {
    const res = await postForm(ctx.app, PAGE, twoByTwoForm({ description: 'Hand-worked', trim_max: '5' }), researcher);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe(`${PAGE}?done=saved#scheme-two-by-two`);
    const saved = await schemeJson('two-by-two');
    expect(saved.body!.scheme).toEqual({
      name: 'two-by-two',
      description: 'Hand-worked',
      source: 'workspace',
      variables: [
        { question: 'q_age_band', targets: { '2': 0.5, '3': 0.5 } },
        { question: 'q_gender', targets: { '1': 0.375, '2': 0.625 } },
      ],
      trim: { max: 5 },
    });
    const page = textOf(await (await get(`${PAGE}?done=saved`)).text());
    expect(page).toContain('Weighting scheme saved.');
    expect(page).toContain('two-by-two · saved in the workspace');
    // Hand-worked: weights 1, 0.5, 2, 1; n_eff = 64/9.5 = 6.74; deff 1.1875; efficiency 84.2%.
    expect(page).toContain('Weighting efficiency 84.2%');
    expect(page).toContain('Effective sample size 6.7 of 8 respondents');
    expect(page).toContain('Design effect 1.19');
    expect(page).toContain('Smallest and largest weight 0.500 to 2.000');
    expect(page).toContain('Trimming Weights at most 5');
    // Per variable: respondents, sample %, weighted %, target %.
    expect(page).toContain('Woman (code 1) 4 50.0% 37.5% 37.5%');
    expect(page).toContain('17 to 24 (code 2) 3 37.5% 50.0% 50.0%');
    const html = await (await get(PAGE)).text();
    expect(html).toContain(`href="/api/surveys/${SLUG}/weights?weighting=two-by-two&amp;format=csv"`);
    expect(html).toContain(`href="/api/surveys/${SLUG}/weights?weighting=two-by-two&amp;format=json"`);
  });

  it('shows every problem in an error summary and keeps what was typed', async () => {
    const res = await postForm(
      ctx.app,
      PAGE,
      twoByTwoForm({ name: 'Bad Name', 'target-q_gender-2': '60', 'target-q_age_band-2': 'fifty', trim_min: '2', trim_max: 'lots' }),
      researcher,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    const text = textOf(html);
    expect(text).toContain('Error: Create a weighting scheme');
    expect(text).toContain('There is a problem');
    for (const message of [
      'The name must be lower-case letters and digits in words joined by hyphens, e.g. "gb-parents"',
      'Enter the target for “17 to 24” as a percentage, like 48.5',
      'The targets for “How would you describe your gender?” add up to 97.5%: they must add up to 100%',
      'The smallest weight must be at most 1 (weights have mean 1)',
      'Enter the largest weight as a number, like 5',
    ]) {
      expect(text).toContain(message);
    }
    // Each summary entry links to its field, and every value typed is still there.
    expect(html).toContain('href="#name"');
    expect(html).toContain('href="#target-q_age_band-2"');
    expect(html).toContain('href="#use-q_gender"');
    expect(html).toMatch(/id="name" name="name" type="text" value="Bad Name"/);
    expect(html).toMatch(/id="target-q_age_band-2" name="target-q_age_band-2" type="text" inputmode="decimal" value="fifty"/);
    expect(html).toMatch(/id="target-q_gender-2" name="target-q_gender-2" type="text" inputmode="decimal" value="60"/);
    expect(html).toMatch(/id="trim-max" name="trim_max" type="text" inputmode="decimal" value="lots"/);
    expect(html).toMatch(/id="use-q_gender" name="use" type="checkbox" value="q_gender" checked/);
    expect((await schemeJson('bad-name')).status).toBe(404);
  });

  it('asks for at least one question, and refuses a name already taken by the workspace or the survey file', async () => {
    const none = await postForm(ctx.app, PAGE, { name: 'nothing', use: [] }, researcher);
    expect(none.status).toBe(422);
    expect(textOf(await none.text())).toContain('Choose at least one question to weight on');
    const taken = await postForm(ctx.app, PAGE, twoByTwoForm(), researcher);
    expect(taken.status).toBe(422);
    expect(textOf(await taken.text())).toContain('There is already a scheme called “two-by-two”: choose another name, or change that scheme');
  });

  it('changes a scheme through its edit form, prefilled with percentages', async () => {
    const edit = await get(`${PAGE}/two-by-two/edit`);
    expect(edit.status).toBe(200);
    const html = await edit.text();
    expect(html).toMatch(/id="target-q_gender-1" name="target-q_gender-1" type="text" inputmode="decimal" value="37.5"/);
    expect(html).toMatch(/id="trim-max" name="trim_max" type="text" inputmode="decimal" value="5"/);
    expect(html).toContain(`action="${PAGE}/two-by-two"`);
    const res = await postForm(ctx.app, `${PAGE}/two-by-two`, twoByTwoForm({ name: 'ignored', use: ['q_gender'], 'target-q_gender-1': '50', 'target-q_gender-2': '50' }), researcher);
    expect(res.status).toBe(303);
    const saved = await schemeJson('two-by-two');
    expect(saved.body!.scheme).toEqual({ name: 'two-by-two', source: 'workspace', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] });
    expect((await schemeJson('ignored')).status).toBe(404);
    const bad = await postForm(ctx.app, `${PAGE}/two-by-two`, twoByTwoForm({ use: ['q_gender'], 'target-q_gender-1': '-5' }), researcher);
    expect(bad.status).toBe(422);
    expect(textOf(await bad.text())).toContain('The target for “Woman” must be between 0% and 100%');
  });

  it('shows why a scheme has no weights instead of figures', async () => {
    const res = await postForm(ctx.app, PAGE, { name: 'north-east', use: ['q_region'], 'target-q_region-1': '10', 'target-q_region-7': '90' }, researcher);
    expect(res.status).toBe(303);
    const page = textOf(await (await get(PAGE)).text());
    expect(page).toContain('No weights: Weighting "north-east" cannot be applied: target category "North East (code 1)" of q_region has no respondents');
  });

  it('deletes a workspace scheme, and treats a survey-file scheme as read-only (copy it instead)', async () => {
    const res = await postForm(ctx.app, `${PAGE}/north-east/delete`, {}, researcher);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${PAGE}?done=deleted`);
    expect((await schemeJson('north-east')).status).toBe(404);
    expect((await postForm(ctx.app, `${PAGE}/north-east/delete`, {}, researcher)).status).toBe(404);

    const v1 = JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')) as Record<string, unknown>;
    await publishSurveyVersion(
      ctx.database.db,
      definitionFrom({ ...v1, version: 2, weighting: [{ name: 'from-file', variables: [{ question: 'q_gender', targets: { '1': 0.4, '2': 0.6 } }] }] }),
    );
    const page = await (await get(PAGE)).text();
    expect(textOf(page)).toContain('from-file · defined in the survey file (read-only)');
    expect(page).toContain(`href="${PAGE}/new?from=from-file"`);
    expect(page).not.toContain(`${PAGE}/from-file/edit`);
    expect((await get(`${PAGE}/from-file/edit`)).status).toBe(409);
    expect((await postForm(ctx.app, `${PAGE}/from-file/delete`, {}, researcher)).status).toBe(409);
    const copy = await (await get(`${PAGE}/new?from=from-file`)).text();
    expect(copy).toMatch(/id="name" name="name" type="text" value=""/);
    expect(copy).toMatch(/id="target-q_gender-2" name="target-q_gender-2" type="text" inputmode="decimal" value="60"/);
    const clash = await postForm(ctx.app, PAGE, { name: 'from-file', use: ['q_gender'], 'target-q_gender-1': '40', 'target-q_gender-2': '60' }, researcher);
    expect(clash.status).toBe(422);
    expect(textOf(await clash.text())).toContain('The survey file already has a scheme called “from-file”: choose another name');
  });
});
