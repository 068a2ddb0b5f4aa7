import { vValidator } from '@hono/valibot-validator';
import type { ValidationTargets } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { AppError, errorBody, type FieldErrors } from './errors.ts';

/** Turns valibot issues into `fields`: one message per path (dot paths, e.g. `answers.q_role`). */
export function issuesAsFields(issues: readonly v.BaseIssue<unknown>[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = v.getDotPath(issue) ?? (issue.type === 'strict_object' ? 'body' : '');
    let message = issue.message;
    // A missing key and an unknown key are both strict_object issues; only an unknown one has a value.
    if (issue.kind === 'schema' && issue.input === undefined) message = 'is required';
    else if (issue.type === 'strict_object') message = 'unknown key';
    fields[key || 'body'] ??= message;
  }
  return fields;
}

/** Validates one part of a request at the edge with the shared error shape (400, `validation_failed`). */
export function validate<Target extends keyof ValidationTargets, Schema extends v.GenericSchema>(target: Target, schema: Schema) {
  return vValidator(target, schema, (result, c) => {
    if (!result.success) {
      return c.json(errorBody('validation_failed', `The request ${target} is not valid`, issuesAsFields(result.issues)), 400);
    }
  });
}

/** Refuses request bodies over `maxBytes` with a 413 (JSON or HTML, by the usual error handling).
 * A declared Content-Length is checked without touching the body: Hono's bodyLimit reads the raw
 * body stream, which makes the Node adapter build a full web Request for every request and cost
 * about a third of the submission throughput. Chunked bodies, which declare no length, are still
 * counted as they stream through bodyLimit. */
function limitRequestBody(maxBytes: number) {
  const tooLarge = (): never => {
    throw new AppError('payload_too_large', `Request bodies are limited to ${maxBytes / 1024} KB`);
  };
  const streamingLimit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return createMiddleware(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    // Node's HTTP parser never delivers more than the declared length, so the header can be trusted.
    if (declared !== undefined && /^\d+$/.test(declared)) return Number(declared) > maxBytes ? tooLarge() : next();
    return streamingLimit(c, next);
  });
}

/** A request that may carry a larger body than usual: its method, its path, and its allowance. */
export interface BodyAllowance {
  method: string;
  path: RegExp;
  maxBytes: number;
}

/** Limits every request body to the allowance of the first entry its method and path match, or to
 * `defaultMaxBytes`: one table of the uploads, so that a new one is a row, not another branch. */
export function limitRequestBodies(defaultMaxBytes: number, allowances: readonly BodyAllowance[]) {
  const limited = allowances.map((allowance) => ({ ...allowance, limit: limitRequestBody(allowance.maxBytes) }));
  const fallback = limitRequestBody(defaultMaxBytes);
  return createMiddleware((c, next) => {
    const match = limited.find((allowance) => allowance.method === c.req.method && allowance.path.test(c.req.path));
    return (match?.limit ?? fallback)(c, next);
  });
}
