import * as v from 'valibot';

export const TokenFormSchema = v.object({
  name: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.nonEmpty('Enter a name that says what the token is for, like "weekly export script"'),
    v.maxLength(100, 'Name must be 100 characters or fewer'),
  ),
});

export const TokenIdSchema = v.pipe(v.string(), v.uuid());
