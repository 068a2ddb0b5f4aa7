import type { Generated, Insertable, Selectable } from 'kysely';

// Timestamps are ISO-8601 UTC strings and booleans are 0/1 integers so that SQLite and PostgreSQL
// return exactly the same values through the same queries; JSON documents are stored as text.

export interface SurveysTable {
  slug: string;
  created_at: string;
}

export interface SurveyVersionsTable {
  survey_slug: string;
  version: number;
  definition: string;
  content_hash: string;
  published_at: string;
}

export interface ResponsesTable {
  id: string;
  submission_id: string;
  payload_hash: string;
  survey_slug: string;
  survey_version: number;
  status: 'complete' | 'screened_out';
  answers: string;
  reference: string;
  /** 'import': delivered by a polling company as a file and loaded with `attune responses import`. */
  source: 'web' | 'api' | 'demo' | 'import';
  is_demo: Generated<number>;
  language: string;
  started_at: string | null;
  submitted_at: string;
  /** The respondent id a panel company passed in the link (`?pid=`). */
  panel_id: string | null;
  invitation_id: string | null;
}

export interface RespondentSessionsTable {
  token_hash: string;
  survey_slug: string;
  survey_version: number;
  submission_id: string;
  answers: string;
  language: string;
  status: 'in_progress' | 'complete' | 'screened_out' | 'quota_full';
  response_id: string | null;
  started_at: string;
  updated_at: string;
  panel_id: string | null;
  invitation_id: string | null;
  /** The last page the respondent saved, for drop-off reporting. */
  last_page_id: string | null;
}

export type Role = 'admin' | 'researcher' | 'press';

export interface UsersTable {
  id: string;
  /** Lower-cased; the sign-in name. */
  email: string;
  name: string;
  role: Role;
  /** argon2id; null until an invited user sets a password. */
  password_hash: string | null;
  status: 'active' | 'deactivated';
  created_at: string;
  updated_at: string;
}

export interface UserSessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute timeout; the idle timeout is counted from last_seen_at. */
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The first characters of the token, shown so a user can tell tokens apart. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OneTimeLinksTable {
  token_hash: string;
  purpose: 'setup' | 'invite';
  email: string | null;
  role: Role | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  key: string;
  occurred_at: string;
}

export interface AuditLogTable {
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  /** Who acted, as shown in the log even after the user is gone: an email, "system" or "cli". */
  actor_label: string;
  action: string;
  subject: string | null;
  /** JSON object with the specifics of the action. */
  detail: string;
  ip: string | null;
}

export interface SurveyDraftsTable {
  survey_slug: string;
  base_version: number | null;
  definition: string;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface SurveySettingsTable {
  survey_slug: string;
  opens_at: string | null;
  closes_at: string | null;
  target_sample: number | null;
  public_results: Generated<number>;
  invitation_only: Generated<number>;
  /** JSON array of quota definitions. */
  quotas: Generated<string>;
  /** JSON object of panel redirect URLs: complete, screenOut, quotaFull. */
  redirects: Generated<string>;
  updated_at: string;
}

export interface InvitationsTable {
  id: string;
  survey_slug: string;
  label: string | null;
  created_at: string;
  created_by: string | null;
  used_at: string | null;
  response_id: string | null;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

/** What the latest import into a survey's draft could not carry over (JSON of an ImportReport). */
export interface SurveyImportReportsTable {
  survey_slug: string;
  file_name: string;
  format: 'json' | 'xlsform';
  report: string;
  imported_at: string;
  imported_by: string | null;
}

/** A weighting scheme saved in the workspace or through the API (JSON of a WeightingSchemeDefinition). */
export interface WeightingSchemesTable {
  survey_slug: string;
  name: string;
  definition: string;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

/** A response left out of results while cleaning; restoring deletes the row. */
export interface ResponseExclusionsTable {
  response_id: string;
  survey_slug: string;
  reason: string;
  /** The cleaning flag behind an exclusion made by flag ('speeder', 'straight_liner', 'duplicate_panel_id'), else null. */
  flag: string | null;
  excluded_at: string;
  excluded_by: string | null;
}

/** A saved headline or chart: its spec and its figures frozen when saved (JSON). */
export interface PressItemsTable {
  id: string;
  survey_slug: string;
  kind: 'headline' | 'chart';
  title: string;
  spec: string;
  frozen: string;
  frozen_at: string;
  published: Generated<number>;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** A survey's answers to the disclosure checklist items the survey file cannot give (JSON). */
export interface SurveyDisclosuresTable {
  survey_slug: string;
  answers: string;
  updated_at: string;
  updated_by: string | null;
}

/** An organisation's chart colours (JSON array of hex) and logo (base64) for press charts. */
export interface OrganisationBrandsTable {
  organisation: string;
  colours: string;
  logo: string | null;
  logo_media_type: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface Database {
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  responses: ResponsesTable;
  respondent_sessions: RespondentSessionsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  api_tokens: ApiTokensTable;
  one_time_links: OneTimeLinksTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  survey_drafts: SurveyDraftsTable;
  survey_settings: SurveySettingsTable;
  invitations: InvitationsTable;
  app_secrets: AppSecretsTable;
  survey_import_reports: SurveyImportReportsTable;
  weighting_schemes: WeightingSchemesTable;
  response_exclusions: ResponseExclusionsTable;
  press_items: PressItemsTable;
  survey_disclosures: SurveyDisclosuresTable;
  organisation_brands: OrganisationBrandsTable;
}

export type SurveyVersionRow = Selectable<SurveyVersionsTable>;
export type ResponseRow = Selectable<ResponsesTable>;
export type NewResponseRow = Insertable<ResponsesTable>;
export type RespondentSessionRow = Selectable<RespondentSessionsTable>;
export type UserRow = Selectable<UsersTable>;
