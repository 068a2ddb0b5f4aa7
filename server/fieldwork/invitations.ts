import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/service.ts';
import { secretsEqual } from '../auth/tokens.ts';
import type { Database } from '../db/schema.ts';
import * as queries from './queries.ts';
import type { ChangeAuthor } from './service.ts';

// Single-use invitation links: /s/:slug?invite=<id>.<signature>. The signature is an HMAC-SHA256 of
// the survey and the id under a key generated on first use and kept in app_secrets, so a link
// cannot be guessed or moved to another survey, and every server sharing the database accepts it.
// The link is the respondent's key: opening it again before finishing resumes the same answers,
// in any browser; finishing (complete, screened out or quota full) uses it up.

const KEY_NAME = 'invitation_key';

/** The invitation signing key, created the first time it is needed. */
export async function getInvitationKey(db: Kysely<Database>): Promise<string> {
  const existing = await queries.findAppSecret(db, KEY_NAME);
  if (existing) return existing;
  await queries.insertAppSecretIfMissing(db, KEY_NAME, randomBytes(32).toString('base64url'), new Date().toISOString());
  const stored = await queries.findAppSecret(db, KEY_NAME);
  if (!stored) throw new Error('The invitation key could not be stored');
  return stored;
}

function signatureOf(key: string, slug: string, id: string): string {
  return createHmac('sha256', key).update(`${slug}\n${id}`).digest('base64url');
}

/** The `invite` parameter of an invitation's link. */
export function invitationToken(key: string, slug: string, id: string): string {
  return `${id}.${signatureOf(key, slug, id)}`;
}

/** The full link a respondent follows. */
export function invitationLink(origin: string, key: string, slug: string, id: string): string {
  return `${origin}/s/${slug}?invite=${invitationToken(key, slug, id)}`;
}

export interface Invitation {
  id: string;
  label: string | null;
  createdAt: string;
  usedAt: string | null;
  responseId: string | null;
}

const toInvitation = (row: { id: string; label: string | null; created_at: string; used_at: string | null; response_id: string | null }): Invitation => ({
  id: row.id,
  label: row.label,
  createdAt: row.created_at,
  usedAt: row.used_at,
  responseId: row.response_id,
});

export type InvitationCheck =
  | { kind: 'valid'; invitation: Invitation }
  | { kind: 'used'; invitation: Invitation }
  | { kind: 'invalid' };

/** Checks an `invite` parameter: well formed, signed with our key for this survey, and known. */
export async function checkInvitationToken(db: Kysely<Database>, slug: string, token: string): Promise<InvitationCheck> {
  const match = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { kind: 'invalid' };
  const [, id, signature] = match as unknown as [string, string, string];
  const key = await getInvitationKey(db);
  if (!secretsEqual(signatureOf(key, slug, id), signature)) return { kind: 'invalid' };
  const row = await queries.findInvitation(db, slug, id);
  if (!row) return { kind: 'invalid' };
  const invitation = toInvitation(row);
  return invitation.usedAt ? { kind: 'used', invitation } : { kind: 'valid', invitation };
}

/** Creates invitations, one per label (null for an unlabelled link), and logs how many. */
export async function createInvitations(db: Kysely<Database>, slug: string, labels: (string | null)[], author: ChangeAuthor & { userId: string | null }): Promise<Invitation[]> {
  const now = new Date().toISOString();
  const rows = labels.map((label) => ({
    id: randomBytes(16).toString('base64url'),
    survey_slug: slug,
    label,
    created_at: now,
    created_by: author.userId,
    used_at: null,
    response_id: null,
  }));
  await db.transaction().execute(async (trx) => {
    await queries.insertInvitations(trx, rows);
    await recordAudit(trx, {
      actor: author.actor,
      action: 'invitations.created',
      subject: slug,
      detail: { count: rows.length, labelled: labels.filter((l) => l !== null).length },
      ip: author.ip,
    });
  });
  return rows.map(toInvitation);
}

/** A survey's invitations, oldest first. */
export async function listInvitations(db: Kysely<Database>, slug: string): Promise<Invitation[]> {
  return (await queries.listInvitations(db, slug)).map(toInvitation);
}

/** Marks an invitation used up by a finished session (its response, if one was recorded). */
export async function useInvitation(db: Kysely<Database>, id: string, responseId: string | null): Promise<void> {
  await queries.markInvitationUsed(db, id, responseId, new Date().toISOString());
}
