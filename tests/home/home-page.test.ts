import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { createTestApp, ENGINES, postJson, type TestContext } from '../helpers.ts';

describe.each(ENGINES)('the front page on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(() => ctx.database.drop());

  it('lists every published survey with links to answer it and to its results', async () => {
    const res = await ctx.app.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const slug of ['start-for-life-parents', 'pif-public', 'pif-professionals']) {
      expect(html).toContain(`href="/s/${slug}"`);
      expect(html).toContain(`href="/results/${slug}"`);
    }
    expect(html).toContain('Connecting with your baby: a survey of parents');
    expect(html).toContain('English and Welsh');
    expect(html).toContain('0 complete responses');
  });

  it('counts complete responses and says how many are demo data', async () => {
    await fillDemoResponses(ctx.database.db, { perSurvey: 20 });
    const answers = {
      q_age_band: '3', q_parent_under2: '1', q_region: '7', q_gender: '1', q_children_under2: 1,
      q_aware_mh_before_2: '2', q_confidence_emotional: '4', q_welcome_support: '5',
      q_advice_outdated: { s_any_advice: '4', s_cry_it_out: '5', s_limit_affection: '4' }, q_felt_guilty: '2',
    };
    expect((await postJson(ctx.app, '/api/surveys/start-for-life-parents/responses', { submissionId: randomUUID(), version: 1, answers })).status).toBe(201);
    // A screen-out is not a complete response.
    const screenedOut = { q_age_band: '1' };
    expect((await postJson(ctx.app, '/api/surveys/start-for-life-parents/responses', { submissionId: randomUUID(), version: 1, answers: screenedOut })).status).toBe(201);
    const html = await (await ctx.app.request('/')).text();
    expect(html).toContain('21 complete responses (20 of them demo data)');
  });
});
