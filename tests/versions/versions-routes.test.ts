import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDraft, saveDraft } from '../../server/drafts/service.ts';
import { getSurveyVersion } from '../../server/surveys/service.ts';
import { allQuestionTypes, teacherAnswers } from '../fixtures/all-question-types.ts';
import { createTestApp, ENGINES, postForm, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';

// The version workflow over HTTP on both engines: the versions page, publishing a draft with its
// diff and the code-meaning rules, export, JSON and XLSForm import, and who may do any of it.

const SLUG = 'all-question-types';
const BASE = `/studio/surveys/${SLUG}/versions`;
const XLSFORM = join(import.meta.dirname, '..', 'fixtures', 'xlsform', 'parents-support.xlsx');

/** The fixture as a draft document edited by `edit`, as the builder would save it. */
function draftFrom(edit: (doc: any) => void = () => {}) {
  const doc = structuredClone(allQuestionTypes) as any;
  edit(doc);
  return doc as Record<string, unknown>;
}
const question = (doc: any, id: string) => doc.pages.flatMap((p: any) => p.questions).find((q: any) => q.id === id);

function upload(ctx: TestContext, path: string, as: SignedIn | undefined, file: { name: string; bytes: Uint8Array | string }, fields: Record<string, string> = {}) {
  const form = new FormData();
  if (as) form.append('_csrf', as.csrf);
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new File([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)], file.name));
  return ctx.app.request(path, { method: 'POST', body: form, headers: as?.headers ?? {} });
}

describe.each(ENGINES)('version workflow on %s', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  let admin: SignedIn;
  let press: SignedIn;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [allQuestionTypes] });
    researcher = await signIn(ctx, 'researcher');
    admin = await signIn(ctx, 'admin');
    press = await signIn(ctx, 'press');
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  const get = (path: string, as?: SignedIn) => ctx.app.request(path, { headers: as?.headers ?? {} });
  const auditEntries = (action: string) =>
    ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('occurred_at').execute();
  const versionCount = async (slug = SLUG) =>
    Number((await ctx.database.db.selectFrom('survey_versions').select((eb) => eb.fn.countAll().as('n')).where('survey_slug', '=', slug).executeTakeFirstOrThrow()).n);

  describe('who may use it', () => {
    const pages = [BASE, `${BASE}/publish`, `${BASE}/1`, `${BASE}/1/export`, '/studio/import'];
    it.each(pages)('GET %s: anonymous to sign-in, press 403, researcher and admin 200', async (path) => {
      const anonymous = await get(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await get(path, press)).status).toBe(403);
      expect((await get(path, researcher)).status).toBe(200);
      expect((await get(path, admin)).status).toBe(200);
    });

    it.each([`${BASE}/publish`, `${BASE}/import`, '/studio/import'])('POST %s: refused for press and anonymous', async (path) => {
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: 1, document: draftFrom((d) => (d.title.en = 'Changed')) }, null);
      expect((await postForm(ctx.app, path, {}, press)).status).toBe(403);
      const anonymous = await postForm(ctx.app, path, { _csrf: 'x' });
      expect([303, 403]).toContain(anonymous.status);
      expect((await upload(ctx, path, press, { name: 'a.json', bytes: JSON.stringify(allQuestionTypes) })).status).toBe(403);
      expect(await versionCount()).toBe(1);
    });

    it('refuses a researcher post without the CSRF token', async () => {
      const response = await ctx.app.request(`${BASE}/publish`, {
        method: 'POST',
        headers: { ...researcher.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'latest=1',
      });
      expect(response.status).toBe(403);
    });
  });

  describe('publishing', () => {
    beforeEach(async () => {
      await ctx.database.db.deleteFrom('survey_drafts').execute();
    });

    it('publishes v2 with a changed statement: diff shown, draft gone, audit entry, v1 unchanged, responses keep v1', async () => {
      const submitted = await postJson(ctx.app, `/api/surveys/${SLUG}/responses`, { submissionId: randomUUID(), version: 1, answers: teacherAnswers });
      expect(submitted.status).toBe(201);
      const newText = 'Statement one, now clearer';
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: 1, document: draftFrom((d) => (question(d, 'q_grid').statements[0].text.en = newText)) }, researcher.user.id);

      const review = await get(`${BASE}/publish`, researcher);
      expect(review.status).toBe(200);
      const html = await review.text();
      expect(html).toContain('Publish version 2');
      expect(html).toContain('1 changed, 0 new, 0 removed, 8 unchanged');
      expect(html).toMatch(/<code>q_grid<\/code>[\s\S]*?statements reworded/);
      expect(html).toContain('<del>Statement one</del>');
      expect(html).toContain(`<ins>${newText}</ins>`);

      const published = await postForm(ctx.app, `${BASE}/publish`, { latest: '1' }, researcher);
      expect(published.status).toBe(303);
      expect(published.headers.get('location')).toBe(`${BASE}/2?published=1`);

      const v2 = await getSurveyVersion(ctx.database.db, SLUG, 2);
      expect((v2.definition.pages[1]!.questions[2] as any).statements[0].text.en).toBe(newText);
      const v1 = await getSurveyVersion(ctx.database.db, SLUG, 1);
      expect(v1.definition).toEqual(allQuestionTypes);
      expect(await getDraft(ctx.database.db, SLUG)).toBeUndefined();
      const responses = await ctx.database.db.selectFrom('responses').select('survey_version').where('survey_slug', '=', SLUG).execute();
      expect(responses.map((r) => r.survey_version)).toEqual([1]);
      const [audit] = await auditEntries('survey.published');
      expect(audit).toMatchObject({ subject: SLUG, actor_user_id: researcher.user.id });
      expect(JSON.parse(audit!.detail)).toMatchObject({ version: 2, fromVersion: 1, changed: ['q_grid: statements reworded'], questions: { changed: 1, unchanged: 8 } });

      const page = await (await get(`${BASE}/2?published=1`, researcher)).text();
      expect(page).toContain('Version 2 published');
      expect(page).toContain('Changes from version 1');
      expect(page).toContain(newText);
      const list = await (await get(BASE, researcher)).text();
      expect(list).toMatch(/Version 2<\/td>/);
      expect(list).toMatch(/Version 1<\/td><td>[^<]+<\/td><td class="num">1<\/td>/);
      expect(list).toContain('There is no draft');
    });

    it('refuses relabelling an option code to another code\'s meaning, even when ticked', async () => {
      const before = await versionCount();
      // Code 2 of q_topics meant "Attention"; relabelling it "Language" gives it code 1's meaning.
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: null, document: draftFrom((d) => (question(d, 'q_topics').options[1].label.en = 'Language')) }, null);
      const review = await (await get(`${BASE}/publish`, researcher)).text();
      expect(review).toContain('which is what code 1 meant');
      expect(review).not.toMatch(/<button[^>]*>Publish version/);
      const response = await postForm(ctx.app, `${BASE}/publish`, { latest: String(before), keep: 'q_topics:2' }, researcher);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('Answers already stored as 2 would be counted as the wrong answer');
      expect(await versionCount()).toBe(before);
      expect(await getDraft(ctx.database.db, SLUG)).toBeDefined();
    });

    it('refuses relabelling code 4 from "Agree" to "Disagree"', async () => {
      // First publish a version with an agree/disagree question, then try to flip code 4.
      const withView = (label: string) =>
        draftFrom((d) =>
          d.pages[1].questions.push({
            id: 'q_view',
            type: 'single-choice',
            text: { en: 'Do you agree?' },
            options: [
              { code: '2', label: { en: 'Disagree' } },
              { code: '4', label: { en: label } },
            ],
          }),
        );
      let latest = await versionCount();
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: latest, document: withView('Agree') }, null);
      expect((await postForm(ctx.app, `${BASE}/publish`, { latest: String(latest) }, researcher)).status).toBe(303);
      latest = await versionCount();
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: latest, document: withView('Disagree') }, null);
      const response = await postForm(ctx.app, `${BASE}/publish`, { latest: String(latest), keep: 'q_view:4' }, researcher);
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('Question q_view, code 4: it meant &quot;Agree&quot; and would now mean &quot;Disagree&quot;, which is what code 2 meant');
      expect(await versionCount()).toBe(latest);
      // Reversals are refused too, even without another code holding that meaning.
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: latest, document: withView('Not agree') }, null);
      const reversed = await postForm(ctx.app, `${BASE}/publish`, { latest: String(latest), keep: 'q_view:4' }, researcher);
      expect(reversed.status).toBe(422);
      expect(await reversed.text()).toContain('reverses what the code means');
      expect(await versionCount()).toBe(latest);
    });

    it('lets a typo fix through only when "keeps the same meaning" is ticked', async () => {
      const before = await versionCount();
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: null, document: draftFrom((d) => (question(d, 'q_role').options[0].label.en = 'Teacher or lecturer')) }, null);
      const unticked = await postForm(ctx.app, `${BASE}/publish`, { latest: String(before) }, researcher);
      expect(unticked.status).toBe(422);
      const html = await unticked.text();
      expect(html).toContain('There is a problem');
      expect(html).toContain('confirm that &quot;Teacher or lecturer&quot; keeps the meaning of &quot;Teacher&quot;');
      expect(await versionCount()).toBe(before);

      const ticked = await postForm(ctx.app, `${BASE}/publish`, { latest: String(before), keep: 'q_role:teacher' }, researcher);
      expect(ticked.status).toBe(303);
      expect(await versionCount()).toBe(before + 1);
      const [, audit] = (await auditEntries('survey.published')).slice(-2);
      expect(JSON.parse(audit!.detail).confirmedRelabels).toEqual(['q_role:teacher: "Teacher" → "Teacher or lecturer"']);
    });

    it('refuses a changed question type', async () => {
      const before = await versionCount();
      await saveDraft(
        ctx.database.db,
        {
          slug: SLUG,
          baseVersion: null,
          document: draftFrom((d) => {
            const q = question(d, 'q_name_school');
            q.type = 'long-text';
          }),
        },
        null,
      );
      const response = await postForm(ctx.app, `${BASE}/publish`, { latest: String(before) }, researcher);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('add the new question with a new id');
      expect(await versionCount()).toBe(before);
    });

    it('lists definition problems with links to the builder and publishes nothing', async () => {
      const before = await versionCount();
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: null, document: draftFrom((d) => (d.pages[0].questions[0].options = [])) }, null);
      const review = await (await get(`${BASE}/publish`, researcher)).text();
      expect(review).toContain('The draft cannot be published yet');
      expect(review).toContain(`<a href="/studio/surveys/${SLUG}/build">pages[0].questions[0].options: needs at least 2 options</a>`);
      const response = await postForm(ctx.app, `${BASE}/publish`, { latest: String(before) }, researcher);
      expect(response.status).toBe(422);
      expect(await versionCount()).toBe(before);
    });

    it('asks for a second look when another version was published during the review', async () => {
      const before = await versionCount();
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: null, document: draftFrom((d) => (d.description.en = 'Another description')) }, null);
      const response = await postForm(ctx.app, `${BASE}/publish`, { latest: String(before - 1) }, researcher);
      expect(response.status).toBe(409);
      expect(await response.text()).toContain('was published while you were reviewing');
      expect(await versionCount()).toBe(before);
    });

    it('refuses to publish a draft identical to the latest version', async () => {
      const before = await versionCount();
      const latest = await getSurveyVersion(ctx.database.db, SLUG, before);
      await saveDraft(ctx.database.db, { slug: SLUG, baseVersion: before, document: structuredClone(latest.definition) as any }, null);
      const response = await postForm(ctx.app, `${BASE}/publish`, { latest: String(before) }, researcher);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('nothing new to publish');
    });
  });

  describe('export and JSON import', () => {
    it('exports a version exactly as stored, and re-imports it as a new survey with the same content', async () => {
      const response = await get(`${BASE}/1/export`, researcher);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${SLUG}.v1.json"`);
      const text = await response.text();
      const row = await ctx.database.db.selectFrom('survey_versions').select('definition').where('survey_slug', '=', SLUG).where('version', '=', 1).executeTakeFirstOrThrow();
      expect(JSON.parse(text)).toEqual(JSON.parse(row.definition));
      const [exported] = await auditEntries('survey.exported');
      expect(exported).toMatchObject({ subject: SLUG, actor_user_id: researcher.user.id });

      const imported = await upload(ctx, '/studio/import', researcher, { name: `${SLUG}.v1.json`, bytes: text }, { slug: 'aqt-copy' });
      expect(imported.status).toBe(303);
      expect(imported.headers.get('location')).toBe('/studio/surveys/aqt-copy/versions?imported=1');
      const draft = await getDraft(ctx.database.db, 'aqt-copy');
      expect(draft!.document).toEqual({ ...JSON.parse(text), slug: 'aqt-copy' });
      const published = await postForm(ctx.app, '/studio/surveys/aqt-copy/versions/publish', { latest: '' }, researcher);
      expect(published.status).toBe(303);
      const copy = await getSurveyVersion(ctx.database.db, 'aqt-copy', 1);
      expect(copy.definition).toEqual({ ...allQuestionTypes, slug: 'aqt-copy' });
      const [audit] = (await auditEntries('survey.imported')).filter((e) => e.subject === 'aqt-copy');
      expect(JSON.parse(audit!.detail)).toMatchObject({ format: 'json', newSurvey: true, problems: 0, version: 1 });
    });

    it('imports JSON into a survey as its next version, with the slug set to the survey', async () => {
      const latest = await versionCount();
      const file = JSON.stringify({ ...allQuestionTypes, slug: 'something-else', version: 1, title: { en: 'Imported title' } });
      const response = await upload(ctx, `${BASE}/import`, researcher, { name: 'other.json', bytes: file });
      expect(response.status).toBe(303);
      const draft = await getDraft(ctx.database.db, SLUG);
      expect(draft).toMatchObject({ baseVersion: latest, document: { slug: SLUG, version: latest + 1, title: { en: 'Imported title' } } });
      const page = await (await get(`${BASE}?imported=1`, researcher)).text();
      expect(page).toContain('File imported as the draft');
      expect(page).toContain('The file is for &quot;something-else&quot;; its slug was set to &quot;all-question-types&quot;');
      expect(page).toContain(`the draft is version ${latest + 1}`);
    });

    it('reports a JSON syntax error and imports nothing', async () => {
      await ctx.database.db.deleteFrom('survey_drafts').execute();
      const response = await upload(ctx, `${BASE}/import`, researcher, { name: 'broken.json', bytes: '{"slug": "x",' });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('The file is not valid JSON');
      expect(html).toContain('href="#import-file"');
      expect(await getDraft(ctx.database.db, SLUG)).toBeUndefined();
      const located = await upload(ctx, `${BASE}/import`, researcher, { name: 'broken.json', bytes: '{\n  "slug": "x",\n  x}' });
      expect(await located.text()).toContain('in JSON at position 19 (line 3, column 3). Nothing was imported.');
    });

    it('refuses JSON that is not a survey definition (no pages), leaving the draft alone', async () => {
      const response = await upload(ctx, `${BASE}/import`, researcher, {
        name: 'claims.json',
        bytes: JSON.stringify({ text: '31% of parents felt guilty', surveys: [SLUG] }),
      });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('The file is JSON but not a survey definition');
      expect(await getDraft(ctx.database.db, SLUG)).toBeUndefined();
    });

    it('imports JSON with definition problems as a draft and lists the problems', async () => {
      const file = JSON.stringify({ ...allQuestionTypes, metadata: { organisation: 'Org' }, pages: [] });
      const response = await upload(ctx, `${BASE}/import`, researcher, { name: 'partial.json', bytes: file });
      expect(response.status).toBe(303);
      const page = await (await get(`${BASE}?imported=1`, researcher)).text();
      expect(page).toContain('problems to fix in the builder');
      expect(page).toContain(`<a href="/studio/surveys/${SLUG}/build">metadata.population: is required</a>`);
      expect(page).toContain('pages: a survey needs at least 1 page');
    });

    it('accepts an upload larger than the usual 64 KB body limit', async () => {
      const big = JSON.stringify({ ...allQuestionTypes, description: { en: 'x'.repeat(100_000) } });
      const response = await upload(ctx, `${BASE}/import`, researcher, { name: 'big.json', bytes: big });
      expect(response.status).toBe(303);
    });

    it('refuses a new survey whose slug exists, offering that survey\'s import', async () => {
      const response = await upload(ctx, '/studio/import', researcher, { name: 'a.json', bytes: JSON.stringify(allQuestionTypes) });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('A survey with the slug &quot;all-question-types&quot; already exists');
      expect(html).toContain(`href="/studio/surveys/${SLUG}/versions#import-title"`);
    });

    it('asks for a file when none was chosen, keeping the slug typed', async () => {
      const form = new FormData();
      form.append('_csrf', researcher.csrf);
      form.append('slug', 'my-new-survey');
      const response = await ctx.app.request('/studio/import', { method: 'POST', body: form, headers: researcher.headers });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('Choose a file to import');
      expect(html).toContain('value="my-new-survey"');
    });
  });

  describe('XLSForm import', () => {
    it('imports the fixture as a new survey draft and keeps the report with it', async () => {
      const bytes = new Uint8Array(readFileSync(XLSFORM));
      const response = await upload(ctx, '/studio/import', admin, { name: 'parents-support.xlsx', bytes });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/studio/surveys/parents-support-2024/versions?imported=1');
      const draft = await getDraft(ctx.database.db, 'parents-support-2024');
      expect(draft!.document).toMatchObject({ slug: 'parents-support-2024', version: 1, languages: ['en', 'cy'] });

      // Shown again later, not just once.
      const page = await (await get('/studio/surveys/parents-support-2024/versions', researcher)).text();
      expect(page).toContain('parents-support.xlsx (XLSForm)');
      expect(page).toContain('survey row 8: type calculate is not supported; skipped');
      expect(page).toContain('survey row 21: repeat group &quot;child&quot; is not supported');
      expect(page).toContain('The file has version 2024031501; the draft is version 1, the first.');
      expect(page).toContain('metadata.privacyNotice: is required');
      const [audit] = (await auditEntries('survey.imported')).filter((e) => e.subject === 'parents-support-2024');
      expect(JSON.parse(audit!.detail)).toMatchObject({ format: 'xlsform', notSupported: 18, problems: 5 });
    });

    it('refuses a file that is named .xlsx but is not a workbook', async () => {
      const response = await upload(ctx, '/studio/import', researcher, { name: 'form.xlsx', bytes: 'not a zip' });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('is not an .xlsx workbook');
    });
  });
});
