import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error code a client can see; the HTTP status follows from the code. */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_answers'
  | 'survey_invalid'
  | 'survey_conflict'
  | 'survey_closed'
  | 'invalid_request'
  | 'weighting_failed'
  | 'import_invalid'
  | 'disclosure_incomplete'
  | 'internal_error';

const statusByCode: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_answers: 422,
  survey_invalid: 422,
  survey_conflict: 409,
  survey_closed: 409,
  /** Well formed, but breaks a rule of the domain (a weighting scheme's targets, a missing reason). */
  invalid_request: 422,
  weighting_failed: 422,
  import_invalid: 422,
  disclosure_incomplete: 409,
  internal_error: 500,
};

/** A problem field by field: the key is a path such as `q_role` or `pages[1].questions[0].id`. */
export type FieldErrors = Record<string, string>;

/** The one error type thrown by services and routes; `app.onError` turns it into the shared JSON shape. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (fields && Object.keys(fields).length > 0) this.fields = fields;
  }

  get status(): ContentfulStatusCode {
    return statusByCode[this.code];
  }
}

/** The body of every error response: `{ error: { code, message, fields? } }`. */
export function errorBody(code: ErrorCode, message: string, fields?: FieldErrors) {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/** Answers a JSON error in the shared shape. */
export function jsonError(c: Context, error: AppError) {
  return c.json(errorBody(error.code, error.message, error.fields), error.status);
}
