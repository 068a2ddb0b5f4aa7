import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allQuestionTypes } from '../fixtures/all-question-types.ts';
import { createTestApp, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { csvOf } from './delivered-csv.ts';
import { fixture, pageText, problemRows, upload } from './support.ts';

// The upload page through HTTP on both engines: a valid file with every question type, the
// idempotent re-import, each kind of problem by row and column with nothing written, files without
// respondent ids, the capped listing, and the refusals (no file, no such version, wrong role).

const SLUG = allQuestionTypes.slug;
const PAGE = `/studio/surveys/${SLUG}/data/import`;
const UNKNOWN_COLUMN = 'unknown column: not a question of all-question-types version 1, nor respondent_id, duration_seconds or completed_at';

describe.each(ENGINES)('importing delivered data through the upload page (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [allQuestionTypes] });
    researcher = await signIn(ctx, 'researcher');
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  const db = () => ctx.database.db;
  const stored = () =>
    db()
      .selectFrom('responses')
      .select(['submission_id', 'panel_id', 'status', 'source', 'language', 'survey_version', 'answers', 'started_at', 'submitted_at', 'is_demo'])
      .where('survey_slug', '=', SLUG)
      .orderBy('submission_id')
      .execute();
  const audits = () => db().selectFrom('audit_log').select(['actor_user_id', 'subject', 'detail']).where('action', '=', 'responses.imported').orderBy('occurred_at').execute();
  const clear = () => db().deleteFrom('responses').where('survey_slug', '=', SLUG).execute();

  it('shows the form with the published versions and the columns a file may have', async () => {
    const response = await ctx.app.request(PAGE, { headers: researcher.headers });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<option value="1" selected="">Version 1</option>');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain(`name="_csrf" value="${researcher.csrf}"`);
    expect(pageText(html)).toContain(
      'respondent_id,duration_seconds,completed_at,q_role,q_topics,q_critical,q_grid.s_one,q_grid.s_two,q_years,q_hours,q_name_school,q_key_stage,q_comments',
    );
  });

  it('imports every question type in the shape the web form stores, then recognises the same file again', async () => {
    const before = new Date().toISOString();
    const first = await upload(ctx, SLUG, researcher, { file: { name: 'all-types-valid.csv', content: fixture('all-types-valid.csv') } });
    const html = await first.text();
    expect(first.status, pageText(html)).toBe(200);
    expect(pageText(html)).toContain('Imported 4 responses');
    expect(pageText(html)).toContain('all-types-valid.csv, answering version 1: 4 rows read, 4 new responses stored, 0 already imported');
    expect(html).toContain(`href="/studio/surveys/${SLUG}/responses"`);

    const rows = await stored();
    expect(rows.map((row) => [row.submission_id, row.panel_id, row.status, row.source, row.language, row.survey_version, Number(row.is_demo)])).toEqual([
      [`import:${SLUG}:R1`, 'R1', 'complete', 'import', 'en', 1, 0],
      [`import:${SLUG}:R2`, 'R2', 'complete', 'import', 'en', 1, 0],
      [`import:${SLUG}:R3`, 'R3', 'complete', 'import', 'en', 1, 0],
      [`import:${SLUG}:R4`, 'R4', 'complete', 'import', 'en', 1, 0],
    ]);
    expect(rows.map((row) => JSON.parse(row.answers))).toEqual([
      {
        q_role: 'teacher',
        q_topics: ['1', '3'],
        q_critical: '5',
        q_grid: { s_one: '4', s_two: '2' },
        q_years: 12,
        q_hours: 37.5,
        q_name_school: 'Oak',
        q_key_stage: 'ks2',
        q_comments: 'Thank you, really',
      },
      { q_role: 'eyw', q_topics: ['2'], q_critical: '9', q_grid: { s_one: '3', s_two: '3' }, q_years: 0 },
      // "3;1" is stored in option order, and the CRLF inside the quoted cell as one line break.
      { q_role: 'teacher', q_topics: ['1', '3'], q_critical: '1', q_grid: { s_one: '1', s_two: '5' }, q_years: 60, q_hours: 0.5, q_key_stage: 'ks1', q_comments: 'Line one\nline two' },
      { q_role: 'eyw', q_topics: ['1'], q_critical: '4', q_grid: { s_one: '5', s_two: '5' }, q_years: 7, q_name_school: 'Acorns' },
    ]);
    // completed_at in UTC; started_at = completed_at - duration_seconds; no completed_at = the import time.
    expect(rows.map((row) => [row.started_at, row.submitted_at])).toEqual([
      ['2024-02-23T13:55:00.000Z', '2024-02-23T14:05:00.000Z'],
      ['2024-02-24T07:53:00.000Z', '2024-02-24T08:00:00.000Z'],
      [null, rows[2]!.submitted_at],
      ['2024-02-25T18:28:24.500Z', '2024-02-25T18:30:00.000Z'],
    ]);
    expect(rows[2]!.submitted_at >= before && rows[2]!.submitted_at <= new Date().toISOString()).toBe(true);

    const again = await upload(ctx, SLUG, researcher, { file: { name: 'all-types-valid.csv', content: fixture('all-types-valid.csv') } });
    const againText = pageText(await again.text());
    expect(again.status).toBe(200);
    expect(againText).toContain('Nothing new to import');
    expect(againText).toContain('4 rows read, 0 new responses stored, 4 already imported');
    expect(await stored()).toEqual(rows);

    const entries = await audits();
    expect(entries.map((entry) => [entry.actor_user_id, entry.subject, JSON.parse(entry.detail)])).toEqual([
      [researcher.user.id, SLUG, { version: 1, fileName: 'all-types-valid.csv', rows: 4, inserted: 4, alreadyImported: 0, respondentIds: true }],
      [researcher.user.id, SLUG, { version: 1, fileName: 'all-types-valid.csv', rows: 4, inserted: 0, alreadyImported: 4, respondentIds: true }],
    ]);
  });

  it('refuses a respondent id whose stored answers differ, and writes none of the file', async () => {
    const before = await stored();
    const response = await upload(ctx, SLUG, researcher, { file: { name: 'all-types-changed.csv', content: fixture('all-types-changed.csv') } });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(problemRows(html)).toEqual([
      {
        row: '1',
        line: '2',
        column: 'respondent_id',
        message: expect.stringMatching(/^respondent id "R2" was already imported with different answers \(response [0-9A-Z]{4}-[0-9A-Z]{4}\); an import never overwrites a stored response$/),
      },
    ]);
    // R5 is new and valid, but the file is all or nothing.
    expect(await stored()).toEqual(before);
    await clear();
  });

  it('reports each kind of problem by row, line and column, and writes nothing', async () => {
    const auditsBefore = (await audits()).length;
    const response = await upload(ctx, SLUG, researcher, { file: { name: 'all-types-problems.csv', content: fixture('all-types-problems.csv') } });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('<title>Error: Import responses');
    expect(pageText(html)).toContain('The file was not imported: 16 problems (nothing was stored)');
    const at = (row: number, column: string, message: string) => ({ row: String(row), line: String(row + 1), column, message });
    expect(problemRows(html)).toEqual([
      { row: 'header', line: '1', column: 'region_code', message: UNKNOWN_COLUMN },
      at(2, 'q_critical', 'unknown code "7" (the codes are 1, 2, 3, 4, 5, 9)'),
      at(3, 'q_key_stage', 'missing required answer'),
      at(4, 'q_key_stage', 'routing contradiction: answered, but the question is asked only if q_role is "Teacher" (teacher)'),
      at(5, 'q_years', 'bad number "twelve"'),
      at(6, 'q_topics', 'too many selections: at most 2'),
      at(7, 'q_grid.s_two', 'missing required answer'),
      at(8, 'q_role', 'screened out: "Something else" (other) ends the survey at q_role, so this is not a complete interview; only complete interviews can be imported'),
      at(9, 'q_years', 'bad number "2.5": must be a whole number'),
      at(10, 'q_years', 'number out of range: 61 is above the maximum of 60'),
      at(11, 'respondent_id', 'repeated respondent id "R1": also on row 1'),
      at(12, 'duration_seconds', 'bad number "-5": the completion time is a number of seconds, 0 or more'),
      at(12, 'completed_at', 'bad timestamp "yesterday": use ISO 8601 with a time zone, e.g. 2024-02-23T14:05:00Z or 2024-02-23T14:05:00+01:00'),
      at(13, '–', 'wrong number of cells: 6 where the header has 14'),
      at(14, 'q_name_school', 'text too long: at most 10 characters'),
      at(15, 'q_topics', 'code "1" is listed more than once'),
    ]);
    expect(await stored()).toEqual([]);
    expect((await audits()).length).toBe(auditsBefore);
  });

  it('names a whole unanswered grid, missing required columns and grid columns without a statement', async () => {
    const header = ['q_role', 'q_topics', 'q_critical', 'q_grid', 'q_grid.s_one', 'q_years', 'q_key_stage'];
    const response = await upload(ctx, SLUG, researcher, {
      file: { name: 'grid.csv', content: csvOf(header, ['eyw', '1', '5', '', '', '3', ''], ['eyw', '2', '5', '', '4', '3', '']) },
    });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(problemRows(html)).toEqual([
      { row: 'header', line: '1', column: 'q_grid', message: 'q_grid is a grid: give each statement its own column (q_grid.s_one, q_grid.s_two)' },
      { row: 'header', line: '1', column: 'q_grid.s_two', message: 'missing column: q_grid.s_two is a statement of q_grid, a required grid of all-question-types version 1' },
      // Row 1 answers no statement: the grid as a whole is missing. Row 2's missing statement has no
      // column at all, which the header problem already says.
      { row: '1', line: '2', column: 'q_grid.*', message: 'missing required answer' },
    ]);
    expect(await stored()).toEqual([]);
  });

  it('stores the rows of a file without respondent ids again on every import, and says so', async () => {
    const header = ['q_role', 'q_topics', 'q_critical', 'q_grid.s_one', 'q_grid.s_two', 'q_years'];
    const content = csvOf(header, ['eyw', '1;2', '5', '4', '4', '3'], ['teacher', '3', '2', '1', '2', '30']);
    const teacherMissingKeyStage = await upload(ctx, SLUG, researcher, { file: { name: 'no-ids.csv', content } });
    // q_key_stage is required for teachers and the file has no column for it.
    expect(problemRows(await teacherMissingKeyStage.text())).toEqual([
      { row: 'header', line: '1', column: 'q_key_stage', message: 'missing column: q_key_stage is a required question of all-question-types version 1' },
    ]);

    const fixed = csvOf([...header, 'q_key_stage'], ['eyw', '1;2', '5', '4', '4', '3', ''], ['teacher', '3', '2', '1', '2', '30', 'ks1']);
    for (let i = 0; i < 2; i++) {
      const response = await upload(ctx, SLUG, researcher, { file: { name: 'no-ids.csv', content: fixed } });
      const text = pageText(await response.text());
      expect(response.status).toBe(200);
      expect(text).toContain('Imported 2 responses');
      expect(text).toContain('There is no respondent_id column, so this import cannot be recognised later: importing the same file again stores its rows again.');
      expect(text).toContain('There is no completed_at column');
      expect(text).toContain('There is no duration_seconds column');
    }
    const rows = await stored();
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.panel_id === null && row.submission_id.startsWith(`import:${SLUG}:`) && row.started_at === null)).toBe(true);
    await clear();
  });

  it('lists the first 1,000 problems of a broken file and counts the rest', async () => {
    const header = ['respondent_id', 'q_role', 'q_topics', 'q_critical', 'q_grid.s_one', 'q_grid.s_two', 'q_years', 'q_key_stage'];
    const rows = Array.from({ length: 1500 }, (_, i) => [`B${i}`, 'eyw', '1', '6', '4', '4', '3', '']);
    const response = await upload(ctx, SLUG, researcher, { file: { name: 'broken.csv', content: csvOf(header, ...rows) } });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(pageText(html)).toContain('1,500 problems in broken.csv');
    expect(pageText(html)).toContain('Showing the first 1,000 of 1,500 problems.');
    const listed = problemRows(html);
    expect(listed).toHaveLength(1000);
    expect(listed[999]).toEqual({ row: '1,000', line: '1,001', column: 'q_critical', message: 'unknown code "6" (the codes are 1, 2, 3, 4, 5, 9)' });
    expect(await stored()).toEqual([]);
  });

  it('accepts an upload larger than the 64 KB and 2 MB limits of other forms', async () => {
    const header = ['respondent_id', 'q_role', 'q_topics', 'q_critical', 'q_grid.s_one', 'q_grid.s_two', 'q_years', 'q_key_stage', 'q_comments'];
    const comment = 'A long answer about early relationships. '.repeat(48);
    const rows = Array.from({ length: 1200 }, (_, i) => [`L${i}`, 'eyw', '1', '4', '4', '4', '3', '', comment]);
    const content = csvOf(header, ...rows);
    expect(content.length).toBeGreaterThan(2 * 1024 * 1024);
    const response = await upload(ctx, SLUG, researcher, { file: { name: 'large.csv', content } });
    expect(response.status).toBe(200);
    expect(pageText(await response.text())).toContain('Imported 1,200 responses');
    expect(await stored()).toHaveLength(1200);
    await clear();
  });

  it('reads files it cannot take as a whole-file problem: not UTF-8, broken quotes, semicolons, empty', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('q_role,q_comments\nteacher,caf'), 0xe9, 0x0a]);
    const cases: [string, string | Uint8Array, { row: string; line: string; column: string; message: string }][] = [
      ['latin1.csv', latin1, { row: 'file', line: '–', column: '–', message: 'the file is not UTF-8 text: save it as "CSV UTF-8 (comma delimited)" and import it again' }],
      ['quotes.csv', 'q_role,q_comments\nteacher,"never closed\n', { row: 'file', line: '2', column: '–', message: expect.stringMatching(/^the file is not valid CSV: /) as unknown as string }],
      ['semicolons.csv', 'q_role;q_topics\nteacher;1\n', { row: 'header', line: '1', column: '–', message: 'the header has one column: separate columns with commas (the file seems to use semicolons or tabs)' }],
      ['empty.csv', '\n\n', { row: 'file', line: '–', column: '–', message: 'the file is empty: its first line must be a header of question ids' }],
    ];
    for (const [name, content, expected] of cases) {
      const response = await upload(ctx, SLUG, researcher, { file: { name, content } });
      expect(response.status, name).toBe(422);
      expect(problemRows(await response.text()), name).toEqual([expected]);
    }
    expect(await stored()).toEqual([]);
  });

  it('asks for a file and a published version, and refuses other roles and forged forms', async () => {
    const noFile = await upload(ctx, SLUG, researcher);
    expect(noFile.status).toBe(422);
    expect(pageText(await noFile.text())).toContain('Choose the CSV file to import');

    const noVersion = await upload(ctx, SLUG, researcher, { version: '2', file: { name: 'v.csv', content: fixture('all-types-valid.csv') } });
    expect(noVersion.status).toBe(422);
    const noVersionHtml = await noVersion.text();
    expect(pageText(noVersionHtml)).toContain('Choose one of the published versions');
    expect(noVersionHtml).toContain('href="#import-version"');

    const press = await signIn(ctx, 'press');
    expect((await upload(ctx, SLUG, press, { file: { name: 'v.csv', content: fixture('all-types-valid.csv') } })).status).toBe(403);
    expect((await ctx.app.request(PAGE, { headers: press.headers })).status).toBe(403);
    expect((await upload(ctx, SLUG, researcher, { csrf: null, file: { name: 'v.csv', content: fixture('all-types-valid.csv') } })).status).toBe(403);
    expect((await ctx.app.request('/studio/surveys/no-such-survey/data/import', { headers: researcher.headers })).status).toBe(404);
    expect(await stored()).toEqual([]);
  });

  it('asks to publish a survey that has only a draft', async () => {
    const now = new Date().toISOString();
    await db()
      .insertInto('survey_drafts')
      .values({ survey_slug: 'only-a-draft', base_version: null, definition: JSON.stringify({ ...allQuestionTypes, slug: 'only-a-draft' }), created_at: now, updated_at: now, updated_by: null })
      .execute();
    const response = await ctx.app.request('/studio/surveys/only-a-draft/data/import', { headers: researcher.headers });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(pageText(html)).toContain('This survey has no published version yet. Publish version 1 before importing responses');
    expect(html).not.toContain('type="file"');
    const post = await upload(ctx, 'only-a-draft', researcher, { file: { name: 'v.csv', content: fixture('all-types-valid.csv') } });
    expect(post.status).toBe(422);
    expect(pageText(await post.text())).toContain('This survey has no published version to import into');
  });
});
