import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Identity } from '../auth/identity.ts';
import { hashSecretToken, newSecretToken } from '../auth/tokens.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import * as queries from './queries.ts';

// API tokens let scripts call the JSON API as the user who made them, with that user's role (so a
// role change or deactivation applies to the tokens at once). The secret is shown once; only its
// SHA-256 hash and a short prefix, to tell tokens apart, are kept.

/** Every token starts with this, so a leaked one is easy to recognise (and to scan for). */
export const TOKEN_PREFIX = 'att_';
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export interface ApiTokenSummary {
  id: string;
  name: string;
  /** The first characters of the token, e.g. `att_Q3xk9f`. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A user's own tokens, newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: string): Promise<ApiTokenSummary[]> {
  return (await queries.listApiTokensOfUser(db, userId)).map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

/** Creates a token for the signed-in user and returns its secret, which is never available again. */
export async function createApiToken(db: Kysely<Database>, actor: Identity, name: string, ip: string): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = `${TOKEN_PREFIX}${newSecretToken().token}`;
  const summary: ApiTokenSummary = {
    id: randomUUID(),
    name,
    prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.transaction().execute(async (trx) => {
    await queries.insertApiToken(trx, {
      id: summary.id,
      user_id: actor.user.id,
      name,
      token_hash: hashSecretToken(token),
      prefix: summary.prefix,
      created_at: summary.createdAt,
      last_used_at: null,
      revoked_at: null,
    });
    await recordAudit(trx, { actor, action: 'token.created', subject: `${name} (${summary.prefix}…)`, detail: { tokenId: summary.id }, ip });
  });
  return { token, summary };
}

/** Revokes one of the signed-in user's own tokens; another user's token is not found. */
export async function revokeApiToken(db: Kysely<Database>, actor: Identity, tokenId: string, ip: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await queries.findApiTokenOfUser(trx, actor.user.id, tokenId);
    if (!row) throw new AppError('not_found', 'You have no such API token');
    if (row.revoked_at !== null) return row.name;
    await queries.revokeApiTokenRow(trx, row.id, new Date().toISOString());
    await recordAudit(trx, { actor, action: 'token.revoked', subject: `${row.name} (${row.prefix}…)`, detail: { tokenId: row.id }, ip });
    return row.name;
  });
}
