import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDefinition, formatProblem } from '../../server/surveys/definition-rules.ts';
import { createTestApp, definitionFrom, ENGINES, type TestContext } from '../helpers.ts';
import { RespondentClient } from '../respond/respondent-client.ts';

// A page intro (XLSForm notes land there) is part of the definition: checked like any label and
// shown to respondents under the page heading, one paragraph per blank-line-separated block.

const document = {
  slug: 'intro-survey',
  version: 1,
  title: { en: 'Intro survey', cy: 'Arolwg cyflwyniad' },
  description: { en: 'A test.', cy: 'Prawf.' },
  languages: ['en', 'cy'],
  metadata: { organisation: 'Tests', population: 'testers', geography: 'Wales', privacyNotice: { en: 'Test only.', cy: 'Prawf yn unig.' } },
  pages: [
    {
      id: 'p_one',
      title: { en: 'About you', cy: 'Amdanoch chi' },
      intro: { en: 'Thank you for taking part.\n\nIt takes 5 minutes.', cy: 'Diolch am gymryd rhan.\n\nMae’n cymryd 5 munud.' },
      questions: [{ id: 'q_name', type: 'short-text', text: { en: 'Your name', cy: 'Eich enw' }, required: false }],
    },
  ],
};

describe('page intro in the definition rules', () => {
  it('needs Welsh when the survey offers Welsh', () => {
    const doc = structuredClone(document) as any;
    delete doc.pages[0].intro.cy;
    const check = checkDefinition(doc);
    expect(check.ok ? [] : check.problems.map(formatProblem)).toEqual(['pages[0].intro.cy: missing Welsh label: the survey offers Welsh']);
  });
});

describe.each(ENGINES)('page intro for respondents on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(document)] });
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  it('is shown under the page heading, in the respondent\'s language', async () => {
    const client = new RespondentClient(ctx.app);
    const started = await client.post('/s/intro-survey/start', { consent: 'yes' });
    expect(started.status).toBe(303);
    const page = await client.get('/s/intro-survey/pages/p_one');
    expect(page.html).toMatch(/<h1 class="heading-l">About you<\/h1><p class="page-intro">Thank you for taking part.<\/p><p class="page-intro">It takes 5 minutes.<\/p>/);
    const welsh = await client.get('/s/intro-survey/pages/p_one?lang=cy');
    expect(welsh.html).toContain('<p class="page-intro">Diolch am gymryd rhan.</p>');
  });
});
