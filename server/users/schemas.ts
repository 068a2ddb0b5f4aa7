import * as v from 'valibot';
import { EmailSchema, RoleSchema } from '../auth/schemas.ts';

export const InviteFormSchema = v.object({ email: EmailSchema, role: v.pipe(v.optional(v.string(), ''), RoleSchema) });
export type InviteFormOutput = v.InferOutput<typeof InviteFormSchema>;

export const RoleFormSchema = v.object({ role: v.pipe(v.optional(v.string(), ''), RoleSchema) });

/** A user id in a path: a UUID. */
export const UserIdSchema = v.pipe(v.string(), v.uuid());
