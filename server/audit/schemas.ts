import * as v from 'valibot';

/** The audit page's filters; anything unusable reads as "no filter" rather than an error page. */
export const AuditQuerySchema = v.object({
  action: v.fallback(v.optional(v.pipe(v.string(), v.regex(/^[a-z_.]{1,60}$/))), undefined),
  user: v.fallback(v.optional(v.pipe(v.string(), v.uuid())), undefined),
  page: v.fallback(v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,6}$/), v.toNumber())), undefined),
});
