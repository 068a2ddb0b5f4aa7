import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { saveDraft } from '../../server/drafts/service.ts';
import { createTestApp, ENGINES, postJson, publishResults, signIn, type TestContext } from '../helpers.ts';
import { START_FOR_LIFE_ANSWERS } from '../support/server-process.ts';

describe.each(ENGINES)('the front page and the workspace dashboard on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(() => ctx.database.drop());

  it('shows visitors a welcome, a way to sign in, and only the surveys that publish their results', async () => {
    await publishResults(ctx, 'pif-public');
    const res = await ctx.app.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/login"');
    expect(html).toContain('href="/results/pif-public"');
    expect(html).not.toContain('href="/results/start-for-life-parents"');
    expect(html).not.toContain('href="/results/pif-professionals"');
  });

  it('sends signed-in users to their workspace', async () => {
    const press = await signIn(ctx, 'press');
    const res = await ctx.app.request('/', { headers: press.headers });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/studio');
  });

  it('lists every survey, published or draft-only, with version, fieldwork state and completes', async () => {
    await fillDemoResponses(ctx.database.db, { perSurvey: 20 });
    expect((await postJson(ctx.app, '/api/surveys/start-for-life-parents/responses', { submissionId: randomUUID(), version: 1, answers: START_FOR_LIFE_ANSWERS })).status).toBe(201);
    // A screen-out is not a complete response.
    expect((await postJson(ctx.app, '/api/surveys/start-for-life-parents/responses', { submissionId: randomUUID(), version: 1, answers: { q_age_band: '1' } })).status).toBe(201);
    await saveDraft(ctx.database.db, { slug: 'brand-new-survey', baseVersion: null, document: { slug: 'brand-new-survey', title: { en: 'A brand new survey' } } }, null);
    await ctx.database.db
      .insertInto('survey_settings')
      .values({ survey_slug: 'pif-professionals', closes_at: new Date(Date.now() - 60_000).toISOString(), updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('survey_slug').doUpdateSet({ closes_at: new Date(Date.now() - 60_000).toISOString() }))
      .execute();

    const researcher = await signIn(ctx, 'researcher');
    const res = await ctx.app.request('/studio', { headers: researcher.headers });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const slug of ['start-for-life-parents', 'pif-public', 'pif-professionals', 'brand-new-survey']) {
      expect(html).toContain(`href="/studio/surveys/${slug}"`);
    }
    const rowOf = (slug: string) => html.slice(html.indexOf(`href="/studio/surveys/${slug}"`)).split('</tr>')[0]!;
    expect(rowOf('start-for-life-parents')).toContain('Version 1');
    expect(rowOf('start-for-life-parents')).toContain('Open');
    expect(rowOf('start-for-life-parents')).toMatch(/>21<div class="caption">20 of them demo/);
    expect(rowOf('pif-professionals')).toContain('Closed');
    expect(rowOf('brand-new-survey')).toContain('A brand new survey');
    expect(rowOf('brand-new-survey')).toContain('Draft only, not published');
    expect(html).toContain('href="/studio/surveys/new"');
    expect(html).toContain('href="/studio/import"');
  });

  it('offers press users no buttons to create surveys', async () => {
    const press = await signIn(ctx, 'press');
    const html = await (await ctx.app.request('/studio', { headers: press.headers })).text();
    expect(html).toContain('href="/studio/surveys/pif-public"');
    expect(html).not.toContain('href="/studio/surveys/new"');
    expect(html).not.toContain('href="/studio/import"');
  });
});
