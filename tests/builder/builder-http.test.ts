import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDraft } from '../../server/drafts/service.ts';
import { checkDefinition } from '../../server/surveys/definition-rules.ts';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { RespondentClient } from '../respond/respondent-client.ts';
import { createTestApp, definitionFrom, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { Builder, fieldsOf, formHtml, getPage, post, textOf } from './builder-client.ts';

// The builder through HTTP on both engines: creating surveys, every editing operation, stable codes,
// generated ids, Welsh labels, routing and screening picked from earlier questions, problems shown at
// their item, stale saves refused, the preview, and the role checks on every route.

const audits = async (ctx: TestContext, action: string, subject: string) =>
  ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('subject', '=', subject).execute();

async function createBlank(ctx: TestContext, as: SignedIn, title: string, slug = ''): Promise<string> {
  const res = await post(ctx, '/studio/surveys/new', { title, slug, start: 'blank', template: '', source: '' }, as);
  expect(res.status, res.html.slice(0, 500)).toBe(303);
  return /\/studio\/surveys\/([a-z0-9-]+)\/build$/.exec(res.location!)![1]!;
}

describe.each(ENGINES)('questionnaire builder over HTTP (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  let admin: SignedIn;
  let press: SignedIn;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    researcher = await signIn(ctx, 'researcher');
    admin = await signIn(ctx, 'admin');
    press = await signIn(ctx, 'press');
  });
  afterAll(async () => ctx?.database.drop());

  describe('who may use it', () => {
    const GETS = (slug: string) => [
      '/studio/surveys/new',
      `/studio/surveys/${slug}/build`,
      `/studio/surveys/${slug}/build/routing?page=1&question=0`,
      `/studio/surveys/${slug}/build/delete?page=0`,
      `/studio/surveys/${slug}/build/preview/p_1`,
    ];
    const OPS = ['start', 'details', 'page', 'page-add', 'page-up', 'page-down', 'page-delete', 'question-add', 'question', 'question-up', 'question-down', 'question-to-page', 'question-delete', 'option-add', 'option-up', 'option-down', 'option-delete', 'statement-add', 'statement-up', 'statement-down', 'statement-delete', 'routing-add', 'routing-remove', 'routing-save', 'routing-clear'];
    const POSTS = (slug: string) => ['/studio/surveys/new', `/studio/surveys/${slug}/build/preview/p_1`, ...OPS.map((op) => `/studio/surveys/${slug}/build/${op}`)];

    it('sends anonymous visitors to sign in from every builder page and refuses their posts', async () => {
      for (const path of GETS('pif-public')) {
        const res = await getPage(ctx, path);
        expect(res.status, path).toBe(303);
        expect(res.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
      }
      for (const path of POSTS('pif-public')) {
        // Without a session there is no CSRF token either: refused before any handler runs.
        const res = await post(ctx, path, { updatedAt: 'x' });
        expect([303, 403], path).toContain(res.status);
      }
      expect(await getDraft(ctx.database.db, 'pif-public')).toBeUndefined();
    });

    it('refuses press users with 403 on every builder route, GET and POST', async () => {
      const before = await ctx.database.db.selectFrom('survey_drafts').select('survey_slug').execute();
      for (const path of GETS('pif-public')) expect((await getPage(ctx, path, press)).status, path).toBe(403);
      for (const path of POSTS('pif-public')) expect((await post(ctx, path, { title: 'x', updatedAt: 'x' }, press)).status, path).toBe(403);
      expect(await ctx.database.db.selectFrom('survey_drafts').select('survey_slug').execute()).toEqual(before);
    });

    it('lets researchers and admins in', async () => {
      expect((await getPage(ctx, '/studio/surveys/new', researcher)).status).toBe(200);
      expect((await getPage(ctx, '/studio/surveys/new', admin)).status).toBe(200);
    });
  });

  describe('creating a survey', () => {
    it('creates a blank draft with a slug suggested from the title, version 1, audited', async () => {
      const slug = await createBlank(ctx, researcher, 'Public attitudes to babies’ mental health');
      expect(slug).toBe('public-attitudes-to-babies-mental-health');
      const draft = (await getDraft(ctx.database.db, slug))!;
      expect(draft.baseVersion).toBeNull();
      expect(draft.document).toMatchObject({ slug, version: 1, title: { en: 'Public attitudes to babies’ mental health' }, languages: ['en'] });
      const entries = await audits(ctx, 'survey.created', slug);
      expect(entries).toHaveLength(1);
      expect(entries[0]!.actor_user_id).toBe(researcher.user.id);
      // The same title again gets the next free slug rather than an error.
      expect(await createBlank(ctx, researcher, 'Public attitudes to babies’ mental health')).toBe('public-attitudes-to-babies-mental-health-2');
    });

    it('refuses a slug used by a published survey or a draft, keeping what was typed (422)', async () => {
      for (const slug of ['pif-public', 'public-attitudes-to-babies-mental-health', 'new']) {
        const res = await post(ctx, '/studio/surveys/new', { title: 'My typed title', slug, start: 'blank', template: '', source: '' }, researcher);
        expect(res.status, slug).toBe(422);
        expect(res.html).toContain('class="error-summary"');
        expect(res.html).toContain('value="My typed title"');
        expect(res.html).toMatch(/is already used|choose another/);
      }
      const bad = await post(ctx, '/studio/surveys/new', { title: '', slug: 'Not A Slug!', start: 'blank', template: '', source: '' }, researcher);
      expect(bad.status).toBe(422);
      expect(bad.html).toContain('Enter a title for the survey');
      expect(bad.html).toContain('Use lower-case letters');
    });

    it('creates from the attitudes-poll template: demographics and an agree5 grid with don’t know', async () => {
      const res = await post(ctx, '/studio/surveys/new', { title: 'Attitudes 2025', slug: 'attitudes-2025', start: 'template', template: 'attitudes-poll', source: '' }, researcher);
      expect(res.status).toBe(303);
      const doc = (await getDraft(ctx.database.db, 'attitudes-2025'))!.document as any;
      const questions = doc.pages.flatMap((p: any) => p.questions);
      expect(questions.map((q: any) => q.id)).toEqual(['q_gender', 'q_age_band', 'q_region', 'q_attitudes']);
      expect(questions[2].options).toHaveLength(9);
      expect(questions[3]).toMatchObject({ type: 'likert-grid', scale: 'agree5', dontKnow: true });
      // Only the organisation is left to fill in: the builder says so at the details.
      const check = checkDefinition(doc);
      expect(check.ok ? [] : check.problems.map((p) => p.path)).toEqual(['metadata.organisation']);
      const html = (await getPage(ctx, '/studio/surveys/attitudes-2025/build', researcher)).html;
      expect(textOf(html, 'details')).toContain('Organisation: must not be empty');
    });

    it('creates from the professionals template with role screening', async () => {
      await post(ctx, '/studio/surveys/new', { title: 'Professionals 2025', slug: 'pros-2025', start: 'template', template: 'professionals-survey', source: '' }, researcher);
      const doc = (await getDraft(ctx.database.db, 'pros-2025'))!.document as any;
      expect(doc.pages[0].questions[0]).toMatchObject({ id: 'q_role', screenOut: ['5'] });
    });

    it('duplicates a published version or a draft under a new slug', async () => {
      const page = await getPage(ctx, '/studio/surveys/new', researcher);
      expect(page.html).toContain('value="version:pif-public:1"');
      expect(page.html).toContain('value="draft:attitudes-2025"');
      await post(ctx, '/studio/surveys/new', { title: 'PIF public again', slug: 'pif-public-copy', start: 'copy', template: '', source: 'version:pif-public:1' }, researcher);
      const copy = (await getDraft(ctx.database.db, 'pif-public-copy'))!;
      const original = (await ctx.database.db.selectFrom('survey_versions').select('definition').where('survey_slug', '=', 'pif-public').executeTakeFirstOrThrow()).definition;
      const { slug: _s, title: originalTitle, ...rest } = JSON.parse(original);
      expect(copy.document).toMatchObject({ ...rest, slug: 'pif-public-copy', version: 1 });
      expect((copy.document.title as any).en).toBe('PIF public again');
      expect((copy.document.title as any).cy).toBe(originalTitle.cy);
      await post(ctx, '/studio/surveys/new', { title: 'Copy of a draft', slug: 'draft-copy', start: 'copy', template: '', source: 'draft:attitudes-2025' }, researcher);
      expect(((await getDraft(ctx.database.db, 'draft-copy'))!.document as any).pages).toEqual(((await getDraft(ctx.database.db, 'attitudes-2025'))!.document as any).pages);
      const missing = await post(ctx, '/studio/surveys/new', { title: 'x', slug: 'x-copy', start: 'copy', template: '', source: '' }, researcher);
      expect(missing.status).toBe(422);
      expect(missing.html).toContain('Choose the survey to copy');
    });

    it('offers "Edit a new version" for a published survey without a draft', async () => {
      const page = await getPage(ctx, '/studio/surveys/pif-professionals/build', researcher);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Edit a new version');
      const res = await post(ctx, '/studio/surveys/pif-professionals/build/start', {}, researcher);
      expect(res.status).toBe(303);
      const draft = (await getDraft(ctx.database.db, 'pif-professionals'))!;
      expect(draft.baseVersion).toBe(1);
      expect(draft.document.version).toBe(2);
      // Published ids are fixed: no id inputs for them.
      const html = (await getPage(ctx, '/studio/surveys/pif-professionals/build', researcher)).html;
      expect(html).toContain('Question id <code>q_role</code> is fixed');
      expect(fieldsOf(formHtml(html, { within: 'question-0-0' })).id).toBeUndefined();
      expect((await getPage(ctx, '/studio/surveys/no-such-survey/build', researcher)).status).toBe(404);
    });
  });

  describe('editing', () => {
    let b: Builder;
    beforeAll(async () => {
      b = new Builder(ctx, researcher, await createBlank(ctx, researcher, 'Editing test', 'editing-test'));
    });

    it('edits the details and metadata; Welsh on gives two inputs per label, side by side', async () => {
      expect(
        await b.edit({ within: 'details' }, 'Save details', {
          'title.en': 'Parents survey',
          'description.en': 'About being a parent',
          organisation: 'Parent-Infant Foundation',
          commissioner: 'DHSC',
          conductedBy: 'Censuswide',
          population: 'parents of children under 2',
          geography: 'England',
          method: 'online',
          fieldworkStart: '2024-02-23',
          fieldworkEnd: '2024-03-01',
          'privacyNotice.en': 'We keep your answers safe.',
          contact: 'research@example.org',
          'screenOutMessage.en': 'Thank you, that is all.',
          welsh: 'yes',
        }),
      ).toBe('details');
      const doc = await b.doc();
      expect(doc.languages).toEqual(['en', 'cy']);
      expect(doc.metadata).toEqual({
        organisation: 'Parent-Infant Foundation',
        commissioner: 'DHSC',
        conductedBy: 'Censuswide',
        population: 'parents of children under 2',
        geography: 'England',
        method: 'online',
        fieldwork: { start: '2024-02-23', end: '2024-03-01' },
        privacyNotice: { en: 'We keep your answers safe.' },
        contact: 'research@example.org',
      });
      expect(doc.screenOutMessage).toEqual({ en: 'Thank you, that is all.' });
      const html = await b.page();
      // Every label now has an English and a Welsh input, and the missing Welsh is reported where it belongs.
      expect(html).toContain('id="details-title-label-en"');
      expect(html).toContain('id="details-title-label-cy"');
      expect(html).toContain('Title (Welsh)');
      await b.edit({ within: 'details' }, 'Save details', { 'title.cy': 'Arolwg rhieni', 'description.cy': 'Am fod yn rhiant', 'privacyNotice.cy': 'Rydym yn cadw eich atebion yn ddiogel.', 'screenOutMessage.cy': 'Diolch.' });
      expect((await b.doc()).title).toEqual({ en: 'Parents survey', cy: 'Arolwg rhieni' });
      // Welsh off keeps the translations, so switching back on loses nothing.
      await b.edit({ within: 'details' }, 'Save details', { welsh: undefined });
      expect((await b.doc()).languages).toEqual(['en']);
      expect((await b.doc()).title.cy).toBe('Arolwg rhieni');
      expect(await b.page()).not.toContain('id="details-title-label-cy"');
      await b.edit({ within: 'details' }, 'Save details', { welsh: 'yes' });
      expect((await b.doc()).description).toEqual({ en: 'About being a parent', cy: 'Am fod yn rhiant' });
    });

    it('refuses a malformed date with the form shown again (422), nothing saved', async () => {
      const before = await b.doc();
      const res = await b.submit({ within: 'details' }, 'Save details', { fieldworkStart: '23/02/2024', 'title.en': 'Typed but refused' });
      expect(res.status).toBe(422);
      expect(res.html).toContain('value="23/02/2024"');
      expect(res.html).toContain('value="Typed but refused"');
      expect(res.html).toContain('Enter the date as YYYY-MM-DD');
      expect(await b.doc()).toEqual(before);
    });

    it('adds, renames, reorders and deletes pages (delete after a confirmation page)', async () => {
      expect(await b.edit({ action: '/page-add' }, 'Add page', { 'title.en': 'About you', 'title.cy': 'Amdanoch chi' })).toBe('page-1');
      expect(await b.edit({ action: '/page-add' }, 'Add page', { 'title.en': 'Your views', 'title.cy': 'Eich barn' })).toBe('page-2');
      let doc = await b.doc();
      expect(doc.pages.map((p) => p.id)).toEqual(['p_1', 'p_about', 'p_views']);
      expect(doc.pages[1]!.title).toEqual({ en: 'About you', cy: 'Amdanoch chi' });
      await b.edit({ within: 'page-0' }, 'Save page', { id: 'p_start', 'title.en': 'Start', 'title.cy': 'Dechrau', 'intro.en': 'A few questions first.', 'intro.cy': 'Ychydig o gwestiynau yn gyntaf.' });
      doc = await b.doc();
      expect(doc.pages[0]).toMatchObject({ id: 'p_start', title: { en: 'Start', cy: 'Dechrau' }, intro: { en: 'A few questions first.', cy: 'Ychydig o gwestiynau yn gyntaf.' } });
      expect(await b.edit({ within: 'page-2' }, /^Move up/)).toBe('page-1');
      expect((await b.doc()).pages.map((p) => p.id)).toEqual(['p_start', 'p_views', 'p_about']);
      expect(await b.edit({ within: 'page-1' }, /^Move down/)).toBe('page-2');
      expect((await b.doc()).pages.map((p) => p.id)).toEqual(['p_start', 'p_about', 'p_views']);
      // Delete asks first; the confirmation page's form does the deleting.
      const confirm = await getPage(ctx, `${b.base}/delete?page=2`, researcher);
      expect(confirm.status).toBe(200);
      expect(confirm.html).toContain('Delete page 3, “Your views”, and its 0 questions?');
      expect((await b.doc()).pages).toHaveLength(3);
      const res = await b.submit({ action: '/page-delete' }, /Yes, delete/, {}, confirm.html);
      expect(res.status).toBe(303);
      expect((await b.doc()).pages.map((p) => p.id)).toEqual(['p_start', 'p_about']);
    });

    it('adds questions of every type with ids generated from the wording', async () => {
      const add = (page: number, type: string, en: string, cy: string) =>
        b.edit({ action: '/question-add', within: `page-${page}` }, /^Add question/, { type, 'text.en': en, 'text.cy': cy });
      expect(await add(0, 'single-choice', 'Are you a parent?', 'Ydych chi’n rhiant?')).toBe('question-0-0');
      await add(0, 'long-text', 'Anything else?', 'Unrhyw beth arall?');
      await add(1, 'multiple-choice', 'Which services have you used?', 'Pa wasanaethau?');
      await add(1, 'likert', 'Services support parents well', 'Mae gwasanaethau’n cefnogi');
      await add(1, 'likert-grid', 'How much do you agree?', 'Faint ydych chi’n cytuno?');
      await add(1, 'number', 'How many children do you have?', 'Sawl plentyn sydd gennych?');
      await add(1, 'short-text', 'Your town', 'Eich tref');
      await add(1, 'single-choice', 'Are you a parent?', 'Ydych chi’n rhiant?');
      const doc = await b.doc();
      expect(doc.pages.flatMap((p) => p.questions.map((q) => [q.id, q.type]))).toEqual([
        ['q_parent', 'single-choice'],
        ['q_anything_else', 'long-text'],
        ['q_services_have_used', 'multiple-choice'],
        ['q_services_support_parents_well', 'likert'],
        ['q_much_agree', 'likert-grid'],
        ['q_many_children_have', 'number'],
        ['q_town', 'short-text'],
        ['q_parent_2', 'single-choice'],
      ]);
      expect(doc.pages[1]!.questions[1]).toMatchObject({ scale: 'agree5', dontKnow: true });
      expect(doc.pages[0]!.questions[0]!.text).toEqual({ en: 'Are you a parent?', cy: 'Ydych chi’n rhiant?' });
    });

    it('keeps option codes stable: a deleted code is never reused, moving keeps codes', async () => {
      const q = { within: 'question-0-0' };
      for (const [en, cy] of [['Yes', 'Ydw'], ['No', 'Nac ydw'], ['Prefer not to say', 'Gwell gennyf beidio']] as const)
        await b.edit(q, 'Add option', { 'newOption.en': en, 'newOption.cy': cy });
      let options = (await b.doc()).pages[0]!.questions[0]!.options!;
      expect(options.map((o) => o.code)).toEqual(['1', '2', '3']);
      expect(options[1]).toEqual({ code: '2', label: { en: 'No', cy: 'Nac ydw' } });
      expect(await b.edit(q, /^Delete\s*option 2/)).toBe('question-0-0');
      await b.edit(q, 'Add option', { 'newOption.en': 'Not sure', 'newOption.cy': 'Ddim yn siŵr' });
      options = (await b.doc()).pages[0]!.questions[0]!.options!;
      expect(options.map((o) => o.code)).toEqual(['1', '3', '4']);
      expect(await b.edit(q, /^Move up\s*option 3/)).toBe('question-0-0-option-1');
      options = (await b.doc()).pages[0]!.questions[0]!.options!;
      expect(options.map((o) => [o.code, o.label.en])).toEqual([['1', 'Yes'], ['4', 'Not sure'], ['3', 'Prefer not to say']]);
      await b.edit(q, /^Move down\s*option 1/);
      expect((await b.doc()).pages[0]!.questions[0]!.options!.map((o) => o.code)).toEqual(['4', '1', '3']);
      // Editing a label keeps its code, and an empty new option is refused with the form kept.
      await b.edit(q, 'Save question', { 'option.0.en': 'Unsure', 'option.0.cy': 'Ansicr' });
      expect((await b.doc()).pages[0]!.questions[0]!.options![0]).toEqual({ code: '4', label: { en: 'Unsure', cy: 'Ansicr' } });
      const refused = await b.submit(q, 'Add option', { 'newOption.en': '', 'text.en': 'Are you a parent or carer?' });
      expect(refused.status).toBe(422);
      expect(refused.html).toContain('Enter the text of the new option');
      expect(refused.html).toContain('Are you a parent or carer?');
    });

    it('edits a question’s wording, hint, required, id and the type’s own fields', async () => {
      await b.edit({ within: 'question-1-0' }, 'Save question', {
        id: 'q_services',
        'text.en': 'Which services have you used in the last year?',
        'hint.en': 'Select all that apply',
        'hint.cy': 'Dewiswch bob un sy’n berthnasol',
        required: undefined,
        maxSelections: '2',
      });
      for (const [en, cy] of [['Health visitor', 'Ymwelydd iechyd'], ['GP', 'Meddyg teulu'], ['Children’s centre', 'Canolfan plant']] as const)
        await b.edit({ within: 'question-1-0' }, 'Add option', { 'newOption.en': en, 'newOption.cy': cy });
      const q = (await b.doc()).pages[1]!.questions[0]!;
      expect(q).toMatchObject({ id: 'q_services', required: false, maxSelections: 2, hint: { en: 'Select all that apply', cy: 'Dewiswch bob un sy’n berthnasol' } });
      await b.edit({ within: 'question-1-1' }, 'Save question', { scale: 'confidence4', dontKnow: undefined });
      expect((await b.doc()).pages[1]!.questions[1]).toMatchObject({ scale: 'confidence4', dontKnow: false });
      await b.edit({ within: 'question-1-3' }, 'Save question', { integer: 'yes', min: '0', max: '12', 'unit.en': 'children', 'unit.cy': 'plant' });
      expect((await b.doc()).pages[1]!.questions[3]).toMatchObject({ integer: true, min: 0, max: 12, unit: { en: 'children', cy: 'plant' } });
      await b.edit({ within: 'question-1-4' }, 'Save question', { maxLength: '80' });
      expect((await b.doc()).pages[1]!.questions[4]!.maxLength).toBe(80);
    });

    it('refuses words in a number field with the question form shown again (422), nothing saved', async () => {
      const before = await b.doc();
      const res = await b.submit({ within: 'question-1-3' }, 'Save question', { min: 'none', 'text.en': 'How many children are you raising?' });
      expect(res.status).toBe(422);
      expect(res.html).toContain('Enter a number, like 10, or leave it empty');
      expect(res.html).toContain('value="none"');
      expect(res.html).toContain('How many children are you raising?');
      expect(await b.doc()).toEqual(before);
    });

    it('adds, edits, reorders and deletes grid statements with generated ids', async () => {
      const grid = { within: 'question-1-2' };
      await b.edit(grid, 'Add statement', { 'newStatement.en': 'Early relationships matter', 'newStatement.cy': 'Mae perthnasoedd cynnar yn bwysig' });
      await b.edit(grid, 'Add statement', { 'newStatement.en': 'Services should offer support', 'newStatement.cy': 'Dylai gwasanaethau gynnig cymorth' });
      await b.edit(grid, 'Add statement', { 'newStatement.en': 'Early relationships matter', 'newStatement.cy': 'Eto' });
      let statements = (await b.doc()).pages[1]!.questions[2]!.statements!;
      expect(statements.map((s) => s.id)).toEqual(['s_early_relationships_matter', 's_services_should_offer_support', 's_early_relationships_matter_2']);
      await b.edit(grid, 'Save question', { 'statement.2.id': 's_government_enough', 'statement.2.en': 'The government does enough', 'statement.2.cy': 'Mae’r llywodraeth yn gwneud digon' });
      await b.edit(grid, /^Move up\s*statement 3/);
      statements = (await b.doc()).pages[1]!.questions[2]!.statements!;
      expect(statements.map((s) => s.id)).toEqual(['s_early_relationships_matter', 's_government_enough', 's_services_should_offer_support']);
      await b.edit(grid, /^Move down\s*statement 1/);
      await b.edit(grid, /^Delete\s*statement 3/);
      statements = (await b.doc()).pages[1]!.questions[2]!.statements!;
      expect(statements.map((s) => s.id)).toEqual(['s_government_enough', 's_early_relationships_matter']);
      expect(statements[0]!.text).toEqual({ en: 'The government does enough', cy: 'Mae’r llywodraeth yn gwneud digon' });
    });

    it('reorders questions, moves one to another page and deletes one after confirming', async () => {
      expect(await b.edit({ within: 'question-1-1' }, /^Move up\s*question 2/)).toBe('question-1-0');
      let ids = (await b.doc()).pages[1]!.questions.map((q) => q.id);
      expect(ids.slice(0, 2)).toEqual(['q_services_support_parents_well', 'q_services']);
      await b.edit({ within: 'question-1-0' }, /^Move down\s*question 1/);
      // q_parent_2 (last on page 2) goes to page 1.
      const last = (await b.doc()).pages[1]!.questions.length - 1;
      expect(await b.edit({ within: `question-1-${last}` }, /^Move to page/, { targetPage: '0' })).toBe('question-0-2');
      ids = (await b.doc()).pages[0]!.questions.map((q) => q.id);
      expect(ids).toEqual(['q_parent', 'q_anything_else', 'q_parent_2']);
      const confirm = await getPage(ctx, `${b.base}/delete?page=0&question=2`, researcher);
      expect(confirm.html).toContain('Delete question 3 on page 1, “Are you a parent?”?');
      await b.submit({ action: '/question-delete' }, /Yes, delete/, {}, confirm.html);
      expect((await b.doc()).pages[0]!.questions.map((q) => q.id)).toEqual(['q_parent', 'q_anything_else']);
    });

    it('puts screening on ticked answer codes', async () => {
      await b.edit({ within: 'question-0-0' }, 'Save question', { screenOut: ['3'] });
      expect((await b.doc()).pages[0]!.questions[0]!.screenOut).toEqual(['3']);
      const html = await b.page();
      expect(fieldsOf(formHtml(html, { within: 'question-0-0' })).screenOut).toEqual(['3']);
      // Deleting a screened option removes its code from the screening list.
      await b.edit({ within: 'question-0-0' }, /^Delete\s*option 3/);
      expect((await b.doc()).pages[0]!.questions[0]!.screenOut).toBeUndefined();
      await b.edit({ within: 'question-0-0' }, 'Save question', { screenOut: ['1', '4'] });
      expect((await b.doc()).pages[0]!.questions[0]!.screenOut).toEqual(['4', '1']);
      await b.edit({ within: 'question-0-0' }, 'Save question', { screenOut: [] });
      expect((await b.doc()).pages[0]!.questions[0]!.screenOut).toBeUndefined();
    });

    it('builds showIf from picked questions and ticked codes, never typed', async () => {
      // Page 2's likert question routed on page 1's q_parent.
      const routing = `${b.base}/routing?page=1&question=0`;
      let page = await getPage(ctx, routing, researcher);
      expect(page.status).toBe(200);
      const form = formHtml(page.html, { action: '/routing-save' });
      // Only questions on earlier pages are offered.
      expect(form).toContain('<option value="q_parent">');
      expect(form).not.toContain('<option value="q_services">');
      let res = await b.submit({ action: '/routing-save' }, 'Add condition', { newQuestion: 'q_parent' }, page.html);
      expect(res.status).toBe(200);
      // Its answer codes as checkboxes.
      expect(res.html).toContain('name="clause.0.codes" value="1"');
      expect(res.html).toContain('Unsure (4)');
      // Saving with nothing ticked is refused, with the editor kept.
      const refused = await b.submit({ action: '/routing-save' }, 'Save routing', {}, res.html);
      expect(refused.status).toBe(422);
      expect(refused.html).toContain('Tick at least one answer to');
      res = await b.submit({ action: '/routing-save' }, 'Save routing', { 'clause.0.codes': ['1'] }, res.html);
      expect(res.status).toBe(303);
      expect(res.location).toBe(`${b.base}#question-1-0-routing`);
      expect((await b.doc()).pages[1]!.questions[0]!.showIf).toEqual({ question: 'q_parent', in: ['1'] });
      expect(textOf(await b.page(), 'question-1-0-routing')).toContain('Asked only if q_parent is “Yes”');

      // Two conditions, any, turned round; one on a question without codes.
      page = await getPage(ctx, routing, researcher);
      res = await b.submit({ action: '/routing-save' }, 'Add condition', { newQuestion: 'q_anything_else' }, page.html);
      expect(res.html).toContain('was not answered');
      res = await b.submit({ action: '/routing-save' }, 'Save routing', { mode: 'any', negate: 'yes', 'clause.0.codes': ['1', '4'], 'clause.1.test': 'unanswered' }, res.html);
      expect(res.status).toBe(303);
      expect((await b.doc()).pages[1]!.questions[0]!.showIf).toEqual({
        not: { any: [{ question: 'q_parent', in: ['1', '4'] }, { question: 'q_anything_else', answered: false }] },
      });
      // The editor reads it back; removing a condition leaves the other.
      page = await getPage(ctx, routing, researcher);
      expect(fieldsOf(formHtml(page.html, { action: '/routing-save' }))).toMatchObject({ mode: ['any'], negate: ['yes'], 'clause.0.codes': ['4', '1'], 'clause.1.test': ['unanswered'] });
      res = await b.submit({ action: '/routing-save' }, /Remove condition 2/, {}, page.html);
      res = await b.submit({ action: '/routing-save' }, 'Save routing', {}, res.html);
      expect((await b.doc()).pages[1]!.questions[0]!.showIf).toEqual({ not: { question: 'q_parent', in: ['4', '1'] } });

      // A grid statement on a later page: move the grid to page 2 and route a page-3 question on it.
      await b.edit({ action: '/page-add' }, 'Add page', { 'title.en': 'More', 'title.cy': 'Mwy' });
      await b.edit({ action: '/question-add', within: 'page-2' }, /^Add question/, { type: 'short-text', 'text.en': 'Why do you say that?', 'text.cy': 'Pam?' });
      page = await getPage(ctx, `${b.base}/routing?page=2&question=0`, researcher);
      res = await b.submit({ action: '/routing-save' }, 'Add condition', { newQuestion: 'q_much_agree' }, page.html);
      expect(res.html).toContain('name="clause.0.statement"');
      res = await b.submit({ action: '/routing-save' }, 'Save routing', { 'clause.0.statement': 's_early_relationships_matter', 'clause.0.codes': ['1', '2'] }, res.html);
      expect((await b.doc()).pages[2]!.questions[0]!.showIf).toEqual({ question: 'q_much_agree', statement: 's_early_relationships_matter', in: ['1', '2'] });
      // Renaming an unpublished question keeps the conditions that look at it.
      await b.edit({ within: 'question-1-2' }, 'Save question', { id: 'q_views' });
      expect((await b.doc()).pages[2]!.questions[0]!.showIf).toMatchObject({ question: 'q_views' });
      // Remove all routing.
      page = await getPage(ctx, `${b.base}/routing?page=2&question=0`, researcher);
      await b.submit({ action: '/routing-save' }, 'Remove all routing', {}, page.html);
      expect((await b.doc()).pages[2]!.questions[0]!.showIf).toBeUndefined();
      expect(textOf(await b.page(), 'question-2-0-routing')).toContain('Asked of everyone');
    });

    it('shows each definition problem at its item and in the summary at the top', async () => {
      // Shape problems first (as the loader reports them): an option with no wording, a page with no questions.
      await b.edit({ within: 'question-0-0' }, 'Save question', { 'option.1.en': '' });
      await b.edit({ action: '/page-add' }, 'Add page', { 'title.en': 'Empty', 'title.cy': 'Gwag' });
      let html = await b.page();
      expect(textOf(html, 'question-0-0-option-1')).toContain('Label (English): must not be empty');
      expect(textOf(html, 'page-3')).toContain('Questions: a page needs at least 1 question');
      expect(textOf(html, 'problems-title')).toMatch(/2 things to fix/);
      expect(html).toContain('href="#question-0-0-option-1"');
      expect(html).toContain('href="#page-3"');
      await b.edit({ within: 'question-0-0' }, 'Save question', { 'option.1.en': 'Yes' });
      const confirm = await getPage(ctx, `${b.base}/delete?page=3`, researcher);
      await b.submit({ action: '/page-delete' }, /Yes, delete/, {}, confirm.html);
      // Then the cross-references: Welsh missing on a statement and on the title, routing on a deleted code.
      await b.edit({ within: 'question-1-2' }, 'Save question', { 'statement.1.cy': '' });
      await b.edit({ within: 'details' }, 'Save details', { 'title.cy': '' });
      await b.edit({ within: 'question-0-0' }, 'Add option', { 'newOption.en': 'Yes', 'newOption.cy': 'Ydw' });
      await b.edit({ within: 'question-0-0' }, /^Delete\s*option 2/);
      expect((await b.doc()).pages[0]!.questions[0]!.options!.map((o) => o.code)).toEqual(['4', '5']);
      html = await b.page();
      expect(textOf(html, 'question-1-2-statement-1')).toContain('Text (Welsh): missing Welsh label');
      expect(textOf(html, 'details')).toContain('Title (Welsh): missing Welsh label');
      expect(textOf(html, 'question-1-0-routing')).toContain('Routing: "q_parent" has no answer code "1"');
      expect(textOf(html, 'problems-title')).toMatch(/3 things to fix/);
      expect(html).toContain('href="#question-1-2-statement-1"');
      // Fixing them clears the summary.
      await b.edit({ within: 'question-1-2' }, 'Save question', { 'statement.1.cy': 'Mae perthnasoedd cynnar yn bwysig' });
      await b.edit({ within: 'details' }, 'Save details', { 'title.cy': 'Arolwg rhieni' });
      const page = await getPage(ctx, `${b.base}/routing?page=1&question=0`, researcher);
      await b.submit({ action: '/routing-save' }, 'Save routing', { 'clause.0.codes': ['5'] }, page.html);
      const clean = await b.page();
      expect(clean).toContain('No problems found');
      expect(checkDefinition(await b.doc()).ok).toBe(true);
    });

    it('refuses a save from an out-of-date page, keeping what was typed (409)', async () => {
      const stale = await b.page();
      // Someone else saves in between.
      const colleague = new Builder(ctx, admin, b.slug);
      await colleague.edit({ within: 'question-0-1' }, 'Save question', { 'hint.en': 'Optional', 'hint.cy': 'Dewisol' });
      const afterColleague = await b.doc();
      const res = await b.submit({ within: 'question-0-0' }, 'Save question', { 'text.en': 'Are you the parent of a baby under two?' }, stale);
      expect(res.status).toBe(409);
      expect(res.html).toContain('Your change was not saved');
      expect(res.html).toContain('Test admin saved this draft');
      expect(res.html).toContain('Are you the parent of a baby under two?');
      expect(await b.doc()).toEqual(afterColleague);
      // The page shown carries the new stamp: saving from it works.
      expect((await b.submit({ within: 'question-0-0' }, 'Save question', { 'text.en': 'Are you the parent of a baby under two?' }, res.html)).status).toBe(303);
      expect((await b.doc()).pages[0]!.questions[0]!.text.en).toBe('Are you the parent of a baby under two?');
    });

    it('records survey.draft_edited for every save', async () => {
      const entries = await audits(ctx, 'survey.draft_edited', b.slug);
      expect(entries.length).toBeGreaterThan(40);
      expect(entries.map((e) => JSON.parse(e.detail).operation)).toEqual(expect.arrayContaining(['details', 'page-add', 'option-add', 'routing-save', 'question-delete']));
    });
  });

  describe('preview', () => {
    const fixture = {
      slug: 'preview-fixture',
      version: 1,
      title: { en: 'Preview fixture', cy: 'Gosodiad rhagolwg' },
      description: { en: 'About previews', cy: 'Am ragolygon' },
      languages: ['en', 'cy'],
      metadata: { organisation: 'Attune', population: 'adults', geography: 'Wales', privacyNotice: { en: 'Private', cy: 'Preifat' } },
      pages: [
        {
          id: 'p_one',
          title: { en: 'First', cy: 'Cyntaf' },
          intro: { en: 'Some intro', cy: 'Rhagarweiniad' },
          questions: [
            { id: 'q_parent', type: 'single-choice', text: { en: 'Parent?', cy: 'Rhiant?' }, options: [{ code: '1', label: { en: 'Yes', cy: 'Ie' } }, { code: '2', label: { en: 'No', cy: 'Na' } }] },
            { id: 'q_kids', type: 'number', text: { en: 'How many?', cy: 'Sawl?' }, min: 0, max: 9, unit: { en: 'children', cy: 'plant' } },
          ],
        },
        {
          id: 'p_two',
          questions: [
            { id: 'q_grid', type: 'likert-grid', text: { en: 'Agree?', cy: 'Cytuno?' }, scale: 'agree5', dontKnow: true, statements: [{ id: 's_a', text: { en: 'A', cy: 'A cy' } }] },
            { id: 'q_why', type: 'long-text', required: false, text: { en: 'Why?', cy: 'Pam?' }, showIf: { question: 'q_parent', in: ['1'] } },
          ],
        },
      ],
    };

    /** The respondent page minus what legitimately differs: where links and the form point, the banner, the CSRF field. */
    const normalise = (html: string) =>
      html
        .replace(/<aside class="preview-banner"[\s\S]*?<\/aside>/, '')
        .replace(/<input type="hidden" name="_csrf" value="[^"]*"\/?>/, '')
        .replace(/(action|href)="[^"]*"/g, '$1="#"');

    it('draws a draft page with the respondent views: same markup as the live page, plus a banner', async () => {
      await publishSurveyVersion(ctx.database.db, definitionFrom(fixture));
      await post(ctx, '/studio/surveys/preview-fixture/build/start', {}, researcher);
      // The live page of version 1.
      const respondent = new RespondentClient(ctx.app);
      await respondent.post('/s/preview-fixture/start', { consent: 'yes' });
      for (const lang of ['en', 'cy']) {
        const live = await respondent.get(`/s/preview-fixture/pages/p_one?lang=${lang}`);
        expect(live.status).toBe(200);
        const preview = await getPage(ctx, `/studio/surveys/preview-fixture/build/preview/p_one${lang === 'cy' ? '?lang=cy' : ''}`, researcher);
        expect(preview.status).toBe(200);
        expect(preview.html).toContain('<aside class="preview-banner"');
        expect(preview.html).toContain('Preview of the draft');
        // The form posts to the preview, never to /s/.
        expect(preview.html).toMatch(/<form method="post" action="\/studio\/surveys\/preview-fixture\/build\/preview\/p_one/);
        expect(preview.html).not.toContain('action="/s/');
        expect(normalise(preview.html)).toBe(normalise(live.html));
      }
      // The grid page and the routed question appear, with the routing explained in the banner.
      const two = await getPage(ctx, '/studio/surveys/preview-fixture/build/preview/p_two', researcher);
      expect(two.html).toContain('name="q_grid.s_a"');
      expect(two.html).toContain('q_why is shown only if q_parent is “Yes”');
    });

    it('creates no respondent session and no response; Continue checks the page and moves on', async () => {
      const count = async (table: 'respondent_sessions' | 'responses') =>
        Number((await ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('survey_slug', '=', 'preview-fixture').executeTakeFirstOrThrow()).n);
      const sessions = await count('respondent_sessions');
      const bad = await post(ctx, '/studio/surveys/preview-fixture/build/preview/p_one', { q_kids: 'lots' }, researcher);
      expect(bad.status).toBe(422);
      expect(bad.html).toContain('class="error-summary"');
      expect(bad.html).toContain('value="lots"');
      const good = await post(ctx, '/studio/surveys/preview-fixture/build/preview/p_one?lang=cy', { q_parent: '1', q_kids: '2' }, researcher);
      expect(good.status).toBe(303);
      expect(good.location).toBe('/studio/surveys/preview-fixture/build/preview/p_two?lang=cy');
      const end = await post(ctx, '/studio/surveys/preview-fixture/build/preview/p_two', { 'q_grid.s_a': '4' }, researcher);
      expect(end.location).toBe('/studio/surveys/preview-fixture/build/preview/p_two?finished=1');
      expect(await count('respondent_sessions')).toBe(sessions);
      expect(await count('responses')).toBe(0);
      // The preview needs a CSRF token like any workspace form.
      const forged = await ctx.app.request('/studio/surveys/preview-fixture/build/preview/p_one', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...researcher.headers },
        body: 'q_parent=1',
      });
      expect(forged.status).toBe(403);
    });

    it('previews the draft, not the published version, and explains when it cannot', async () => {
      const b = new Builder(ctx, researcher, 'preview-fixture');
      await b.edit({ within: 'question-0-0' }, 'Save question', { 'text.en': 'Are you a parent of a young child?' });
      expect((await getPage(ctx, '/studio/surveys/preview-fixture/build/preview/p_one', researcher)).html).toContain('Are you a parent of a young child?');
      expect((await getPage(ctx, '/studio/surveys/preview-fixture/build/preview/p_nope', researcher)).status).toBe(404);
      await b.edit({ action: '/page-add' }, 'Add page', { 'title.en': 'Empty', 'title.cy': 'Gwag' });
      const unavailable = await getPage(ctx, '/studio/surveys/preview-fixture/build/preview/p_one', researcher);
      expect(unavailable.status).toBe(200);
      expect(unavailable.html).toContain('The draft cannot be previewed yet');
      expect(unavailable.html).toContain('pages[2].questions: a page needs at least 1 question');
    });
  });
});
