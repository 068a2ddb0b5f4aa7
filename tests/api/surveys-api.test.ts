import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';

describe.each(ENGINES)('survey definitions API on %s', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
    press = await signIn(ctx, 'press');
  });
  afterAll(() => ctx.database.drop());

  it('answers /healthz', async () => {
    const res = await ctx.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('lists the published example surveys', async () => {
    const res = await ctx.app.request('/api/surveys', { headers: press.headers });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.surveys.map((s: { slug: string }) => s.slug)).toContain('start-for-life-parents');
  });

  it('returns a survey with its versions and latest definition', async () => {
    const res = await ctx.app.request('/api/surveys/start-for-life-parents', { headers: press.headers });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.versions).toEqual([{ version: 1, publishedAt: expect.any(String) }]);
    expect(body.definition.metadata.conductedBy).toBe('Censuswide');
  });

  it('returns one version and 404s unknown surveys and versions in the shared error shape', async () => {
    expect((await ctx.app.request('/api/surveys/start-for-life-parents/versions/1', { headers: press.headers })).status).toBe(200);
    const missingVersion = await ctx.app.request('/api/surveys/start-for-life-parents/versions/99', { headers: press.headers });
    expect(missingVersion.status).toBe(404);
    expect(await missingVersion.json()).toEqual({
      error: { code: 'not_found', message: 'Survey "start-for-life-parents" has no published version 99' },
    });
    const missingSurvey = await ctx.app.request('/api/surveys/no-such-survey', { headers: press.headers });
    expect(missingSurvey.status).toBe(404);
    expect((await missingSurvey.json()).error.code).toBe('not_found');
  });

  it('refuses anonymous requests with 401 in the shared shape', async () => {
    for (const path of ['/api/surveys', '/api/surveys/start-for-life-parents', '/api/surveys/start-for-life-parents/versions/1']) {
      const res = await ctx.app.request(path);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });
});
