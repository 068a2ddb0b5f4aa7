import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../server/auth/identity.ts';
import { startNextVersion } from '../../server/builder/draft-store.ts';
import { getDraft, saveDraft } from '../../server/drafts/service.ts';
import { formatProblem } from '../../server/surveys/definition-rules.ts';
import { getLatestSurvey } from '../../server/surveys/service.ts';
import { publishDraft, reviewDraft } from '../../server/versions/service.ts';
import { listWeightingSchemes } from '../../server/weighting/service.ts';
import { createTestApp, ENGINES, EXAMPLE_SURVEYS_DIR, signIn, type TestContext } from '../helpers.ts';
import { SLUG } from './fixtures.ts';

// A survey file's `weighting` list goes through the versioning machinery untouched: a draft that adds
// it is reviewed and published, the next draft started from it keeps it, and a draft that deletes a
// question a scheme weights on is refused with the scheme's path.

const v1 = JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')) as Record<string, unknown> & {
  pages: { id: string; questions: { id: string }[] }[];
};
const weighting = [
  {
    name: 'england-parents',
    description: 'ONS estimates',
    variables: [
      { question: 'q_gender', targets: { '1': 0.52, '2': 0.48 } },
      { question: 'q_region', targets: { '1': 0.05, '2': 0.13, '3': 0.1, '4': 0.09, '5': 0.11, '6': 0.11, '7': 0.16, '8': 0.16, '9': 0.09 } },
    ],
    trim: { min: 0.25, max: 4 },
  },
];

describe.each(ENGINES)('weighting in survey versions (%s)', (engine) => {
  let ctx: TestContext;
  // The builder and the versions page each name who acts in their own shape.
  let by: { identity: Identity; ip: string };
  let publisher: { actor: Identity; ip: string | null; userId: string };
  beforeEach(async () => {
    ctx = await createTestApp(engine);
    const user = await signIn(ctx, 'researcher');
    const identity: Identity = { user: { id: user.user.id, email: user.user.email, name: 'R', role: 'researcher' }, via: 'session' };
    by = { identity, ip: '127.0.0.1' };
    publisher = { actor: identity, ip: null, userId: identity.user.id };
  });
  afterEach(async () => {
    await ctx.database.drop();
  });
  const db = () => ctx.database.db;

  it('publishes a draft that adds schemes, and keeps them in the next draft and version', async () => {
    await saveDraft(db(), { slug: SLUG, baseVersion: 1, document: { ...v1, version: 2, weighting } }, by.identity.user.id);
    const review = await reviewDraft(db(), SLUG);
    expect(review.problems).toEqual([]);
    expect(review.diff?.identical).toBe(false);
    expect(await publishDraft(db(), SLUG, { expectedLatest: 1, confirmed: new Set() }, publisher)).toEqual({ outcome: 'published', version: 2 });
    expect((await getLatestSurvey(db(), SLUG)).definition.weighting).toEqual(weighting);
    expect((await listWeightingSchemes(db(), SLUG)).map((s) => [s.name, s.source])).toEqual([['england-parents', 'survey-file']]);

    await startNextVersion(db(), SLUG, by);
    const draft = await getDraft(db(), SLUG);
    expect(draft!.document.weighting).toEqual(weighting);
    await saveDraft(db(), { slug: SLUG, baseVersion: 2, document: { ...draft!.document, title: { en: 'Renamed' } } }, by.identity.user.id);
    expect(await publishDraft(db(), SLUG, { expectedLatest: 2, confirmed: new Set() }, publisher)).toEqual({ outcome: 'published', version: 3 });
    expect((await getLatestSurvey(db(), SLUG)).definition.weighting).toEqual(weighting);
  });

  it('refuses a draft that deletes a question a scheme weights on, naming the scheme variable', async () => {
    const pages = v1.pages.map((page) => ({ ...page, questions: page.questions.filter((q) => q.id !== 'q_region') }));
    await saveDraft(db(), { slug: SLUG, baseVersion: 1, document: { ...v1, version: 2, pages, weighting } }, by.identity.user.id);
    const review = await reviewDraft(db(), SLUG);
    expect(review.problems.map(formatProblem)).toEqual(['weighting[0].variables[1].question: "q_region" is not a question in this survey']);
    expect((await publishDraft(db(), SLUG, { expectedLatest: 1, confirmed: new Set() }, publisher)).outcome).toBe('refused');
  });
});
