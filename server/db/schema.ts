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
  source: 'web' | 'api' | 'demo';
  is_demo: Generated<number>;
  language: string;
  started_at: string | null;
  submitted_at: string;
}

export interface RespondentSessionsTable {
  token_hash: string;
  survey_slug: string;
  survey_version: number;
  submission_id: string;
  answers: string;
  language: string;
  status: 'in_progress' | 'complete' | 'screened_out';
  response_id: string | null;
  started_at: string;
  updated_at: string;
}

export interface Database {
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  responses: ResponsesTable;
  respondent_sessions: RespondentSessionsTable;
}

export type SurveyVersionRow = Selectable<SurveyVersionsTable>;
export type ResponseRow = Selectable<ResponsesTable>;
export type NewResponseRow = Insertable<ResponsesTable>;
export type RespondentSessionRow = Selectable<RespondentSessionsTable>;
