import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTestApp, createTestDatabase, ENGINES, type TestContext } from '../helpers.ts';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { bilingualSurvey, readStartForLife } from './fixtures.ts';
import { RespondentClient, START_FOR_LIFE_FORMS } from './respondent-client.ts';

const SLUG = 'start-for-life-parents';
const S = `/s/${SLUG}`;
const page = (id: string) => `${S}/pages/${id}`;

describe.each(ENGINES)('respondent pages on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { examples: false, definitions: [await readStartForLife(), bilingualSurvey] });
  });
  afterAll(() => ctx.database.drop());

  const countResponses = async (slug = SLUG) =>
    Number((await ctx.database.db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).where('survey_slug', '=', slug).executeTakeFirstOrThrow()).n);
  const sessionOf = async (client: RespondentClient) => {
    const hash = createHash('sha256').update(client.cookies.get('attune_respondent')!).digest('hex');
    return ctx.database.db.selectFrom('respondent_sessions').selectAll().where('token_hash', '=', hash).executeTakeFirstOrThrow();
  };

  /** Consents and answers the given pages in order, asserting each redirect. */
  async function startAndAnswer(client: RespondentClient, pages: Partial<typeof START_FOR_LIFE_FORMS> = START_FOR_LIFE_FORMS) {
    const started = await client.post(`${S}/start`, { consent: 'yes' });
    expect(started.status).toBe(303);
    expect(started.location).toBe(page('p_eligibility'));
    for (const [id, fields] of Object.entries(pages)) {
      const res = await client.post(page(id), fields);
      expect(res.status, `${id}: ${res.html.slice(0, 300)}`).toBe(303);
    }
  }

  it('shows a start page with purpose, organisation, privacy notice and a consent box', async () => {
    const res = await new RespondentClient(ctx.app).get(S);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.html).toMatch(/^<!doctype html><html lang="en">/);
    expect(res.html).toContain('<h1 class="heading-xl">Connecting with your baby: a survey of parents</h1>');
    expect(res.html).toContain('A survey by Department of Health and Social Care');
    expect(res.html).toContain('The survey takes about 5 minutes');
    expect(res.html).toContain('Taking part is voluntary');
    expect(res.html).toContain('href="mailto:startforlife.research@example.org"');
    expect(res.html).toMatch(/<input class="choice__input" id="consent" name="consent" type="checkbox" value="yes"/);
    expect(res.html).not.toContain('Continue where you left off');
    expect(res.html).not.toContain('<script');
  });

  it('refuses to start without consent, with an error summary and inline error (422)', async () => {
    const client = new RespondentClient(ctx.app);
    const res = await client.post(`${S}/start`, {});
    expect(res.status).toBe(422);
    expect(res.html).toContain('<title>Error: Connecting with your baby');
    expect(res.html).toMatch(/class="error-summary" role="alert"[^>]*tabindex="-1"/);
    expect(res.html).toContain('<a href="#consent">Confirm that you agree to take part</a>');
    expect(res.html).toContain('id="consent-error"');
    expect(client.cookies.has('attune_respondent')).toBe(false);
  });

  it('sets an unguessable, HttpOnly, Lax, survey-scoped cookie and stores only its hash', async () => {
    const client = new RespondentClient(ctx.app);
    await client.post(`${S}/start`, { consent: 'yes' });
    const line = client.setCookies.find((cookie) => cookie.startsWith('attune_respondent='))!;
    const token = client.cookies.get('attune_respondent')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Lax');
    expect(line).toContain(`Path=${S}`);
    expect(line).toContain('Max-Age=2592000');
    expect(line).not.toContain('Secure');
    const rows = await ctx.database.db.selectFrom('respondent_sessions').selectAll().execute();
    expect(rows.some((row) => row.token_hash === token)).toBe(false);
    const session = await sessionOf(client);
    expect(session).toMatchObject({ survey_slug: SLUG, survey_version: 1, status: 'in_progress', answers: '{}', language: 'en' });
    expect(session.submission_id).toMatch(/^[0-9a-f-]{36}$/);

    const secure = new RespondentClient(ctx.app, 'https://attune.example');
    await secure.post(`${S}/start`, { consent: 'yes' });
    expect(secure.setCookies.find((cookie) => cookie.startsWith('attune_respondent='))).toContain('Secure');
  });

  it('walks start → pages → validation error → Back → check → change → submit → done with a reference', async () => {
    const client = new RespondentClient(ctx.app);
    await client.post(`${S}/start`, { consent: 'yes' });

    const first = await client.get(page('p_eligibility'));
    expect(first.status).toBe(200);
    expect(first.html).toContain('Page 1 of 5');
    expect(first.html).toMatch(/<progress id="progress" class="progress__bar" max="5" value="1">/);
    expect(first.html).toContain(`<a class="back-link" href="${S}">Back</a>`);
    expect(first.html).toContain('<legend class="fieldset__legend">How old are you?</legend>');

    let res = await client.post(page('p_eligibility'), START_FOR_LIFE_FORMS.p_eligibility);
    expect(res.location).toBe(page('p_household'));

    // A validation error: a missing choice and a number that is not a number.
    res = await client.post(page('p_household'), { q_children_under2: 'two ' });
    expect(res.status).toBe(422);
    expect(res.html).toContain('<title>Error: You and your family');
    expect(res.html).toContain('There is a problem');
    expect(res.html).toContain('<a href="#q_gender">Select an answer</a>');
    expect(res.html).toContain('<a href="#q_children_under2">Enter a number, like 12</a>');
    expect(res.html).toMatch(/<p class="error-message" id="q_children_under2-error"><span class="visually-hidden">Error: <\/span>Enter a number, like 12<\/p>/);
    expect(res.html).toMatch(/id="q_children_under2"[^>]*value="two "[^>]*aria-describedby="q_children_under2-hint q_children_under2-error"/);
    expect(res.html).toMatch(/<fieldset class="fieldset" aria-describedby="q_gender-error">/);
    expect(res.html.match(/form-group--error/g)).toHaveLength(2);

    res = await client.post(page('p_household'), { q_gender: '2', q_children_under2: ' 3 ' });
    expect(res.location).toBe(page('p_awareness'));

    // Back: the Awareness page links to the Household page, which shows what was saved.
    const awareness = await client.get(page('p_awareness'));
    expect(awareness.html).toContain(`<a class="back-link" href="${page('p_household')}">Back</a>`);
    expect(awareness.html).toContain('Page 3 of 5');
    const back = await client.get(page('p_household'));
    expect(back.html).toMatch(/id="q_gender-2" name="q_gender" type="radio" value="2" checked/);
    expect(back.html).toMatch(/id="q_children_under2"[^>]*value="3"/);

    for (const id of ['p_awareness', 'p_support', 'p_feelings'] as const) {
      res = await client.post(page(id), START_FOR_LIFE_FORMS[id]);
      expect(res.status).toBe(303);
    }
    expect(res.location).toBe(`${S}/check`);

    let check = await client.get(`${S}/check`);
    expect(check.status).toBe(200);
    expect(check.html).toContain('Check your answers before sending them');
    for (const label of ['25 to 34', 'London', 'Man', 'Very confident', 'Strongly agree', 'Letting the baby &#39;cry it out&#39;: <strong>Don&#39;t know</strong>']) {
      expect(check.html).toContain(label);
    }
    expect(check.html).toContain(`<a class="back-link" href="${page('p_feelings')}">Back</a>`);
    expect(check.html).toContain(
      `<a href="${page('p_household')}?return=check">Change<span class="visually-hidden"> How many children under 2 do you look after?</span></a>`,
    );

    // Change link round trip: back to the check page after saving.
    const change = await client.get(`${page('p_household')}?return=check`);
    expect(change.html).toContain(`<a class="back-link" href="${S}/check">Back</a>`);
    expect(change.html).toContain(`action="${page('p_household')}?return=check"`);
    res = await client.post(`${page('p_household')}?return=check`, { q_gender: '1', q_children_under2: '2' });
    expect(res.location).toBe(`${S}/check`);
    check = await client.get(`${S}/check`);
    expect(check.html).toMatch(/How would you describe your gender\?<\/dt><dd class="summary-list__value">Woman/);

    res = await client.post(`${S}/submit`);
    expect(res.location).toBe(`${S}/done`);
    const done = await client.get(`${S}/done`);
    expect(done.status).toBe(200);
    const reference = done.html.match(/<strong class="reference">([0-9A-Z]{4}-[0-9A-Z]{4})<\/strong>/)?.[1];
    expect(reference).toBeDefined();

    const session = await sessionOf(client);
    expect(session.status).toBe('complete');
    const stored = await ctx.database.db.selectFrom('responses').selectAll().where('id', '=', session.response_id!).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ reference, status: 'complete', source: 'web', submission_id: session.submission_id, language: 'en' });
    expect(JSON.parse(stored.answers)).toEqual({
      q_age_band: '3',
      q_parent_under2: '1',
      q_region: '7',
      q_gender: '1',
      q_children_under2: 2,
      q_aware_mh_before_2: '2',
      q_confidence_emotional: '4',
      q_welcome_support: '5',
      q_advice_outdated: { s_any_advice: '4', s_cry_it_out: '9', s_limit_affection: '2' },
      q_felt_guilty: '2',
    });

    // After sending, every page leads to the confirmation; sending again changes nothing.
    expect((await client.get(page('p_support'))).location).toBe(`${S}/done`);
    expect((await client.get(`${S}/check`)).location).toBe(`${S}/done`);
    const before = await countResponses();
    expect((await client.post(`${S}/submit`)).location).toBe(`${S}/done`);
    expect(await countResponses()).toBe(before);
    expect((await client.get(S)).html).toContain('You have already sent your answers from this device.');
  });

  it('makes one response when submit is double-clicked', async () => {
    const client = new RespondentClient(ctx.app);
    await startAndAnswer(client);
    const before = await countResponses();
    const [a, b] = await Promise.all([client.fork().post(`${S}/submit`), client.fork().post(`${S}/submit`)]);
    expect([a.location, b.location]).toEqual([`${S}/done`, `${S}/done`]);
    expect(await countResponses()).toBe(before + 1);
    const session = await sessionOf(client);
    const stored = await ctx.database.db.selectFrom('responses').select('id').where('submission_id', '=', session.submission_id).execute();
    expect(stored).toEqual([{ id: session.response_id }]);
  });

  it('asks the guilt detail page only after "Yes", and drops its answer when the routing answer changes', async () => {
    const client = new RespondentClient(ctx.app);
    const { p_feelings: _, ...upToSupport } = START_FOR_LIFE_FORMS;
    await startAndAnswer(client, upToSupport);
    // Not reachable yet: q_felt_guilty is unanswered.
    expect((await client.get(page('p_guilt_detail'))).location).toBe(page('p_feelings'));

    let res = await client.post(page('p_feelings'), { q_felt_guilty: '1' });
    expect(res.location).toBe(page('p_guilt_detail'));
    const detail = await client.get(page('p_guilt_detail'));
    expect(detail.html).toContain('Page 6 of 6');
    expect(detail.html).toContain('(optional)');
    expect(detail.html).toContain('You can enter up to 1500 characters');
    res = await client.post(page('p_guilt_detail'), { q_guilt_detail: 'When told to let her cry.\r\n' });
    expect(res.location).toBe(`${S}/check`);
    expect(JSON.parse((await sessionOf(client)).answers).q_guilt_detail).toBe('When told to let her cry.');

    res = await client.post(`${page('p_feelings')}?return=check`, { q_felt_guilty: '2' });
    expect(res.location).toBe(`${S}/check`);
    const answers = JSON.parse((await sessionOf(client)).answers);
    expect(answers.q_felt_guilty).toBe('2');
    expect(answers).not.toHaveProperty('q_guilt_detail');
    expect((await client.get(page('p_guilt_detail'))).location).toBe(`${S}/check`);
    expect((await client.get(`${S}/check`)).html).not.toContain('tell us about a time');

    // Changing back opens the page again, and the change journey visits it before returning.
    res = await client.post(`${page('p_feelings')}?return=check`, { q_felt_guilty: '1' });
    expect(res.location).toBe(`${page('p_guilt_detail')}?return=check`);
    res = await client.post(`${page('p_guilt_detail')}?return=check`, {});
    expect(res.location).toBe(`${S}/check`);
    expect((await client.get(`${S}/check`)).html).toMatch(/tell us about a time you felt this way.<\/dt><dd class="summary-list__value"><span class="summary-list__empty">Not answered/);
  });

  it('ends on the screen-out page and stores a screened-out response with the answers up to the screening question', async () => {
    const client = new RespondentClient(ctx.app);
    await client.post(`${S}/start`, { consent: 'yes' });
    const res = await client.post(page('p_eligibility'), { q_age_band: '3', q_parent_under2: '2' });
    expect(res.location).toBe(`${S}/screened-out`);
    const out = await client.get(`${S}/screened-out`);
    expect(out.status).toBe(200);
    expect(out.html).toContain('You do not need to answer any more questions');
    expect(out.html).toContain('This survey is for parents aged 17 or over');
    const session = await sessionOf(client);
    expect(session.status).toBe('screened_out');
    const stored = await ctx.database.db.selectFrom('responses').selectAll().where('id', '=', session.response_id!).executeTakeFirstOrThrow();
    expect(stored.status).toBe('screened_out');
    expect(JSON.parse(stored.answers)).toEqual({ q_age_band: '3', q_parent_under2: '2' });
    expect((await client.get(page('p_household'))).location).toBe(`${S}/screened-out`);
    expect((await client.post(`${S}/submit`)).location).toBe(`${S}/screened-out`);
  });

  it('asks earlier screening questions before screening out on a later one', async () => {
    const client = new RespondentClient(ctx.app);
    await client.post(`${S}/start`, { consent: 'yes' });
    const res = await client.post(page('p_eligibility'), { q_region: '11' });
    expect(res.status).toBe(422);
    expect(res.html).toContain('<a href="#q_age_band">Select an answer</a>');
    expect(res.html).toContain('<a href="#q_parent_under2">Select an answer</a>');
    expect(res.html).toMatch(/id="q_region-11" name="q_region" type="radio" value="11" checked/);
  });

  it('names the statement in each grid error and keeps the statements already answered', async () => {
    const client = new RespondentClient(ctx.app);
    const { p_support: _, p_feelings: __, ...upToAwareness } = START_FOR_LIFE_FORMS;
    await startAndAnswer(client, upToAwareness);
    const res = await client.post(page('p_support'), { q_welcome_support: '4', 'q_advice_outdated.s_any_advice': '5' });
    expect(res.status).toBe(422);
    expect(res.html).toContain('<a href="#q_advice_outdated-s_cry_it_out">Select an answer for “Letting the baby &#39;cry it out&#39;”</a>');
    expect(res.html).toContain('<a href="#q_advice_outdated-s_limit_affection">Select an answer for “Limiting physical affection');
    expect(res.html).toMatch(/<fieldset class="fieldset grid-row" aria-describedby="q_advice_outdated-s_cry_it_out-error"><legend class="grid-row__legend">/);
    expect(res.html).toMatch(/id="q_advice_outdated-s_any_advice-5" name="q_advice_outdated.s_any_advice" type="radio" value="5" checked/);
    // The valid answer on the page was kept; the incomplete grid was not.
    const answers = JSON.parse((await sessionOf(client)).answers);
    expect(answers.q_welcome_support).toBe('4');
    expect(answers).not.toHaveProperty('q_advice_outdated');
  });

  it('answers an unknown survey or page with an HTML 404 page, and keeps JSON for the API', async () => {
    const client = new RespondentClient(ctx.app);
    for (const path of ['/s/no-such-survey', '/s/no-such-survey/pages/p1', '/s/Not_A_Slug', '/nowhere']) {
      const res = await client.get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.html).toContain('<h1 class="heading-l">Page not found</h1>');
    }
    await client.post(`${S}/start`, { consent: 'yes' });
    expect((await client.get(page('p_nope'))).status).toBe(404);
    const api = await ctx.app.request('/api/surveys/no-such-survey/nothing-here');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('answers a failure on our side with an HTML 500 page that shows no internals', async () => {
    const broken = await createTestDatabase(engine);
    const app = createApp({ db: broken.db, config: { logRequests: false } });
    await broken.drop();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await new RespondentClient(app).get(S);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.html).toContain('Sorry, there is a problem with the service');
      expect(res.html).not.toMatch(/at .*\.ts:\d+|Error:|destroyed|database/i);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('keeps answers on refresh and when coming back later, and refuses to skip ahead by URL', async () => {
    const client = new RespondentClient(ctx.app);
    await client.post(`${S}/start`, { consent: 'yes' });
    expect((await client.get(page('p_support'))).location).toBe(page('p_eligibility'));
    await client.post(page('p_eligibility'), START_FOR_LIFE_FORMS.p_eligibility);
    await client.post(page('p_household'), START_FOR_LIFE_FORMS.p_household);
    expect((await client.get(page('p_support'))).location).toBe(page('p_awareness'));
    expect((await client.get(`${S}/check`)).location).toBe(page('p_awareness'));

    // Refresh, then a later visit in the same browser: the start page offers to carry on.
    const again = await client.fork().get(page('p_eligibility'));
    expect(again.html).toMatch(/id="q_region-7" name="q_region" type="radio" value="7" checked/);
    const later = await client.fork().get(S);
    expect(later.html).toContain('Continue where you left off');
    expect(later.html).toContain(`href="${page('p_awareness')}"`);
    const restart = await client.fork().post(`${S}/start`, { consent: 'yes' });
    expect(restart.location).toBe(page('p_awareness'));
  });

  it('sends people without a session to the start page', async () => {
    const client = new RespondentClient(ctx.app);
    expect((await client.get(page('p_household'))).location).toBe(S);
    expect((await client.post(`${S}/submit`)).location).toBe(S);
    expect((await client.get(`${S}/done`)).location).toBe(S);
  });

  it('switches to Welsh where the survey offers it, remembering the choice', async () => {
    const client = new RespondentClient(ctx.app);
    const english = await client.get('/s/dwyieithog');
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain('<a class="language-switch" href="/s/dwyieithog?lang=cy" lang="cy" hreflang="cy">Cymraeg</a>');

    const welsh = await client.get('/s/dwyieithog?lang=cy');
    expect(welsh.html).toContain('<html lang="cy">');
    expect(welsh.html).toContain('Dywedwch wrthym am fywyd teulu.');
    expect(welsh.html).toContain('Dechrau nawr');
    expect(welsh.html).toContain('lang="en" hreflang="en">English</a>');
    expect(client.cookies.get('attune_lang')).toBe('cy');

    const started = await client.post('/s/dwyieithog/start', { consent: 'yes' });
    expect(started.location).toBe('/s/dwyieithog/pages/p_one');
    const first = await client.get('/s/dwyieithog/pages/p_one');
    expect(first.html).toContain('<html lang="cy">');
    expect(first.html).toContain('Tudalen 1 o 2');
    expect(first.html).toContain('Mae perthnasoedd cynnar yn bwysig');
    expect(first.html).toContain('Anghytuno&#39;n gryf');
    expect(first.html).toContain('Dewiswch hyd at 2');

    const invalid = await client.post('/s/dwyieithog/pages/p_one', { q_sources: ['a', 'b', 'c'] });
    expect(invalid.status).toBe(422);
    expect(invalid.html).toContain('<title>Gwall: Amdanoch chi');
    expect(invalid.html).toContain('Mae problem wedi codi');
    expect(invalid.html).toContain('<a href="#q_agree">Dewiswch ateb</a>');
    expect(invalid.html).toContain('<a href="#q_sources">Dewiswch ddim mwy na 2</a>');
    expect(invalid.html.match(/name="q_sources" type="checkbox" value="[abc]" checked/g)).toHaveLength(3);

    await client.post('/s/dwyieithog/pages/p_one', { q_agree: '4', q_sources: ['a', 'c'] });
    // Back to English mid-way: the session remembers it.
    const switched = await client.get('/s/dwyieithog/pages/p_two?lang=en');
    expect(switched.html).toContain('<html lang="en">');
    expect(switched.html).toContain('Which town do you live in?');
    expect((await client.get('/s/dwyieithog/pages/p_two')).html).toContain('<html lang="en">');
    await client.get('/s/dwyieithog/pages/p_two?lang=cy');
    expect((await client.post('/s/dwyieithog/pages/p_two', { q_town: 'Aberystwyth' })).location).toBe('/s/dwyieithog/check');
    const check = await client.get('/s/dwyieithog/check');
    expect(check.html).toContain('Gwiriwch eich atebion cyn eu hanfon');
    expect(check.html).toContain('<li>Teulu</li><li>Rhyngrwyd</li>');
    await client.post('/s/dwyieithog/submit');
    const done = await client.get('/s/dwyieithog/done');
    expect(done.html).toContain('Mae eich atebion wedi&#39;u hanfon');
    const session = await sessionOf(client);
    const stored = await ctx.database.db.selectFrom('responses').selectAll().where('id', '=', session.response_id!).executeTakeFirstOrThrow();
    expect(stored.language).toBe('cy');
    expect(JSON.parse(stored.answers)).toEqual({ q_agree: '4', q_sources: ['a', 'c'], q_town: 'Aberystwyth' });
  });

  it('keeps a session on the version it started on when a newer version is published', async () => {
    // A survey of its own, so the newer version does not affect other tests.
    const v1 = { ...bilingualSurvey, slug: 'versioned' };
    await publishSurveyVersion(ctx.database.db, v1);
    const client = new RespondentClient(ctx.app);
    await client.post('/s/versioned/start', { consent: 'yes' });
    await client.post('/s/versioned/pages/p_one', { q_agree: '5', q_sources: 'b' });
    await publishSurveyVersion(ctx.database.db, { ...v1, version: 2, title: { en: 'Family life survey 2', cy: 'Arolwg bywyd teulu 2' } });

    expect((await client.get('/s/versioned/pages/p_two')).html).toContain('<title>Which town do you live in? – Family life survey</title>');
    await client.post('/s/versioned/pages/p_two', {});
    await client.post('/s/versioned/submit');
    const stored = await ctx.database.db
      .selectFrom('responses')
      .selectAll()
      .where('id', '=', (await sessionOf(client)).response_id!)
      .executeTakeFirstOrThrow();
    expect(stored.survey_version).toBe(1);

    const newcomer = new RespondentClient(ctx.app);
    await newcomer.post('/s/versioned/start', { consent: 'yes' });
    expect((await sessionOf(newcomer)).survey_version).toBe(2);
  });

  it('ignores a Welsh request where the survey has no Welsh', async () => {
    const res = await new RespondentClient(ctx.app).get(`${S}?lang=cy`);
    expect(res.html).toContain('<html lang="en">');
    expect(res.html).not.toContain('language-switch');
  });

  it('keeps every respondent page under 40 KB of HTML plus CSS', async () => {
    const client = new RespondentClient(ctx.app);
    const cssPath = (await client.get(S)).html.match(/href="(\/assets\/attune\.css\?v=[0-9a-f]+)"/)![1]!;
    const css = await ctx.app.request(cssPath);
    const cssBytes = Buffer.byteLength(await css.text());
    const sizes: Record<string, number> = {};
    const measure = (name: string, html: string) => (sizes[name] = Buffer.byteLength(html) + cssBytes);

    measure('start', (await client.get(S)).html);
    await client.post(`${S}/start`, { consent: 'yes' });
    for (const id of Object.keys(START_FOR_LIFE_FORMS) as (keyof typeof START_FOR_LIFE_FORMS)[]) {
      measure(`${id} (error)`, (await client.post(page(id), {})).html);
      await client.post(page(id), id === 'p_feelings' ? { q_felt_guilty: '1' } : START_FOR_LIFE_FORMS[id]);
      measure(id, (await client.get(page(id))).html);
    }
    measure('p_guilt_detail', (await client.get(page('p_guilt_detail'))).html);
    await client.post(page('p_guilt_detail'), { q_guilt_detail: 'x'.repeat(1500) });
    measure('check', (await client.get(`${S}/check`)).html);
    await client.post(`${S}/submit`);
    measure('done', (await client.get(`${S}/done`)).html);
    measure('404', (await client.get('/s/nothing-here')).html);
    for (const [name, bytes] of Object.entries(sizes)) expect(bytes, name).toBeLessThan(40 * 1024);
  });
});
