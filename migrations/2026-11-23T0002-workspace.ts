import type { Kysely } from 'kysely';

// Frozen: written once, never edited. The researcher workspace: accounts, sessions, API tokens,
// one-time links, the audit log, drafts, fieldwork settings, invitations, and what monitoring
// needs on respondent sessions and responses. Portable types only (text, integer).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('user_sessions')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('user_sessions_by_user').on('user_sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('prefix', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  // Setup links (first admin) and invitations to colleagues: single use, expiring.
  await db.schema
    .createTable('one_time_links')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text')
    .addColumn('created_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // Failed sign-ins, counted per IP and per username over a sliding window.
  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('login_failures_by_key').on('login_failures').columns(['key', 'occurred_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject', 'text')
    .addColumn('detail', 'text', (col) => col.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_by_time').on('audit_log').column('occurred_at').execute();

  // The one editable draft a survey may have; its definition may be invalid while being edited.
  await db.schema
    .createTable('survey_drafts')
    .addColumn('survey_slug', 'text', (col) => col.primaryKey())
    .addColumn('base_version', 'integer')
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .execute();

  // Fieldwork controls belong to the survey, not to a version: they change while versions do not.
  await db.schema
    .createTable('survey_settings')
    .addColumn('survey_slug', 'text', (col) => col.primaryKey())
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('target_sample', 'integer')
    .addColumn('public_results', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('invitation_only', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('quotas', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('redirects', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('survey_slug', 'text', (col) => col.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('used_at', 'text')
    .addColumn('response_id', 'text')
    .execute();
  await db.schema.createIndex('invitations_by_survey').on('invitations').column('survey_slug').execute();

  // Secrets generated on first run and kept in the database, so every server shares them.
  await db.schema
    .createTable('app_secrets')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema.alterTable('respondent_sessions').addColumn('panel_id', 'text').execute();
  await db.schema.alterTable('respondent_sessions').addColumn('invitation_id', 'text').execute();
  await db.schema.alterTable('respondent_sessions').addColumn('last_page_id', 'text').execute();
  await db.schema.alterTable('responses').addColumn('panel_id', 'text').execute();
  await db.schema.alterTable('responses').addColumn('invitation_id', 'text').execute();
  await db.schema.createIndex('responses_by_panel_id').on('responses').columns(['survey_slug', 'panel_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('responses_by_panel_id').execute();
  await db.schema.alterTable('responses').dropColumn('invitation_id').execute();
  await db.schema.alterTable('responses').dropColumn('panel_id').execute();
  await db.schema.alterTable('respondent_sessions').dropColumn('last_page_id').execute();
  await db.schema.alterTable('respondent_sessions').dropColumn('invitation_id').execute();
  await db.schema.alterTable('respondent_sessions').dropColumn('panel_id').execute();
  for (const table of [
    'app_secrets',
    'invitations',
    'survey_settings',
    'survey_drafts',
    'audit_log',
    'login_failures',
    'one_time_links',
    'api_tokens',
    'user_sessions',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
