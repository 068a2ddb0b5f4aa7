import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { createTestApp, definitionFrom, ENGINES, EXAMPLE_SURVEYS_DIR, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { postResponses, SLUG, TWO_BY_TWO, TWO_BY_TWO_SCHEME, TWO_BY_TWO_WEIGHTS } from './fixtures.ts';

// The weighting API over HTTP: schemes (list, read with summary, create/replace, delete), per-respondent
// weights as JSON and CSV, validation, errors and roles, on both engines.

const API = `/api/surveys/${SLUG}`;

describe.each(ENGINES)('the weighting API (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  let press: SignedIn;
  let ids: string[];
  beforeAll(async () => {
    ctx = await createTestApp(engine);
    researcher = await signIn(ctx, 'researcher');
    press = await signIn(ctx, 'press');
    ids = await postResponses(ctx, TWO_BY_TWO);
  });
  afterAll(async () => {
    await ctx.database.drop();
  });

  const request = (method: string, path: string, as: SignedIn | null, body?: unknown) =>
    ctx.app.request(path, {
      method,
      headers: {
        ...(as ? { ...as.headers, 'x-csrf-token': as.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const put = (name: string, body: unknown, as: SignedIn | null = researcher) => request('PUT', `${API}/weightings/${name}`, as, body);
  const get = (path: string, as: SignedIn | null = researcher) => request('GET', path, as);
  const auditOf = (action: string) =>
    ctx.database.db.selectFrom('audit_log').select(['subject', 'detail', 'actor_label']).where('action', '=', action).orderBy('occurred_at').execute();

  it('creates a scheme (201), replaces it (200), lists it and audits both saves', async () => {
    const created = await put('two-by-two', { description: 'first', ...TWO_BY_TWO_SCHEME });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ scheme: { name: 'two-by-two', description: 'first', source: 'workspace', ...TWO_BY_TWO_SCHEME } });
    const replaced = await put('two-by-two', { name: 'two-by-two', ...TWO_BY_TWO_SCHEME });
    expect(replaced.status).toBe(200);
    const list = await get(`${API}/weightings`, press);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ schemes: [{ name: 'two-by-two', source: 'workspace', ...TWO_BY_TWO_SCHEME }] });
    const audit = await auditOf('weighting.saved');
    expect(audit.map((a) => [a.subject, a.actor_label, JSON.parse(a.detail).created])).toEqual([
      [SLUG, researcher.user.email, true],
      [SLUG, researcher.user.email, false],
    ]);
    expect(JSON.parse(audit[1]!.detail).from.description).toBe('first');
  });

  it('reads a scheme with the summary of its weights over the current responses (hand-worked)', async () => {
    const res = await get(`${API}/weightings/two-by-two`, press);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { scheme: unknown; failure: null; summary: Record<string, unknown> & { variables: { categories: Record<string, number>[] }[] } };
    expect(body.scheme).toEqual({ name: 'two-by-two', source: 'workspace', ...TWO_BY_TWO_SCHEME });
    expect(body.failure).toBeNull();
    const s = body.summary;
    expect(s.respondents).toBe(8);
    // sum w^2 = 9.5 over sum w = 8: n_eff = 64/9.5, deff = 1.1875, efficiency = 64/76.
    expect(s.effectiveSampleSize).toBeCloseTo(64 / 9.5, 9);
    expect(s.designEffect).toBeCloseTo(1.1875, 9);
    expect(s.efficiency).toBeCloseTo(64 / 76, 9);
    expect(s.minWeight).toBeCloseTo(0.5, 9);
    expect(s.maxWeight).toBeCloseTo(2, 9);
    expect(s.converged).toBe(true);
    expect(s.iterations).toBeGreaterThanOrEqual(2);
    expect(s.withoutValue).toEqual([
      { question: 'q_gender', count: 0 },
      { question: 'q_age_band', count: 0 },
    ]);
    const women = s.variables[0]!.categories[0]!;
    expect(women).toMatchObject({ code: '1', label: 'Woman', respondents: 4, sampleShare: 0.5, target: 0.375 });
    expect(women.weightedShare).toBeCloseTo(0.375, 10);
    const age = s.variables[1]!.categories;
    expect(age.map((c) => [c.code, c.respondents, c.sampleShare, c.target])).toEqual([
      ['2', 3, 0.375, 0.5],
      ['3', 5, 0.625, 0.5],
    ]);
  });

  it('downloads per-respondent weights as JSON and as CSV, keyed by submission id, at full precision', async () => {
    const json = await get(`${API}/weights?weighting=two-by-two`);
    expect(json.status).toBe(200);
    const body = (await json.json()) as { weighting: string; summary: { respondents: number }; weights: { submissionId: string; weight: number }[] };
    expect(body.weighting).toBe('two-by-two');
    expect(body.summary.respondents).toBe(8);
    const byId = new Map(body.weights.map((w) => [w.submissionId, w.weight]));
    expect(byId.size).toBe(8);
    ids.forEach((id, i) => expect(byId.get(id)).toBeCloseTo(TWO_BY_TWO_WEIGHTS[i]!, 10));

    const csv = await get(`${API}/weights?weighting=two-by-two&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${SLUG}-weights-two-by-two.csv"`);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('submission_id,weight');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1).map((line) => line.split(','));
    expect(rows).toHaveLength(8);
    // The same order as the JSON, and each number reads back as exactly the same double.
    rows.forEach(([id, weight], i) => {
      expect(id).toBe(body.weights[i]!.submissionId);
      expect(Number(weight)).toBe(body.weights[i]!.weight);
    });
  });

  it('refuses invalid schemes with 422 and a message per field, saving nothing', async () => {
    const invalid = async (name: string, body: unknown) => {
      const res = await put(name, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(error.code).toBe('invalid_request');
      return error.fields;
    };
    expect(await invalid('bad', { variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.4 } }] })).toEqual({
      'variables[0].targets': 'must sum to 1 (100%), not 0.9 (90%)',
    });
    expect(
      await invalid('bad', {
        variables: [
          { question: 'q_nope', targets: { '1': 1 } },
          { question: 'q_welcome_support', targets: { '1': 1 } },
          { question: 'q_region', targets: { '99': 1 } },
        ],
      }),
    ).toEqual({
      'variables[0].question': '"q_nope" is not a question in this survey',
      'variables[1].question': '"q_welcome_support" is a likert question: weighting needs a single-choice question',
      'variables[2].targets.99': '"q_region" has no answer code "99"',
    });
    expect(await invalid('bad', { variables: [{ question: 'q_gender', targets: { '1': 1 } }], source: 'workspace' })).toEqual({ source: 'unknown key "source"' });
    expect(await invalid('bad', { variables: [{ question: 'q_gender', targets: { '1': 1 } }], trim: { min: 2 } })).toEqual({ 'trim.min': 'must be at most 1 (weights have mean 1)' });
    expect(await invalid('bad', {})).toEqual({ variables: 'is required' });
    expect(await invalid('bad', [])).toEqual({ body: 'must be a JSON object: { description?, variables, trim? }' });
    expect(await invalid('bad', { name: 'other', variables: [{ question: 'q_gender', targets: { '1': 1 } }] })).toEqual({
      name: 'must match the name in the address ("bad"), or be left out',
    });
    expect(await invalid('Not_A_Name', { variables: [{ question: 'q_gender', targets: { '1': 1 } }] })).toEqual({
      name: 'must be lower-case letters and digits in words joined by hyphens, e.g. "gb-parents"',
    });
    const malformed = await put('bad', '{"variables": [');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    expect((await get(`${API}/weightings/bad`)).status).toBe(404);
  });

  it('answers 404 for unknown schemes and surveys, 400 without a scheme name for weights', async () => {
    const codeOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string; message: string } }).error];
    expect(await codeOf(await get(`${API}/weightings/nope`))).toEqual([404, { code: 'not_found', message: 'Survey "start-for-life-parents" has no weighting scheme "nope"' }]);
    expect(await codeOf(await get(`${API}/weightings/NOT..A..NAME`))).toEqual([404, { code: 'not_found', message: 'Survey "start-for-life-parents" has no weighting scheme "NOT..A..NAME"' }]);
    expect(await codeOf(await get('/api/surveys/no-such-survey/weightings'))).toEqual([404, { code: 'not_found', message: 'No survey "no-such-survey"' }]);
    expect(await codeOf(await get('/api/surveys/no-such-survey/weightings/x'))).toEqual([404, { code: 'not_found', message: 'No survey "no-such-survey"' }]);
    expect((await request('DELETE', `${API}/weightings/nope`, researcher)).status).toBe(404);
    expect((await get(`${API}/weights?weighting=nope`)).status).toBe(404);
    expect((await get(`${API}/weights?weighting=nope&format=csv`)).status).toBe(404);
    const missing = await get(`${API}/weights`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ weighting: 'is required' });
    expect((await get(`${API}/weights?weighting=two-by-two&format=xlsx`)).status).toBe(400);
  });

  it('answers 422 weighting_failed with the reason for weights that cannot be computed, and shows the failure on read', async () => {
    expect((await put('north-east', { variables: [{ question: 'q_region', targets: { '1': 0.2, '7': 0.8 } }] })).status).toBe(201);
    const weights = await get(`${API}/weights?weighting=north-east`);
    expect(weights.status).toBe(422);
    const message = 'Weighting "north-east" cannot be applied: target category "North East (code 1)" of q_region has no respondents';
    expect(await weights.json()).toEqual({ error: { code: 'weighting_failed', message } });
    const read = await get(`${API}/weightings/north-east`, press);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ summary: null, failure: { code: 'weighting_failed', message } });
  });

  it('deletes a workspace scheme (204, audited) and refuses a survey-file scheme (409)', async () => {
    expect((await put('to-delete', { variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] })).status).toBe(201);
    const deleted = await request('DELETE', `${API}/weightings/to-delete`, researcher);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await get(`${API}/weightings/to-delete`)).status).toBe(404);
    const audit = await auditOf('weighting.deleted');
    expect(audit.map((a) => JSON.parse(a.detail).name)).toEqual(['to-delete']);

    const v1 = JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')) as Record<string, unknown>;
    await publishSurveyVersion(
      ctx.database.db,
      definitionFrom({ ...v1, version: 2, weighting: [{ name: 'from-file', description: 'in the file', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] }] }),
    );
    const list = (await (await get(`${API}/weightings`, press)).json()) as { schemes: { name: string; source: string }[] };
    expect(list.schemes.map((s) => [s.name, s.source])).toEqual([
      ['from-file', 'survey-file'],
      ['north-east', 'workspace'],
      ['two-by-two', 'workspace'],
    ]);
    const refusedDelete = await request('DELETE', `${API}/weightings/from-file`, researcher);
    expect(refusedDelete.status).toBe(409);
    expect(((await refusedDelete.json()) as { error: { code: string } }).error.code).toBe('conflict');
    const refusedPut = await put('from-file', { variables: [{ question: 'q_gender', targets: { '1': 1 } }] });
    expect(refusedPut.status).toBe(409);
    // The file scheme weights every version's responses: men and women 4 each, already 50:50.
    const weights = (await (await get(`${API}/weights?weighting=from-file`)).json()) as { weights: { weight: number }[] };
    expect(weights.weights.map((w) => w.weight)).toEqual(Array(8).fill(1));
  });

  it('leaves excluded responses out of the weights and the summary', async () => {
    const response = await ctx.database.db.selectFrom('responses').select('id').where('submission_id', '=', ids[4]!).executeTakeFirstOrThrow();
    await ctx.database.db
      .insertInto('response_exclusions')
      .values({ response_id: response.id, survey_slug: SLUG, reason: 'test', flag: null, excluded_at: new Date().toISOString(), excluded_by: null })
      .execute();
    try {
      // Without the lone man aged 17-24, gender-only weights: women 4 of 7 to 50%, men 3 of 7 to 50%.
      expect((await put('halves', { variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] })).status).toBe(201);
      const body = (await (await get(`${API}/weights?weighting=halves`)).json()) as { summary: { respondents: number }; weights: { submissionId: string; weight: number }[] };
      expect(body.summary.respondents).toBe(7);
      expect(body.weights.map((w) => w.submissionId)).not.toContain(ids[4]);
      for (const { submissionId, weight } of body.weights) {
        expect(weight).toBeCloseTo(TWO_BY_TWO[ids.indexOf(submissionId)]!.gender === '1' ? 3.5 / 4 : 3.5 / 3, 12);
      }
      // The 2 x 2 targets can no longer be met exactly by a multiplicative form with one man aged
      // 17-24 gone, but they can be met: raking still converges.
      const summary = (await (await get(`${API}/weightings/two-by-two`)).json()) as { summary: { respondents: number; converged: boolean } };
      expect(summary.summary).toMatchObject({ respondents: 7, converged: true });
    } finally {
      await ctx.database.db.deleteFrom('response_exclusions').where('response_id', '=', response.id).execute();
    }
  });

  it('lets press read schemes but not change them or download weights; anonymous callers are refused', async () => {
    expect((await get(`${API}/weightings`, press)).status).toBe(200);
    expect((await get(`${API}/weightings/two-by-two`, press)).status).toBe(200);
    expect((await put('by-press', { variables: [{ question: 'q_gender', targets: { '1': 1 } }] }, press)).status).toBe(403);
    expect((await request('DELETE', `${API}/weightings/two-by-two`, press)).status).toBe(403);
    expect((await get(`${API}/weights?weighting=two-by-two`, press)).status).toBe(403);
    expect((await get(`${API}/weights?weighting=two-by-two&format=csv`, press)).status).toBe(403);
    for (const path of [`${API}/weightings`, `${API}/weightings/two-by-two`, `${API}/weights?weighting=two-by-two`]) {
      expect((await get(path, null)).status, path).toBe(401);
    }
    // Anonymous writes carry no CSRF token, which the app checks before anything else (403).
    expect((await put('anon', { variables: [{ question: 'q_gender', targets: { '1': 1 } }] }, null)).status).toBe(403);
    expect((await request('DELETE', `${API}/weightings/two-by-two`, null)).status).toBe(403);
    expect((await get(`${API}/weightings/two-by-two`)).status).toBe(200);
    // A browser session without its CSRF token cannot change a scheme.
    const noCsrf = await ctx.app.request(`${API}/weightings/sneaky`, {
      method: 'PUT',
      headers: { ...researcher.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ variables: [{ question: 'q_gender', targets: { '1': 1 } }] }),
    });
    expect(noCsrf.status).toBe(403);
    const admin = await signIn(ctx, 'admin');
    expect((await put('by-admin', { variables: [{ question: 'q_gender', targets: { '1': 1 } }] }, admin)).status).toBe(201);
  });
});
