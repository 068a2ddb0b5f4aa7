import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../server/datasets/service.ts';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { saveWeightingScheme, weightDataset } from '../../server/weighting/service.ts';
import { createTestApp, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { EXPORT_V1, EXPORT_V2, insertFixtureResponses, SLUG } from './fixtures.ts';

// The responses export and codebook through HTTP on both engines, against CSV written out by hand
// from the fixture (tests/exports/fixtures.ts): every cell below was worked out from the answers,
// the routing and the flag definitions, not copied from the program's output.

const BOM = '\uFEFF';
/** A body as bytes decoded, keeping the byte order mark (Response.text() drops it). */
const bodyOf = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
const csv = (...lines: string[]) => `${BOM}${lines.map((line) => `${line}\r\n`).join('')}`;

const META = 'submission_id,reference,survey_version,submitted_at,duration_seconds,source,is_demo,speeder,straight_liner,duplicate_panel_id';
const GRID = 'q_grid.s1,q_grid.s2,q_grid.s3,q_grid.s4,q_grid.s5';
const V2_QUESTIONS = `q_gender,q_view,${GRID},q_sources.tv,q_sources.web,q_sources.friends,q_sources.radio,q_kids,q_comment,q_new`;
const V1_QUESTIONS = `q_gender,q_view,${GRID},q_sources.tv,q_sources.web,q_sources.friends,q_kids,q_comment`;

// Metadata and flags of each response (speeder, straight_liner, duplicate_panel_id last).
const M = {
  r1: 'sub-1,REF-0001,1,2026-03-01T10:10:00.000Z,600,web,0,0,1,0',
  r2: 'sub-2,REF-0002,1,2026-03-02T10:09:00.000Z,540,web,0,0,0,0',
  r3: 'sub-3,REF-0003,1,2026-03-03T10:00:00.000Z,,api,0,0,0,1',
  r4: 'sub-4,REF-0004,2,2026-03-04T10:01:00.000Z,60,web,0,1,0,1',
  r5: 'sub-5,REF-0005,2,2026-03-05T10:05:00.000Z,300,web,0,0,0,0',
  r6: 'sub-6,REF-0006,2,2026-03-06T10:08:00.000Z,480,demo,1,0,0,0',
};
// Answers under version 2's columns, in codes. Men are not asked q_kids; version 1 never asked q_new
// (empty) but did ask q_sources, where "radio" was not ticked (0, as results count it); r3 skipped
// q_sources (0 for every option). Text that starts like a formula gets an apostrophe; r2's number
// -1 stays a number while r3's text "-1" does not; r6's CR makes the cell quoted, quotes doubled.
const A = {
  r1: "1,4,3,3,3,3,3,1,0,0,0,,'=SUM(1),",
  r2: "2,9,1,2,3,4,5,0,1,1,0,-1,'+1,",
  r3: "2,2,2,2,3,3,4,0,0,0,0,3,'-1,",
  r4: "2,5,4,4,4,4,5,1,0,0,1,0,'@x,b",
  r5: "1,1,1,2,1,2,1,0,0,1,0,,'\tTab,a",
  r6: `1,3,5,4,5,4,9,0,1,0,0,,"'\rCR ""q""",a`,
};

describe.each(ENGINES)('responses export (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  let press: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [EXPORT_V1] });
    await publishSurveyVersion(ctx.database.db, EXPORT_V2);
    await insertFixtureResponses(ctx);
    const system = { actor: { label: 'system' as const }, ip: null };
    await saveWeightingScheme(ctx.database.db, SLUG, { name: 'gender', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] }, system);
    // Nobody answered "Not sure", so a positive target for it cannot be met.
    await saveWeightingScheme(ctx.database.db, SLUG, { name: 'impossible', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }, { question: 'q_new', targets: { a: 0.4, b: 0.4, c: 0.2 } }] }, system);
    researcher = await signIn(ctx, 'researcher');
    press = await signIn(ctx, 'press');
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  const get = (path: string, as: SignedIn | null = researcher) => ctx.app.request(path, { headers: as?.headers ?? {} });
  const exportOf = async (query = '') => {
    const res = await get(`/api/surveys/${SLUG}/export.csv${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res;
  };

  it('writes codes by default: every version under the newest, excluded responses left out, flags over the whole survey', async () => {
    const res = await exportOf();
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="export-test-responses-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await bodyOf(res)).toBe(
      csv(`${META},${V2_QUESTIONS}`, `${M.r1},${A.r1}`, `${M.r2},${A.r2}`, `${M.r3},${A.r3}`, `${M.r4},${A.r4}`, `${M.r6},${A.r6}`),
    );
  });

  it('writes English labels instead of codes, keeping numbers, 0/1 option columns and empties', async () => {
    const text = await bodyOf(await exportOf('?labels=labels'));
    const grid = (codes: string) => [...codes].map((code) => ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'][Number(code) - 1] ?? "Don't know").join(',');
    expect(text).toBe(
      csv(
        `${META},${V2_QUESTIONS}`,
        `${M.r1},Man,Agree,${grid('33333')},1,0,0,0,,'=SUM(1),`,
        `${M.r2},Woman,Don't know,${grid('12345')},0,1,1,0,-1,'+1,`,
        `${M.r3},Woman,Disagree,${grid('22334')},0,0,0,0,3,'-1,`,
        `${M.r4},Woman,Strongly agree,${grid('44445')},1,0,0,1,0,'@x,No`,
        `${M.r6},Man,Neither agree nor disagree,${grid('54549')},0,1,0,0,,"'\rCR ""q""",Yes`,
      ),
    );
  });

  it('includes excluded responses with the reason, and weights from weightDataset (excluded ones unweighted)', async () => {
    const res = await exportOf('?excluded=include&weighting=gender');
    expect(res.headers.get('content-disposition')).toMatch(/filename="export-test-responses-weighted-gender-with-excluded-\d{4}-\d{2}-\d{2}\.csv"/);
    // Over the five responses that count, 2 men and 3 women raked to 50:50 on a mean-1 scale:
    // a man weighs 0.5 * 5 / 2 = 1.25 and a woman 0.5 * 5 / 3 = 5/6.
    const dataset = await loadDataset(ctx.database.db, SLUG);
    const expected = await weightDataset(ctx.database.db, dataset, 'gender');
    const bySubmission = new Map(dataset.rows.map((row, i) => [row.submissionId, expected.weights[i]!]));
    expect([...bySubmission.values()].map((w) => Number(w.toFixed(12)))).toEqual([1.25, 0.833333333333, 0.833333333333, 0.833333333333, 1.25]);
    const w = (id: string) => String(bySubmission.get(id));
    const text = await bodyOf(res);
    expect(text).toBe(
      csv(
        `${META},excluded,exclusion_reason,weight,${V2_QUESTIONS}`,
        `${M.r1},0,,${w('sub-1')},${A.r1}`,
        `${M.r2},0,,${w('sub-2')},${A.r2}`,
        `${M.r3},0,,${w('sub-3')},${A.r3}`,
        `${M.r4},0,,${w('sub-4')},${A.r4}`,
        `${M.r5},1,"Tested the survey, ""not"" real",,${A.r5}`,
        `${M.r6},0,,${w('sub-6')},${A.r6}`,
      ),
    );
    // The weights in the file are the numbers themselves, to the last digit.
    const weights = text.split('\r\n').slice(1, -1).filter((line) => !line.startsWith('sub-5')).map((line) => line.split(',')[12]!);
    expect(weights.map(Number)).toEqual([...bySubmission.values()]);
  });

  it('exports chosen versions under the newest of them, with flags still judged over the whole survey', async () => {
    const v1 = await exportOf('?versions=1');
    expect(v1.headers.get('content-disposition')).toMatch(/filename="export-test-responses-v1-\d{4}-\d{2}-\d{2}\.csv"/);
    const v1Answers = (a: string) => a.split(',').filter((_, k) => k !== 10 && k !== 13).join(',');
    expect(await bodyOf(v1)).toBe(csv(`${META},${V1_QUESTIONS}`, `${M.r1},${v1Answers(A.r1)}`, `${M.r2},${v1Answers(A.r2)}`, `${M.r3},${v1Answers(A.r3)}`));
    // Over version 2 alone, r4's panel id would be unique and its 60 seconds above a third of the
    // median (60, 300, 480 -> 300 / 3 = 100): the flags stay those of the cleaning page.
    const v2 = await exportOf('?versions=2&labels=codes');
    expect(await bodyOf(v2)).toBe(csv(`${META},${V2_QUESTIONS}`, `${M.r4},${A.r4}`, `${M.r6},${A.r6}`));
    // Repeated parameters (what the page's checkboxes send) mean the same as a list.
    expect(await bodyOf(await exportOf('?versions=2&versions=1'))).toBe(await bodyOf(await exportOf('?versions=1,2')));
  });

  it('refuses an unknown scheme (404), weights that cannot be met (422), unknown versions (404) and bad options (400)', async () => {
    const unknown = await get(`/api/surveys/${SLUG}/export.csv?weighting=nope`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ code: 'not_found', fields: { weighting: expect.stringContaining('"gender"') } });
    const failed = await get(`/api/surveys/${SLUG}/export.csv?weighting=impossible`);
    expect(failed.status).toBe(422);
    expect((await failed.json()).error.code).toBe('weighting_failed');
    const version = await get(`/api/surveys/${SLUG}/export.csv?versions=1,7`);
    expect(version.status).toBe(404);
    expect((await version.json()).error.message).toContain('no version 7');
    for (const query of ['labels=words', 'excluded=maybe', 'versions=one', 'format=xlsx']) {
      const bad = await get(`/api/surveys/${SLUG}/export.csv?${query}`);
      expect(bad.status, query).toBe(400);
      expect((await bad.json()).error.code).toBe('validation_failed');
    }
    expect((await get('/api/surveys/no-such-survey/export.csv')).status).toBe(404);
  });

  it('records each export in the audit log with its options', async () => {
    await exportOf('?labels=labels&versions=2&excluded=include&weighting=gender');
    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'responses.exported')
      .where('actor_user_id', '=', researcher.user.id)
      .orderBy('occurred_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.subject).toBe(SLUG);
    expect(JSON.parse(entry.detail)).toEqual({
      format: 'csv',
      via: 'api',
      labels: 'labels',
      weighting: 'gender',
      versions: [2],
      reportedVersion: 2,
      excluded: 'include',
      rows: 3,
    });
  });

  it('lets researchers and admins export, never press users or anonymous callers', async () => {
    const pressed = await get(`/api/surveys/${SLUG}/export.csv`, press);
    expect(pressed.status).toBe(403);
    expect((await get(`/api/surveys/${SLUG}/export.csv`, null)).status).toBe(401);
    expect((await get(`/studio/surveys/${SLUG}/data`, press)).status).toBe(403);
    expect((await get(`/studio/surveys/${SLUG}/data/export.csv`, press)).status).toBe(403);
    const admin = await signIn(ctx, 'admin');
    expect((await get(`/api/surveys/${SLUG}/export.csv`, admin)).status).toBe(200);
    const refused = await ctx.database.db.selectFrom('audit_log').select('id').where('action', '=', 'responses.exported').where('actor_user_id', '=', press.user.id).execute();
    expect(refused).toEqual([]);
  });

  describe('codebook', () => {
    it('lists every column of the export with its values, one row per code (press may read it)', async () => {
      const res = await get(`/api/surveys/${SLUG}/codebook.csv`, press);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="export-test-codebook-v2.csv"');
      const text = await bodyOf(res);
      expect(text.startsWith(`${BOM}column,question_id,statement_id,type,wording,code,label\r\n`)).toBe(true);
      const lines = text.slice(1).split('\r\n');
      const scale = ['1,Strongly disagree', '2,Disagree', '3,Neither agree nor disagree', '4,Agree', '5,Strongly agree', "9,Don't know"];
      expect(lines.filter((line) => line.startsWith('q_'))).toEqual([
        'q_gender,q_gender,,single-choice,Are you a man or a woman?,1,Man',
        'q_gender,q_gender,,single-choice,Are you a man or a woman?,2,Woman',
        ...scale.map((value) => `q_view,q_view,,likert,Parents get enough support today,${value}`),
        ...['s1', 's2', 's3', 's4', 's5'].flatMap((s, k) => scale.map((value) => `q_grid.${s},q_grid,${s},likert-grid,How far do you agree? [Statement ${k + 1}],${value}`)),
        ...[
          ['tv', 'Television'],
          ['web', 'Websites'],
          ['friends', '"Friends, family"'],
          ['radio', 'Radio'],
        ].flatMap(([code, label]) =>
          label!.startsWith('"')
            ? [`q_sources.${code},q_sources,,multiple-choice,"Where do you get advice? [Friends, family]",1,Selected`, `q_sources.${code},q_sources,,multiple-choice,"Where do you get advice? [Friends, family]",0,Not selected (empty: not asked)`]
            : [`q_sources.${code},q_sources,,multiple-choice,Where do you get advice? [${label}],1,Selected`, `q_sources.${code},q_sources,,multiple-choice,Where do you get advice? [${label}],0,Not selected (empty: not asked)`],
        ),
        'q_kids,q_kids,,number,How many children under 2? (children),,',
        'q_comment,q_comment,,short-text,Anything else?,,',
        'q_new,q_new,,single-choice,Is this question new?,a,Yes',
        'q_new,q_new,,single-choice,Is this question new?,b,No',
        'q_new,q_new,,single-choice,Is this question new?,c,Not sure',
      ]);
      expect(lines).toContain('speeder,,,flag,Speeder: completed in under a third of the median completion time,1,Yes');
      expect(lines).toContain('source,,,text,How the response arrived,import,Imported file');
    });

    it('describes exactly the columns of the export with the same options', async () => {
      for (const query of ['', '?versions=1', '?excluded=include&weighting=gender&labels=labels']) {
        const header = (await bodyOf(await exportOf(query))).slice(1).split('\r\n')[0]!.split(',');
        const codebook = await (await get(`/api/surveys/${SLUG}/codebook.json${query}`, press)).json();
        expect(codebook.columns.map((column: { name: string }) => column.name), query).toEqual(header);
      }
      const v1 = await (await get(`/api/surveys/${SLUG}/codebook.json?versions=1`, press)).json();
      expect(v1).toMatchObject({ slug: SLUG, reportedVersion: 1, versions: [1] });
      expect(v1.columns.find((column: { name: string }) => column.name === 'q_view')).toEqual({
        name: 'q_view',
        questionId: 'q_view',
        statementId: null,
        option: null,
        type: 'likert',
        wording: 'Parents get enough support',
        values: [
          { code: '1', label: 'Strongly disagree' },
          { code: '2', label: 'Disagree' },
          { code: '3', label: 'Neither agree nor disagree' },
          { code: '4', label: 'Agree' },
          { code: '5', label: 'Strongly agree' },
          { code: '9', label: "Don't know" },
        ],
      });
      expect((await get(`/api/surveys/${SLUG}/codebook.json?weighting=nope`, press)).status).toBe(404);
      expect((await get(`/api/surveys/${SLUG}/codebook.json`, null)).status).toBe(401);
    });
  });

  describe('the Import and export page', () => {
    it('offers the export options, the schemes and the versions with their counts', async () => {
      const res = await get(`/studio/surveys/${SLUG}/data`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`action="/studio/surveys/${SLUG}/data/export.csv"`);
      expect(html).toContain(`href="/studio/surveys/${SLUG}/data/import"`);
      expect(html).toMatch(/<option value="gender">gender<\/option>/);
      expect(html).toContain('Version 1');
      expect(html).toMatch(/3 responses, published/);
      expect(html).toContain('aria-current="page">Import and export');
    });

    it('downloads through the page, treating every version ticked as the whole survey', async () => {
      const res = await get(`/studio/surveys/${SLUG}/data/export.csv?labels=codes&weighting=&versions=1&versions=2&excluded=exclude`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/filename="export-test-responses-\d{4}-\d{2}-\d{2}\.csv"/);
      expect(await bodyOf(res)).toBe(await bodyOf(await exportOf()));
    });

    it('shows a bad option beside its control, ignoring fields the form does not have', async () => {
      const res = await get(`/studio/surveys/${SLUG}/data/export.csv?labels=words&weighting=gender&utm_source=mail`);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('href="#labels">Answers as must be codes or labels</a>');
      expect(html).toMatch(/<option value="gender" selected="">/);
      const audited = await ctx.database.db.selectFrom('audit_log').select('id').where('action', '=', 'responses.exported').where('detail', 'like', '%"via":"page"%').execute();
      expect(audited).toHaveLength(1); // only the successful page download of the test before
    });

    it('brings the form back with the choices kept when the weights cannot be met', async () => {
      const res = await get(`/studio/surveys/${SLUG}/data/export.csv?labels=labels&weighting=impossible&versions=2&excluded=include`);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('<title>Error: Import and export');
      expect(html).toContain('href="#weighting"');
      expect(html).toMatch(/<option value="impossible" selected="">/);
      expect(html).toMatch(/id="labels-labels"[^>]*checked/);
      expect(html).toMatch(/id="excluded-include"[^>]*checked/);
      expect(html).toMatch(/value="1"(?![^>]*checked)[^>]*>/);
    });
  });
});
