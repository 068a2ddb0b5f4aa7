import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { parseForm, typedValues } from '../auth/schemas.ts';
import { AppError } from '../errors.ts';
import { TokensPage, type TokensPageProps } from '../../web/views/studio/tokens-page.tsx';
import { TokenFormSchema, TokenIdSchema } from './schemas.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

async function renderTokens(c: Context<AppEnv>, extra: Omit<TokensPageProps, 'viewer' | 'tokens'> = {}, status: 200 | 201 | 422 = 200) {
  const viewer = viewerOf(c);
  const tokens = await listApiTokens(c.var.db, viewer.id);
  return c.html(doctype(<TokensPage viewer={viewer} tokens={tokens} {...extra} />), status);
}

/** `/studio/tokens`: any signed-in user manages their own API tokens. */
export function apiTokenRoutes() {
  const app = new Hono<AppEnv>();
  const signedIn = requireRole('press');

  app.get('/', signedIn, (c) => renderTokens(c, { notice: c.req.query('done') === 'revoked' ? 'The token has been revoked.' : undefined }));

  app.post('/', signedIn, async (c) => {
    const values = typedValues(await c.req.parseBody(), ['name']);
    const parsed = parseForm(TokenFormSchema, values);
    if (!parsed.ok) return renderTokens(c, { form: { values, errors: parsed.errors } }, 422);
    const { token } = await createApiToken(c.var.db, c.var.identity!, parsed.output.name, clientIp(c));
    // The secret is in this response only: no caching anywhere.
    c.header('cache-control', 'no-store');
    return renderTokens(c, { created: { name: parsed.output.name, token } }, 201);
  });

  app.post('/:id/revoke', signedIn, async (c) => {
    const id = v.safeParse(TokenIdSchema, c.req.param('id'));
    if (!id.success) throw new AppError('not_found', 'You have no such API token');
    await revokeApiToken(c.var.db, c.var.identity!, id.output, clientIp(c));
    return c.redirect('/studio/tokens?done=revoked', 303);
  });

  return app;
}
