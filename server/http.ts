import { vValidator } from '@hono/valibot-validator';
import type { ValidationTargets } from 'hono';
import * as v from 'valibot';
import { errorBody, type FieldErrors } from './errors.ts';

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
