import * as v from 'valibot';
import type { FieldErrors } from '../errors.ts';

// The account forms: sign-in, first-run setup, accepting an invitation. Messages are written for
// the person filling in the form (GOV.UK style), since they are shown beside the field.

/** A form field as posted: absent fields read as empty text. */
const text = () => v.optional(v.string(), '');

/** An email address, trimmed and lower-cased: the sign-in name. */
export const EmailSchema = v.pipe(
  text(),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty('Enter an email address'),
  v.maxLength(254, 'Email address must be 254 characters or fewer'),
  v.email('Enter an email address in the correct format, like name@example.org'),
);

/** A person's name as shown in the workspace and the audit log. */
export const NameSchema = v.pipe(text(), v.trim(), v.nonEmpty('Enter a name'), v.maxLength(100, 'Name must be 100 characters or fewer'));

export const RoleSchema = v.picklist(['admin', 'researcher', 'press'], 'Choose a role');

export const LoginFormSchema = v.object({
  email: v.pipe(text(), v.trim(), v.nonEmpty('Enter your email address'), v.maxLength(254, 'Email address must be 254 characters or fewer')),
  password: v.pipe(text(), v.nonEmpty('Enter your password')),
  next: text(),
});
export type LoginFormOutput = v.InferOutput<typeof LoginFormSchema>;

export const SetupFormSchema = v.object({ name: NameSchema, email: EmailSchema, password: text(), confirm: text() });
export type SetupFormOutput = v.InferOutput<typeof SetupFormSchema>;

export const AcceptInviteFormSchema = v.object({ name: NameSchema, password: text(), confirm: text() });
export type AcceptInviteFormOutput = v.InferOutput<typeof AcceptInviteFormSchema>;

/** Parses a posted form, giving the first message for each field that is wrong. */
export function parseForm<Schema extends v.GenericSchema>(
  schema: Schema,
  input: unknown,
): { ok: true; output: v.InferOutput<Schema> } | { ok: false; errors: FieldErrors } {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, output: result.output };
  const errors: FieldErrors = {};
  for (const issue of result.issues) errors[v.getDotPath(issue) ?? 'form'] ??= issue.message;
  return { ok: false, errors };
}

/** The raw text of each posted field, for re-showing a form exactly as it was typed (never passwords). */
export function typedValues(body: Record<string, unknown>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, typeof body[name] === 'string' ? (body[name] as string) : '']));
}
