import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { AppError } from '../../server/errors.ts';
import { assertPublishable, getBrand, getDisclosureChecklist, methodologyNote } from '../../server/methodology/service.ts';
import { createTestApp, definitionFrom, ENGINES, EXAMPLE_SURVEYS_DIR, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';

// The methodology note, the disclosure checklist and gate, and chart brands over HTTP and through
// the service contract, on both engines. Start for Life gets its full demo sample (2,006 parents, as
// Censuswide published); a test survey without commissioner or fieldwork dates shows what is missing.

const SLUG = 'start-for-life-parents';
const BARE = 'bare-poll';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

const startForLife = () => definitionFrom(JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')));

/** A survey whose file names no commissioner, company or fieldwork dates. */
const barePoll = () =>
  definitionFrom({
    slug: BARE,
    version: 1,
    title: { en: 'A bare poll' },
    description: { en: 'For testing the disclosure checklist.' },
    languages: ['en'],
    metadata: { organisation: 'Example Trust', population: 'adults', geography: 'Wales', privacyNotice: { en: 'Voluntary.' } },
    pages: [{ id: 'p1', questions: [{ id: 'q_ok', type: 'single-choice', text: { en: 'OK?' }, options: [{ code: '1', label: { en: 'Yes' } }, { code: '2', label: { en: 'No' } }] }] }],
  });

const UNWEIGHTED_NOTE =
  'The research was conducted by Censuswide on behalf of the Department of Health and Social Care among a sample of 2,006 parents (aged 17+) of ' +
  'under 2 year olds in England. The data was collected between 23 February and 1 March 2024 using an online survey. The data is unweighted.';

describe.each(ENGINES)('methodology and brands (%s)', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  let researcher: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [startForLife(), barePoll()], examples: false });
    await fillDemoResponses(ctx.database.db);
    press = await signIn(ctx, 'press');
    researcher = await signIn(ctx, 'researcher');
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
  const auditOf = (action: string) =>
    ctx.database.db.selectFrom('audit_log').select(['subject', 'detail', 'actor_label']).where('action', '=', action).orderBy('occurred_at').execute();

  it('writes the Start for Life note exactly as Censuswide published it, unweighted', async () => {
    const res = await request('GET', `/api/press/surveys/${SLUG}/methodology`, press);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.note).toBe(UNWEIGHTED_NOTE);
    expect(body.weighting).toBeNull();
    expect(body.checklist.complete).toBe(true);
    expect(body.checklist.items.find((item: { id: string }) => item.id === 'commissioner').value).toBe('Department of Health and Social Care');
    expect(body.checklist.items.find((item: { id: string }) => item.id === 'sampleSize').value).toBe('2,006 complete responses');
    expect(body.answers).toEqual({ tablesUrl: null, codeOfConduct: null });
    expect(await methodologyNote(ctx.database.db, SLUG)).toBe(UNWEIGHTED_NOTE);
  });

  it('describes a weighting scheme by its variables', async () => {
    const scheme = {
      variables: [
        { question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } },
        { question: 'q_age_band', targets: { '2': 0.2, '3': 0.4, '4': 0.3, '5': 0.1 } },
        { question: 'q_region', targets: { '1': 0.1, '2': 0.1, '3': 0.1, '4': 0.1, '5': 0.1, '6': 0.1, '7': 0.2, '8': 0.1, '9': 0.1 } },
      ],
    };
    expect((await request('PUT', `/api/surveys/${SLUG}/weightings/england-parents`, researcher, scheme)).status).toBe(201);
    const res = await request('GET', `/api/press/surveys/${SLUG}/methodology?weighting=england-parents`, press);
    const body = await res.json();
    expect(body.note).toBe(
      'The research was conducted by Censuswide on behalf of the Department of Health and Social Care among a sample of 2,006 parents (aged 17+) of ' +
        'under 2 year olds in England. The data was collected between 23 February and 1 March 2024 using an online survey. ' +
        'Data were weighted to be representative of parents (aged 17+) of under 2 year olds in England by gender, age band and region.',
    );
    expect(body.weighting).toBe('england-parents');
    expect(await methodologyNote(ctx.database.db, SLUG, { weighting: 'england-parents' })).toBe(body.note);
    expect((await request('GET', `/api/press/surveys/${SLUG}/methodology?weighting=no-such-scheme`, press)).status).toBe(404);
    expect((await request('GET', `/api/press/surveys/${SLUG}/methodology?weighting=Not%20A%20Name`, press)).status).toBe(400);
    expect((await request('GET', '/api/press/surveys/no-such-survey/methodology', press)).status).toBe(404);
  });

  it('counts only responses that count: an excluded response leaves the sample size', async () => {
    const first = await ctx.database.db.selectFrom('responses').select('id').where('survey_slug', '=', SLUG).orderBy('id').executeTakeFirstOrThrow();
    await ctx.database.db
      .insertInto('response_exclusions')
      .values({ response_id: first.id, survey_slug: SLUG, reason: 'test', flag: null, excluded_at: new Date().toISOString(), excluded_by: null })
      .execute();
    expect(await methodologyNote(ctx.database.db, SLUG)).toContain('among a sample of 2,005 parents');
    await ctx.database.db.deleteFrom('response_exclusions').where('response_id', '=', first.id).execute();
    expect(await methodologyNote(ctx.database.db, SLUG)).toContain('among a sample of 2,006 parents');
  });

  it('saves disclosure answers (press may), audits them and adds the code-of-conduct statement to the note', async () => {
    const statement = 'Censuswide abides by and employs members of the Market Research Society (MRS) and follows the MRS code of conduct and ESOMAR principles.';
    const bad = await request('PUT', `/api/press/surveys/${SLUG}/disclosure`, press, { answers: { tablesUrl: 'ftp://example.org/tables' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual({ 'answers.tablesUrl': 'must be a web address starting https:// or http://' });
    expect((await request('PUT', `/api/press/surveys/${SLUG}/disclosure`, press, { answers: { tablesUrl: 'https://x.org', extra: 1 } })).status).toBe(400);

    const res = await request('PUT', `/api/press/surveys/${SLUG}/disclosure`, press, { answers: { tablesUrl: ' https://www.example.org/start-for-life/tables ', codeOfConduct: statement } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.answers).toEqual({ tablesUrl: 'https://www.example.org/start-for-life/tables', codeOfConduct: statement });
    expect(body.checklist.items.filter((item: { met: boolean }) => !item.met)).toEqual([]);
    expect(await methodologyNote(ctx.database.db, SLUG)).toBe(`${UNWEIGHTED_NOTE} ${statement}`);
    const audit = await auditOf('press.disclosure_changed');
    expect(audit.map((a) => [a.subject, a.actor_label])).toEqual([[SLUG, press.user.email]]);
    expect(JSON.parse(audit[0]!.detail)).toEqual({
      from: { tablesUrl: null, codeOfConduct: null },
      to: { tablesUrl: 'https://www.example.org/start-for-life/tables', codeOfConduct: statement },
    });

    // Clearing an answer (null or left out) removes it from the note again.
    await request('PUT', `/api/press/surveys/${SLUG}/disclosure`, press, { answers: { tablesUrl: 'https://www.example.org/start-for-life/tables', codeOfConduct: null } });
    expect(await methodologyNote(ctx.database.db, SLUG)).toBe(UNWEIGHTED_NOTE);
    expect((await request('PUT', '/api/press/surveys/no-such-survey/disclosure', press, { answers: {} })).status).toBe(404);
  });

  it('shows what a survey without commissioner, fieldwork dates or responses is missing, then what responses supply', async () => {
    const checklist = await getDisclosureChecklist(ctx.database.db, BARE);
    expect(checklist.complete).toBe(false);
    expect(checklist.missingRequired.map((item) => item.id)).toEqual(['fieldwork', 'sampleSize']);
    const byId = Object.fromEntries(checklist.items.map((item) => [item.id, item]));
    // No commissioner: the organisation running the survey is the client; the method is the schema's default.
    expect(byId.commissioner).toMatchObject({ met: true, value: 'Example Trust' });
    expect(byId.method).toMatchObject({ met: true, value: 'Online' });
    expect(byId.universe).toMatchObject({ met: true, value: 'adults in Wales' });
    expect(byId.fieldwork).toMatchObject({ met: false, value: null, source: 'survey-file' });
    expect(byId.sampleSize).toMatchObject({ met: false, value: null, source: 'responses' });
    expect(await methodologyNote(ctx.database.db, BARE)).toBe(
      'The research was conducted by the Example Trust among a sample of 0 adults in Wales. The data was collected using an online survey. The data is unweighted.',
    );

    const submitted = await postJson(ctx.app, `/api/surveys/${BARE}/responses`, { submissionId: randomUUID(), version: 1, answers: { q_ok: '1' } });
    expect(submitted.status).toBe(201);
    const after = await getDisclosureChecklist(ctx.database.db, BARE);
    expect(after.complete).toBe(true);
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    expect(after.items.find((item) => item.id === 'fieldwork')?.value).toBe(`${today} to ${today} (from the first and last responses)`);
    expect(await methodologyNote(ctx.database.db, BARE)).toBe(
      `The research was conducted by the Example Trust among a sample of 1 adults in Wales. The data was collected on ${today} using an online survey. The data is unweighted.`,
    );
    await ctx.database.db.deleteFrom('responses').where('survey_slug', '=', BARE).execute();
  });

  it('refuses to publish while required items are missing, and audits an override with its reason', async () => {
    const actor = { user: { id: press.user.id, email: press.user.email, name: 'Test press', role: 'press' as const }, via: 'session' as const };
    const refusal = await assertPublishable(ctx.database.db, BARE, { what: 'chart abc (PNG)', actor }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    const error = refusal as AppError;
    expect([error.code, error.status]).toEqual(['disclosure_incomplete', 409]);
    expect(error.message).toBe(
      'The British Polling Council disclosure for "bare-poll" is incomplete: dates of interviewing; sample size missing. Complete it on the methodology page, or give a reason to publish anyway.',
    );
    expect(Object.keys(error.fields ?? {})).toEqual(['fieldwork', 'sampleSize']);
    await expect(assertPublishable(ctx.database.db, BARE, { what: 'chart abc (PNG)', overrideReason: '   ', actor })).rejects.toMatchObject({ code: 'disclosure_incomplete' });
    expect(await auditOf('press.disclosure_overridden')).toEqual([]);

    expect(await assertPublishable(ctx.database.db, BARE, { what: 'chart abc (PNG)', overrideReason: ' Embargoed briefing; dates follow ', actor, ip: '192.0.2.1' })).toEqual({ overridden: true });
    const audit = await auditOf('press.disclosure_overridden');
    expect(audit.map((a) => [a.subject, a.actor_label, JSON.parse(a.detail)])).toEqual([
      [BARE, press.user.email, { what: 'chart abc (PNG)', reason: 'Embargoed briefing; dates follow', missing: ['fieldwork', 'sampleSize'] }],
    ]);
    // A complete survey passes without any override, and nothing is logged for it.
    expect(await assertPublishable(ctx.database.db, SLUG, { what: 'headline', actor })).toEqual({ overridden: false });
    expect(await auditOf('press.disclosure_overridden')).toHaveLength(1);
  });

  it('gives the default palette and no logo until a brand is set, then the brand; researchers set it, press only read', async () => {
    const organisation = 'Department of Health and Social Care';
    const path = `/api/press/brands/${encodeURIComponent(organisation)}`;
    expect(await getBrand(ctx.database.db, organisation)).toEqual({
      organisation,
      colours: ['#12436D', '#28A197', '#801650', '#F46A25', '#3D3D3D', '#A285D1'],
      logo: null,
    });
    const list = await (await request('GET', '/api/press/brands', press)).json();
    expect(list.brands.map((b: { organisation: string; custom: boolean }) => [b.organisation, b.custom])).toEqual([
      [organisation, false],
      ['Example Trust', false],
    ]);

    expect((await request('PUT', path, press, { colours: ['#000000'] })).status).toBe(403);
    const invalid = await request('PUT', path, researcher, { colours: ['#00703c', 'green'], logo: { mediaType: 'image/png', base64: Buffer.from('GIF89a').toString('base64') } });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error).toEqual({
      code: 'invalid_request',
      message: 'The brand of "Department of Health and Social Care" is not valid',
      fields: { 'colours[1]': '"green" is not a colour as #RRGGBB, e.g. #12436D', logo: 'The logo must be a PNG or an SVG file (it says image/png)' },
    });
    expect((await request('PUT', path, researcher, { colours: Array.from({ length: 7 }, (_, i) => `#00000${i}`) })).status).toBe(400);
    const mismatch = await request('PUT', path, researcher, { colours: [], logo: { mediaType: 'image/svg+xml', base64: Buffer.from(PNG).toString('base64') } });
    expect((await mismatch.json()).error.fields).toEqual({ 'logo.mediaType': 'the file is image/png, not image/svg+xml' });

    const saved = await request('PUT', path, researcher, { colours: ['#00703c', '#FFDD00'], logo: { mediaType: 'image/png', base64: Buffer.from(PNG).toString('base64') } });
    expect(saved.status).toBe(200);
    const body = await saved.json();
    expect(body).toMatchObject({ organisation, colours: ['#00703C', '#FFDD00'], custom: true, logo: { mediaType: 'image/png', base64: Buffer.from(PNG).toString('base64') } });
    expect(body.warnings).toEqual(['#FFDD00 has a contrast of 1.34:1 against white (below 3:1): bars in it are hard to see and their labels hard to read']);
    expect(await getBrand(ctx.database.db, organisation)).toEqual({ organisation, colours: ['#00703C', '#FFDD00'], logo: { mediaType: 'image/png', base64: Buffer.from(PNG).toString('base64') } });

    // Leaving the logo out keeps it; null removes it; no colours means the default palette again.
    await request('PUT', path, researcher, { colours: ['#00703C'] });
    expect((await getBrand(ctx.database.db, organisation)).logo).not.toBeNull();
    await request('PUT', path, researcher, { colours: [], logo: null });
    expect(await getBrand(ctx.database.db, organisation)).toEqual({ organisation, colours: ['#12436D', '#28A197', '#801650', '#F46A25', '#3D3D3D', '#A285D1'], logo: null });

    const audit = await auditOf('press.brand_changed');
    expect(audit.map((a) => [a.subject, a.actor_label, JSON.parse(a.detail)])).toEqual([
      [organisation, researcher.user.email, { colours: { from: [], to: ['#00703C', '#FFDD00'] }, logo: { mediaType: 'image/png', bytes: PNG.byteLength } }],
      [organisation, researcher.user.email, { colours: { from: ['#00703C', '#FFDD00'], to: ['#00703C'] }, logo: 'keep' }],
      [organisation, researcher.user.email, { colours: { from: ['#00703C'], to: [] }, logo: 'remove' }],
    ]);
    expect((await request('GET', `/api/press/brands/${encodeURIComponent('No Such Charity')}`, press)).status).toBe(404);
    expect((await request('PUT', `/api/press/brands/${encodeURIComponent('No Such Charity')}`, researcher, { colours: [] })).status).toBe(404);
  });

  it('accepts a logo of up to 200 KB in JSON, beyond the usual 64 KB body limit, and refuses a larger one', async () => {
    const path = `/api/press/brands/${encodeURIComponent('Example Trust')}`;
    const logo = new Uint8Array(200 * 1024);
    logo.set(PNG);
    const ok = await request('PUT', path, researcher, { colours: [], logo: { mediaType: 'image/png', base64: Buffer.from(logo).toString('base64') } });
    expect(ok.status).toBe(200);
    const tooBig = new Uint8Array(200 * 1024 + 1);
    tooBig.set(PNG);
    const refused = await request('PUT', path, researcher, { colours: [], logo: { mediaType: 'image/png', base64: Buffer.from(tooBig).toString('base64') } });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.fields).toEqual({ logo: 'The logo is 201 KB; logos are limited to 200 KB' });
  });
});
