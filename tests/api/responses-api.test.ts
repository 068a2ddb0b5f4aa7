import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { allQuestionTypes, teacherAnswers } from '../fixtures/all-question-types.ts';
import { createTestApp, createTestDatabase, ENGINES, postJson, type TestContext } from '../helpers.ts';

const path = '/api/surveys/all-question-types/responses';

describe.each(ENGINES)('POST /api/surveys/:slug/responses on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [allQuestionTypes] });
  });
  afterAll(() => ctx.database.drop());

  const countStored = async (submissionId: string) =>
    (await ctx.database.db.selectFrom('responses').select('id').where('submission_id', '=', submissionId).execute()).length;

  it('stores a valid response and answers 201 with its id and a short reference', async () => {
    const submissionId = randomUUID();
    const res = await postJson(ctx.app, path, { submissionId, version: 1, answers: teacherAnswers });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), reference: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/), status: 'complete' });
    const row = await ctx.database.db.selectFrom('responses').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers)).toEqual(teacherAnswers);
    expect(row).toMatchObject({ survey_slug: 'all-question-types', survey_version: 1, status: 'complete', source: 'api', is_demo: 0 });
  });

  it('answers a replay of the same submission with 200 and the same id, storing nothing new', async () => {
    const submissionId = randomUUID();
    const first = await postJson(ctx.app, path, { submissionId, version: 1, answers: teacherAnswers });
    const again = await postJson(ctx.app, path, { submissionId, version: 1, answers: { ...teacherAnswers } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe((await first.json()).id);
    expect(await countStored(submissionId)).toBe(1);
  });

  it('makes one response when the same submission arrives twice at once (double click)', async () => {
    const submissionId = randomUUID();
    const [a, b] = await Promise.all([
      postJson(ctx.app, path, { submissionId, version: 1, answers: teacherAnswers }),
      postJson(ctx.app, path, { submissionId, version: 1, answers: teacherAnswers }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect((await a.json()).id).toBe((await b.json()).id);
    expect(await countStored(submissionId)).toBe(1);
  });

  it('refuses a submission id reused for a different payload with 409', async () => {
    const submissionId = randomUUID();
    expect((await postJson(ctx.app, path, { submissionId, version: 1, answers: teacherAnswers })).status).toBe(201);
    const res = await postJson(ctx.app, path, { submissionId, version: 1, answers: { ...teacherAnswers, q_critical: '1' } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
    expect(await countStored(submissionId)).toBe(1);
  });

  it('answers 422 with a message for each offending question and stores nothing', async () => {
    const submissionId = randomUUID();
    const res = await postJson(ctx.app, path, {
      submissionId,
      version: 1,
      answers: {
        q_role: 'eyw', // valid, but then q_key_stage is not asked
        q_topics: ['1', '2', '3'], // over maxSelections
        q_critical: '7', // not a code
        q_grid: { s_one: '4', s_three: '1' }, // missing s_two, unknown s_three
        q_years: 2.5, // not whole
        q_hours: '12', // a string for a number
        q_name_school: 'A very long name', // over maxLength 10
        q_key_stage: 'ks1', // routed away
        q_favourite: 'x', // no such question
      },
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_answers');
    expect(body.error.fields).toEqual({
      q_topics: 'Select no more than 2',
      q_critical: '"7" is not one of the answer codes',
      'q_grid.s_two': 'Select an answer for this statement',
      'q_grid.s_three': 'Is not a statement of this question',
      q_years: 'Enter a whole number, like 12',
      q_hours: 'Enter a number, like 12',
      q_name_school: 'Must be 10 characters or fewer',
      q_key_stage: 'Was not asked: the routing conditions for this question are not met',
      q_favourite: 'Is not a question in this version of the survey',
    });
    expect(await countStored(submissionId)).toBe(0);
  });

  it('requires required questions and accepts skipped optional ones', async () => {
    const missing = await postJson(ctx.app, path, { submissionId: randomUUID(), version: 1, answers: { q_role: 'teacher' } });
    expect(missing.status).toBe(422);
    expect(Object.keys((await missing.json()).error.fields).sort()).toEqual(['q_critical', 'q_grid', 'q_key_stage', 'q_topics', 'q_years']);
    const { q_hours: _h, q_comments: _c, ...requiredOnly } = teacherAnswers;
    expect((await postJson(ctx.app, path, { submissionId: randomUUID(), version: 1, answers: requiredOnly })).status).toBe(201);
  });

  it('rejects numbers outside min and max and answers of the wrong type', async () => {
    const res = await postJson(ctx.app, path, {
      submissionId: randomUUID(),
      version: 1,
      answers: { ...teacherAnswers, q_years: 61, q_hours: -1, q_topics: '1', q_grid: ['4'] },
    });
    expect((await res.json()).error.fields).toEqual({
      q_years: 'Enter a number of 60 or less',
      q_hours: 'Enter a number of 0 or more',
      q_topics: 'Must be a list of answer codes',
      q_grid: 'Must be an object of statement id to answer code',
    });
  });

  it('stores a screened-out respondent as screened out and refuses answers after the screen-out', async () => {
    const ok = await postJson(ctx.app, path, { submissionId: randomUUID(), version: 1, answers: { q_role: 'other' } });
    expect(ok.status).toBe(201);
    expect((await ok.json()).status).toBe('screened_out');
    const bad = await postJson(ctx.app, path, { submissionId: randomUUID(), version: 1, answers: { q_role: 'other', q_years: 3 } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({ q_years: 'Was not asked: the survey ended at screening question q_role' });
  });

  it('answers 404 for an unknown survey or version', async () => {
    const unknownSurvey = await postJson(ctx.app, '/api/surveys/nope/responses', { submissionId: randomUUID(), version: 1, answers: {} });
    expect(unknownSurvey.status).toBe(404);
    expect((await unknownSurvey.json()).error).toEqual({ code: 'not_found', message: 'No survey "nope"' });
    const unknownVersion = await postJson(ctx.app, path, { submissionId: randomUUID(), version: 2, answers: teacherAnswers });
    expect(unknownVersion.status).toBe(404);
  });

  it('rejects unknown keys, a bad submission id and malformed JSON with 400 in the shared shape', async () => {
    const extra = await postJson(ctx.app, path, { submissionId: randomUUID(), version: 1, answers: teacherAnswers, admin: true });
    expect(extra.status).toBe(400);
    expect((await extra.json()).error).toMatchObject({ code: 'validation_failed', fields: { admin: 'unknown key' } });
    const badId = await postJson(ctx.app, path, { submissionId: 'abc', version: 1, answers: teacherAnswers });
    expect((await badId.json()).error.fields).toEqual({ submissionId: 'must be a UUID' });
    const missing = await postJson(ctx.app, path, { version: 1, answers: {} });
    expect((await missing.json()).error.fields).toEqual({ submissionId: 'is required' });
    const malformed = await postJson(ctx.app, path, '{"submissionId": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('bad_request');
  });

  it('answers 413 to a body over 64 KB', async () => {
    const res = await postJson(ctx.app, path, {
      submissionId: randomUUID(),
      version: 1,
      answers: { ...teacherAnswers, q_comments: 'x'.repeat(70 * 1024) },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('answers 413 from a declared Content-Length over 64 KB, and accepts one just under', async () => {
    const big = JSON.stringify({ submissionId: randomUUID(), version: 1, answers: { ...teacherAnswers, q_comments: 'x'.repeat(66 * 1024) } });
    const res = await postJson(ctx.app, path, big, { 'content-length': String(Buffer.byteLength(big)) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'payload_too_large', message: 'Request bodies are limited to 64 KB' } });
    const fits = JSON.stringify({ submissionId: randomUUID(), version: 1, answers: { ...teacherAnswers, q_comments: 'ok' } });
    const ok = await postJson(ctx.app, path, fits, { 'content-length': String(Buffer.byteLength(fits)) });
    expect(ok.status).toBe(201);
  });
});

describe.each(ENGINES)('unexpected errors on %s', (engine) => {
  it('answer a generic 500 with a request id and never a stack trace', async () => {
    const database = await createTestDatabase(engine);
    const app = createApp({ db: database.db, config: { logRequests: false } });
    await database.drop(); // every query now fails inside the driver
    const originalError = console.error;
    console.error = () => {};
    try {
      const res = await postJson(app, path, { submissionId: randomUUID(), version: 1, answers: teacherAnswers });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe('internal_error');
      expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(text).not.toMatch(/destroy|sqlite|pool/i);
    } finally {
      console.error = originalError;
    }
  });
});
