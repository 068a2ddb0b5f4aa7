import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { createTestApp, ENGINES, postJson, type TestContext } from '../helpers.ts';
import { START_FOR_LIFE_ANSWERS } from '../support/server-process.ts';

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
    expect((await postJson(ctx.app, '/api/surveys/start-for-life-parents/responses', { submissionId: randomUUID(), version: 1, answers: START_FOR_LIFE_ANSWERS })).status).toBe(201);
    // A screen-out is not a complete response.
    const screenedOut = { q_age_band: '1' };
    expect((await postJson(ctx.app, '/api/surveys/start-for-life-parents/responses', { submissionId: randomUUID(), version: 1, answers: screenedOut })).status).toBe(201);
    const html = await (await ctx.app.request('/')).text();
    expect(html).toContain('21 complete responses (20 of them demo data)');
  });
});
