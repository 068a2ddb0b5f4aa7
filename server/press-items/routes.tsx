import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { PressHomePage, type PressHomeSurvey } from '../../web/views/studio/press/press-home-page.tsx';
import { PressItemDeletePage } from '../../web/views/studio/press/press-item-delete-page.tsx';
import type { AppEnv } from '../app.ts';
import { requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError } from '../errors.ts';
import { validate } from '../http.ts';
import { localise } from '../surveys/model.ts';
import { listSurveys } from '../surveys/service.ts';
import { assertPublishable } from '../methodology/service.ts';
import { computeFigure, createFigureCache } from './figures.ts';
import {
  FigureQuerySchema,
  PressItemListQuerySchema,
  PressItemParamsSchema,
  PressItemQuerySchema,
  PublishBodySchema,
  PublishFormSchema,
} from './schemas.ts';
import {
  compareWithLive,
  deletePressItem,
  getPressItem,
  listPressItems,
  setPressItemPublished,
  type LiveComparison,
  type PressItem,
} from './service.ts';

type Ctx = Context<AppEnv>;

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;
const HOME = '/studio/press';

/** The signed-in actor; requireRole guarantees one. */
const actorOf = (c: Ctx) => {
  const identity = c.var.identity;
  if (!identity) throw new AppError('unauthorized', 'Sign in first');
  return identity;
};

/** `/api/press/…`: saved headlines and charts with their frozen figures, and one-off figures, as JSON.
 * Press officers, researchers and admins alike. Items are created by the headline and chart studios
 * (their pages and APIs check the settings their pages need), not here. */
export function pressItemApiRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');

  app.post('/figure', press, validate('json', FigureQuerySchema), async (c) => c.json(await computeFigure(c.var.db, c.req.valid('json'))));

  app.get('/items', press, validate('query', PressItemListQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const items = await listPressItems(c.var.db, {
      ...(query.survey !== undefined ? { surveySlug: query.survey } : {}),
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(query.published !== undefined ? { published: query.published } : {}),
    });
    return c.json({ items });
  });

  app.get('/items/:id', press, validate('param', PressItemParamsSchema), validate('query', PressItemQuerySchema), async (c) => {
    const item = await getPressItem(c.var.db, c.req.valid('param').id);
    if (!c.req.valid('query').compare) return c.json({ item });
    return c.json({ item, live: await compareWithLive(c.var.db, item) });
  });

  app.delete('/items/:id', press, validate('param', PressItemParamsSchema), async (c) => {
    await deletePressItem(c.var.db, c.req.valid('param').id, actorOf(c));
    return c.body(null, 204);
  });

  app.post('/items/:id/publish', press, validate('param', PressItemParamsSchema), validate('json', PublishBodySchema), async (c) => {
    const body = c.req.valid('json');
    const item = await publishItem(c, c.req.valid('param').id, body.published, body.overrideReason);
    return c.json({ item });
  });
  return app;
}

/** Publishing puts an item on the public results page, so it is a publication: the survey's British
 * Polling Council disclosure must be complete, or the press officer gives a reason (audited). Taking
 * an item down is never blocked. */
async function publishItem(c: Ctx, id: string, published: boolean, overrideReason: string | undefined): Promise<PressItem> {
  const actor = actorOf(c);
  if (published) {
    const item = await getPressItem(c.var.db, id);
    await assertPublishable(c.var.db, item.surveySlug, { what: `publishing ${item.kind} "${item.title}" on the public results page`, overrideReason: overrideReason ?? null, actor });
  }
  return setPressItemPublished(c.var.db, id, published, actor);
}

const NOTICES: Record<string, string> = {
  published: 'Published: it now shows on the survey’s public results page when that page is switched on.',
  unpublished: 'Unpublished: it no longer shows on the public results page.',
  deleted: 'Deleted.',
};

/** Every saved item grouped by survey, each compared with the live figures. One figure cache serves the
 * whole page, so each survey and setting is loaded once however many items and figures use it. */
async function gatherHome(c: Ctx): Promise<PressHomeSurvey[]> {
  const db = c.var.db;
  const [items, surveys] = await Promise.all([listPressItems(db), listSurveys(db)]);
  const titles = new Map(surveys.map((survey) => [survey.slug, localise(survey.definition.title, 'en')]));
  const cache = createFigureCache();
  const compared: { item: PressItem; live: LiveComparison }[] = [];
  for (const item of items) compared.push({ item, live: await compareWithLive(db, item, cache) });
  const bySurvey = new Map<string, PressHomeSurvey>();
  for (const entry of compared) {
    const slug = entry.item.surveySlug;
    const group = bySurvey.get(slug) ?? { slug, title: titles.get(slug) ?? slug, items: [] };
    group.items.push(entry);
    bySurvey.set(slug, group);
  }
  return [...bySurvey.values()].sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
}

function itemIdOf(c: Ctx): string {
  const parsed = v.safeParse(PressItemParamsSchema, c.req.param());
  if (!parsed.success) throw new AppError('not_found', 'No such press item');
  return parsed.output.id;
}

/** `/studio/press`: the press studio's home with every saved headline and chart, and its publish and
 * delete forms (post, redirect, get). */
export function pressHomeRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');

  app.get('/', press, async (c) => {
    const notice = NOTICES[c.req.query('done') ?? ''];
    return c.html(doctype(<PressHomePage viewer={viewerOf(c)} surveys={await gatherHome(c)} notice={notice} />));
  });

  app.post('/items/:id/publish', press, async (c) => {
    const id = itemIdOf(c);
    const data = await c.req.formData();
    const form = v.safeParse(PublishFormSchema, { published: data.get('published') ?? undefined, overrideReason: data.get('overrideReason') ?? undefined });
    if (!form.success) throw new AppError('bad_request', 'The publish form must say published=true or published=false');
    try {
      await publishItem(c, id, form.output.published, form.output.overrideReason);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'disclosure_incomplete') throw error;
      // Show what is missing beside the item, with a way to publish anyway for a stated reason.
      const blocked = { itemId: id, message: error.message, missing: Object.values(error.fields ?? {}) };
      return c.html(doctype(<PressHomePage viewer={viewerOf(c)} surveys={await gatherHome(c)} blocked={blocked} />), 409);
    }
    return c.redirect(`${HOME}?done=${form.output.published ? 'published' : 'unpublished'}#item-${id}`, 303);
  });

  app.get('/items/:id/delete', press, async (c) => {
    const item = await getPressItem(c.var.db, itemIdOf(c));
    return c.html(doctype(<PressItemDeletePage viewer={viewerOf(c)} item={item} />));
  });

  app.post('/items/:id/delete', press, async (c) => {
    await deletePressItem(c.var.db, itemIdOf(c), actorOf(c));
    return c.redirect(`${HOME}?done=deleted`, 303);
  });
  return app;
}
