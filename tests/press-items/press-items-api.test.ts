import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PressItem, PressItemSpec } from '../../server/press-items/service.ts';
import { createTestApp, ENGINES, postForm, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { postRespondents, requestAs, RESPONDENTS, saveItem, SLUG } from './fixture.ts';

// The press items API over HTTP: list with filters, read, publish, delete, roles, validation and audit,
// on both engines. Items are created as the headline and chart studios create them (savePressItem);
// one that cannot be computed saves nothing.

const TOP2 = { survey: SLUG, question: 'q_welcome_support', answer: { kind: 'net' as const, id: 'top2' } };
const body = (title: string, kind: 'headline' | 'chart', surveySlug = SLUG, queries: PressItemSpec['queries'] = [TOP2]) => ({ surveySlug, kind, title, spec: { queries, settings: {} } });

describe.each(ENGINES)('the press items API (%s)', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  let researcher: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    [press, researcher, admin] = await Promise.all([signIn(ctx, 'press'), signIn(ctx, 'researcher'), signIn(ctx, 'admin')]);
    await postRespondents(ctx, RESPONDENTS);
  });
  afterAll(async () => {
    await ctx.database.drop();
  });

  const create = (as: SignedIn, payload: ReturnType<typeof body>): Promise<PressItem> => saveItem(ctx, as, payload);
  const list = async (query = '', as: SignedIn = press) => {
    const res = await requestAs(ctx, 'GET', `/api/press/items${query}`, as);
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { items: PressItem[] }).items.map((item) => item.title);
  };
  const countItems = async () => Number((await ctx.database.db.selectFrom('press_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('lets every signed-in role list, read, publish and delete; anonymous callers get 401', async () => {
    const headline = await create(press, body('Headline by press', 'headline'));
    const chart = await create(researcher, body('Chart by a researcher', 'chart', 'pif-public', [TOP2, { ...TOP2, filters: [{ question: 'q_gender', codes: ['2'] }] }]));
    await create(admin, body('Headline by an admin', 'headline'));
    expect(chart.surveySlug).toBe('pif-public');
    expect(chart.frozen.map((f) => f.subgroupLabel)).toEqual([null, 'Man']);

    expect((await requestAs(ctx, 'GET', '/api/press/items', null)).status).toBe(401);
    expect((await requestAs(ctx, 'GET', `/api/press/items/${headline.id}`, null)).status).toBe(401);

    expect(await list()).toHaveLength(3);
    expect(await list(`?survey=${SLUG}`)).toEqual(expect.arrayContaining(['Headline by press', 'Headline by an admin']));
    expect(await list('?survey=pif-public')).toEqual(['Chart by a researcher']);
    expect(await list('?kind=chart')).toEqual(['Chart by a researcher']);
    expect(await list('?published=true')).toEqual([]);

    const published = await requestAs(ctx, 'POST', `/api/press/items/${headline.id}/publish`, researcher, { published: true });
    expect(published.status).toBe(200);
    expect(((await published.json()) as { item: PressItem }).item.published).toBe(true);
    expect(await list('?published=true')).toEqual(['Headline by press']);
    expect(await list('?published=0&kind=headline')).toEqual(['Headline by an admin']);

    const read = await requestAs(ctx, 'GET', `/api/press/items/${headline.id}`, admin);
    const readBody = (await read.json()) as { item: PressItem; live?: unknown };
    expect(readBody.item.published).toBe(true);
    expect(readBody.live).toBeUndefined();

    const unpublished = await requestAs(ctx, 'POST', `/api/press/items/${headline.id}/publish`, press, { published: false });
    expect(((await unpublished.json()) as { item: PressItem }).item.published).toBe(false);

    expect((await requestAs(ctx, 'DELETE', `/api/press/items/${headline.id}`, press)).status).toBe(204);
    expect((await requestAs(ctx, 'GET', `/api/press/items/${headline.id}`, press)).status).toBe(404);
    expect((await requestAs(ctx, 'DELETE', `/api/press/items/${headline.id}`, press)).status).toBe(404);

    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'subject', 'detail']).where('action', 'like', 'press.item_%').orderBy('occurred_at').execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      'press.item_saved',
      'press.item_saved',
      'press.item_saved',
      'press.item_published',
      'press.item_published',
      'press.item_deleted',
    ]);
    expect(audit.filter((entry) => entry.action === 'press.item_published').map((entry) => JSON.parse(entry.detail).published)).toEqual([true, false]);
    expect(audit.at(-1)!.subject).toBe(headline.id);
  });

  it('refuses bad filters and bodies with field messages, and saves nothing it cannot compute', async () => {
    const before = await countItems();
    const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { code: string; message: string; fields?: Record<string, string> }) => error);
    expect(await refusal(create(press, body(' ', 'headline')))).toMatchObject({ code: 'validation_failed', fields: { title: 'must not be empty' } });
    expect(await refusal(create(press, body('No figures', 'headline', SLUG, [])))).toMatchObject({ code: 'validation_failed', fields: { 'spec.queries': 'must name at least one figure' } });
    expect(await refusal(create(press, body('Bad', 'headline', SLUG, [TOP2, { ...TOP2, question: 'q_gone' }])))).toMatchObject({ code: 'not_found', message: expect.stringMatching(/no question "q_gone"/) });
    expect(await refusal(create(press, body('Bad', 'headline', 'no-such-survey')))).toMatchObject({ code: 'not_found', message: 'No survey "no-such-survey"' });
    expect(await countItems()).toBe(before);

    expect((await requestAs(ctx, 'GET', '/api/press/items?kind=poster', press)).status).toBe(400);
    expect((await requestAs(ctx, 'GET', '/api/press/items?published=maybe', press)).status).toBe(400);
    expect((await requestAs(ctx, 'GET', '/api/press/items?colour=red', press)).status).toBe(400);
    const item = await create(press, body('Publish me', 'headline'));
    const notBoolean = await requestAs(ctx, 'POST', `/api/press/items/${item.id}/publish`, press, { published: 'yes' });
    expect(notBoolean.status).toBe(400);
    expect(((await notBoolean.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ published: 'must be true or false' });
    expect((await requestAs(ctx, 'POST', `/api/press/items/${item.id}/publish`, press, {})).status).toBe(400);
    expect((await requestAs(ctx, 'GET', `/api/press/items/${item.id}`, press)).status).toBe(200);
    expect(((await (await requestAs(ctx, 'GET', `/api/press/items/${item.id}`, press)).json()) as { item: PressItem }).item.published).toBe(false);
  });

  it('adds the live comparison to one item on request', async () => {
    const item = await create(press, body('Compared', 'headline'));
    const res = await requestAs(ctx, 'GET', `/api/press/items/${item.id}?compare=1`, press);
    const { live } = (await res.json()) as { live: { moved: boolean; figures: { percentChange: number; baseChange: number; error: null }[] } };
    expect(live.moved).toBe(false);
    expect(live.figures).toEqual([expect.objectContaining({ percentChange: 0, baseChange: 0, error: null })]);
  });
  it('publishes only with a complete disclosure, or with a reason that goes into the audit log', async () => {
    const item = await create(press, body('Needs a disclosure', 'headline'));
    // With every response excluded the survey has no sample to disclose: publishing is refused.
    const responses = await ctx.database.db.selectFrom('responses').select('id').where('survey_slug', '=', SLUG).where('status', '=', 'complete').execute();
    const now = new Date().toISOString();
    await ctx.database.db
      .insertInto('response_exclusions')
      .values(responses.map((row) => ({ response_id: row.id, survey_slug: SLUG, reason: 'test', flag: null, excluded_at: now, excluded_by: null })))
      .execute();
    try {
      const refused = await requestAs(ctx, 'POST', `/api/press/items/${item.id}/publish`, press, { published: true });
      expect(refused.status).toBe(409);
      const error = ((await refused.json()) as { error: { code: string; fields: Record<string, string> } }).error;
      expect(error.code).toBe('disclosure_incomplete');
      expect(Object.keys(error.fields)).toEqual(['sampleSize']);
      expect(((await (await requestAs(ctx, 'GET', `/api/press/items/${item.id}`, press)).json()) as { item: PressItem }).item.published).toBe(false);

      // The page shows what is missing and a way to publish anyway.
      const page = await postForm(ctx.app, `/studio/press/items/${item.id}/publish`, { published: 'true' }, press);
      expect(page.status).toBe(409);
      const html = await page.text();
      expect(html).toContain('Not published: the disclosure is incomplete');
      expect(html).toContain('name="overrideReason"');

      const overridden = await requestAs(ctx, 'POST', `/api/press/items/${item.id}/publish`, press, { published: true, overrideReason: 'Embargoed release agreed with the client' });
      expect(overridden.status).toBe(200);
      const audit = await ctx.database.db.selectFrom('audit_log').select(['subject', 'detail']).where('action', '=', 'press.disclosure_overridden').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.detail)).toMatchObject({ reason: 'Embargoed release agreed with the client', missing: ['sampleSize'] });
      // Taking an item down is never blocked.
      expect((await requestAs(ctx, 'POST', `/api/press/items/${item.id}/publish`, press, { published: false })).status).toBe(200);
    } finally {
      await ctx.database.db.deleteFrom('response_exclusions').where('survey_slug', '=', SLUG).execute();
    }
  });
});
