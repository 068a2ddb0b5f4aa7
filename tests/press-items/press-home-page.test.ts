import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PressItem } from '../../server/press-items/service.ts';
import { formatUkDateTime } from '../../web/views/studio/format-time.ts';
import { createTestApp, ENGINES, postForm, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { postRespondents, RESPONDENTS, saveItem, SLUG } from './fixture.ts';

// The press studio's home over HTTP: saved items per survey with their frozen figures, the moved
// notice with the figures then and now, and the publish and delete forms (CSRF, post-redirect-get).

const TOP2 = { survey: SLUG, question: 'q_welcome_support', answer: { kind: 'net' as const, id: 'top2' } };
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ');

describe.each(ENGINES)('the press studio home (%s)', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  let headline: PressItem;
  let chart: PressItem;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    press = await signIn(ctx, 'press');
    await postRespondents(ctx, RESPONDENTS);
    const save = (payload: Parameters<typeof saveItem>[2]) => saveItem(ctx, press, payload);
    headline = await save({ surveySlug: SLUG, kind: 'headline', title: 'Parents would welcome support', spec: { queries: [TOP2], settings: {} } });
    chart = await save({
      surveySlug: SLUG,
      kind: 'chart',
      title: 'Support by gender',
      spec: { queries: [{ ...TOP2, filters: [{ question: 'q_gender', codes: ['1'] }] }, { ...TOP2, filters: [{ question: 'q_gender', codes: ['2'] }] }], settings: {} },
    });
  });
  afterAll(async () => {
    await ctx.database.drop();
  });

  const home = async (query = '') => {
    const res = await ctx.app.request(`/studio/press${query}`, { headers: press.headers });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('lists saved items per survey with their frozen figures and links', async () => {
    const html = await home();
    const page = text(html);
    expect(page).toContain('Connecting with your baby: a survey of parents');
    // 10 of 24 agree: 41.7%, shown whole.
    expect(page).toMatch(/Parents would welcome support Headline 42% Agree or strongly agree Base: 24/);
    // Women 6 of 12 (50%), men 4 of 12 (33.3%).
    expect(page).toMatch(/Support by gender Chart 50% Woman 33% Man/);
    expect(page).not.toContain('Figures have moved');
    expect(html).toContain(`href="/studio/press/headlines/${headline.id}"`);
    expect(html).toContain(`href="/studio/press/charts/${chart.id}"`);
    for (const href of ['/studio/press/headlines/new', '/studio/press/charts/new', '/studio/press/claims']) {
      expect(html).toContain(`href="${href}"`);
      expect((await ctx.app.request(href, { headers: press.headers })).status, href).toBe(200);
    }
    expect(page.match(/Not published/g)).toHaveLength(2);
    // The frozen column says how far the data went: the latest counted response when saved.
    const latest = await ctx.database.db.selectFrom('responses').select((eb) => eb.fn.max('submitted_at').as('at')).executeTakeFirstOrThrow();
    expect(html).toContain(`Data to ${formatUkDateTime(latest.at!)}`);
    const methodology = `/studio/press/surveys/${SLUG}/methodology`;
    expect(html).toContain(`href="${methodology}"`);
    expect((await ctx.app.request(methodology, { headers: press.headers })).status).toBe(200);
  });

  it('says when the live figures have moved, then and now', async () => {
    await postRespondents(ctx, [
      { gender: '2', age: '3', welcome: '5', cry: '5' },
      { gender: '2', age: '3', welcome: '5', cry: '5' },
    ]);
    const page = text(await home());
    // Everyone: 12 of 26 = 46.2% now; men: 6 of 14 = 42.9% now; women unchanged.
    expect(page).toContain('Figures have moved since this was saved: 42% then, 46% now; base 24 then, 26 now.');
    expect(page).toContain('Man: 33% then, 43% now; base 12 then, 14 now');
    expect(page).not.toContain('Woman: 50% then');
    expect(page).toContain('2 of the saved items have figures that have moved since saving.');
  });

  it('publishes and unpublishes through a form with post-redirect-get', async () => {
    const refused = await ctx.app.request(`/studio/press/items/${headline.id}/publish`, {
      method: 'POST',
      headers: { ...press.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'published=true',
    });
    expect(refused.status).toBe(403);

    const res = await postForm(ctx.app, `/studio/press/items/${headline.id}/publish`, { published: 'true' }, press);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/studio/press?done=published#item-${headline.id}`);
    const page = text(await home('?done=published'));
    expect(page).toContain('Published: it now shows');
    expect(page).toMatch(/Parents would welcome support Headline .* Published Unpublish “Parents would welcome support”/);

    const back = await postForm(ctx.app, `/studio/press/items/${headline.id}/publish`, { published: 'false' }, press);
    expect(back.headers.get('location')).toBe(`/studio/press?done=unpublished#item-${headline.id}`);
    const bad = await postForm(ctx.app, `/studio/press/items/${headline.id}/publish`, { published: 'maybe' }, press);
    expect(bad.status).toBe(400);
  });

  it('asks before deleting, then deletes', async () => {
    const confirm = await ctx.app.request(`/studio/press/items/${chart.id}/delete`, { headers: press.headers });
    expect(confirm.status).toBe(200);
    expect(text(await confirm.text())).toContain('Delete “Support by gender”?');
    const res = await postForm(ctx.app, `/studio/press/items/${chart.id}/delete`, {}, press);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/studio/press?done=deleted');
    const page = text(await home('?done=deleted'));
    expect(page).toContain('Deleted.');
    expect(page).not.toContain('Support by gender');
    expect((await ctx.app.request(`/studio/press/items/${chart.id}/delete`, { headers: press.headers })).status).toBe(404);
  });

  it('sends visitors without a session to sign in', async () => {
    const res = await ctx.app.request('/studio/press');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fstudio%2Fpress');
  });
});
