import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { assertOpenForSubmission } from '../fieldwork/service.ts';
import { validate } from '../http.ts';
import type { AnswerValue } from '../surveys/model.ts';
import { SlugSchema } from '../surveys/schema.ts';
import { recordSubmission } from './service.ts';

/** The body of `POST /api/surveys/:slug/responses`. Unknown keys are refused. */
export const SubmissionBodySchema = v.strictObject({
  submissionId: v.pipe(v.string(), v.uuid('must be a UUID')),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  // Each answer's type is checked against its question by answer-rules, which answers 422 per question.
  answers: v.record(v.string(), v.custom<AnswerValue>(() => true)),
  language: v.optional(v.picklist(['en', 'cy'])),
  startedAt: v.optional(v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'))),
});

/** Submitting responses through the JSON API (public, like the respondent pages). */
export function responseApiRoutes() {
  return new Hono<AppEnv>().post(
    '/:slug/responses',
    validate('param', v.object({ slug: SlugSchema })),
    validate('json', SubmissionBodySchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      const body = c.req.valid('json');
      // Fieldwork dates, target sample and invitation-only apply here as on the respondent pages.
      await assertOpenForSubmission(c.var.db, slug, body, { anonymous: c.var.identity === null });
      const recorded = await recordSubmission(c.var, slug, body, { source: 'api' });
      return c.json(
        { id: recorded.id, reference: recorded.reference, status: recorded.status },
        recorded.created ? 201 : 200,
      );
    },
  );
}
