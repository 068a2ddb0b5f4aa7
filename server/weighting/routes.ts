import { csvText } from '../exports/csv.ts';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole } from '../auth/middleware.ts';
import { loadDataset } from '../datasets/service.ts';
import { AppError } from '../errors.ts';
import { validate } from '../http.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import { isWeightingName, SchemeParamsSchema, WeightingParamsSchema, WeightsQuerySchema } from './schemas.ts';
import {
  applyWeightingScheme,
  checkWeightingScheme,
  deleteWeightingScheme,
  findWeightingScheme,
  listWeightingSchemes,
  problemsAsFields,
  saveWeightingScheme,
  type DatasetWeights,
  type WeightingScheme,
} from './service.ts';

type Ctx = Context<AppEnv>;

/** A scheme as the API shows it: its definition and where it is defined. */
function schemeJson(scheme: WeightingScheme) {
  return {
    name: scheme.name,
    ...(scheme.description !== undefined ? { description: scheme.description } : {}),
    source: scheme.source,
    variables: scheme.variables,
    ...(scheme.trim ? { trim: scheme.trim } : {}),
  };
}

/** The summary of a scheme's weights: Kish figures, raking outcome and each variable's margins. */
export function weightingSummaryJson(result: DatasetWeights) {
  const { summary, raking } = result;
  return {
    respondents: summary.n,
    efficiency: summary.efficiency,
    effectiveSampleSize: summary.effectiveSampleSize,
    designEffect: summary.designEffect,
    minWeight: summary.min,
    maxWeight: summary.max,
    iterations: raking.iterations,
    converged: raking.converged,
    maxMarginError: raking.maxMarginError,
    withoutValue: result.withoutValue,
    variables: result.variables.map((variable) => ({
      question: variable.question,
      text: variable.text.en,
      withoutValue: variable.withoutValue,
      categories: variable.categories.map((category) => ({
        code: category.code,
        label: category.label.en,
        respondents: category.unweightedCount,
        sampleShare: category.sampleShare,
        weightedShare: category.weightedShare,
        target: category.target,
      })),
    })),
  };
}

/** The scheme named in the address; an impossible name cannot exist, so it is a 404 like an unknown one. */
async function schemeOf(c: Ctx, slug: string, name: string): Promise<WeightingScheme> {
  if (!isWeightingName(name)) {
    await getLatestSurvey(c.var.db, slug); // an unknown survey is named as such
    throw new AppError('not_found', `Survey "${slug}" has no weighting scheme "${name}"`);
  }
  return findWeightingScheme(c.var.db, slug, name);
}

/** `/api/surveys/:slug/weightings…` and `/api/surveys/:slug/weights`: weighting schemes as JSON. */
export function weightingApiRoutes() {
  const app = new Hono<AppEnv>();
  const press = requireRole('press');
  const researcher = requireRole('researcher');
  const author = (c: Ctx) => ({ actor: c.var.identity, ip: clientIp(c) });

  app.get('/:slug/weightings', press, validate('param', WeightingParamsSchema), async (c) => {
    const { slug } = c.req.valid('param');
    const schemes = await listWeightingSchemes(c.var.db, slug);
    return c.json({ schemes: schemes.map(schemeJson) });
  });

  app.get('/:slug/weightings/:name', press, validate('param', SchemeParamsSchema), async (c) => {
    const { slug, name } = c.req.valid('param');
    const scheme = await schemeOf(c, slug, name);
    const dataset = await loadDataset(c.var.db, slug);
    // A scheme that cannot be applied yet (no responses, a target nobody meets) is still shown:
    // the failure is part of what the researcher needs to see, so it comes back as data here.
    try {
      return c.json({ scheme: schemeJson(scheme), summary: weightingSummaryJson(applyWeightingScheme(dataset, scheme)), failure: null });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'weighting_failed')) throw error;
      return c.json({ scheme: schemeJson(scheme), summary: null, failure: { code: error.code, message: error.message } });
    }
  });

  app.put('/:slug/weightings/:name', researcher, validate('param', SchemeParamsSchema), async (c) => {
    const { slug, name } = c.req.valid('param');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError('bad_request', 'The request body must be JSON: a weighting scheme definition');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError('invalid_request', 'The weighting scheme is not valid', { body: 'must be a JSON object: { description?, variables, trim? }' });
    }
    const given = body as Record<string, unknown>;
    if (given.name !== undefined && given.name !== name) {
      throw new AppError('invalid_request', 'The weighting scheme is not valid', { name: `must match the name in the address ("${name}"), or be left out` });
    }
    const check = await checkWeightingScheme(c.var.db, slug, { ...given, name });
    if (!check.ok) throw new AppError('invalid_request', `The weighting scheme "${name}" is not valid`, problemsAsFields(check.problems));
    const { created } = await saveWeightingScheme(c.var.db, slug, check.scheme, author(c));
    return c.json({ scheme: schemeJson({ ...check.scheme, source: 'workspace' }) }, created ? 201 : 200);
  });

  app.delete('/:slug/weightings/:name', researcher, validate('param', SchemeParamsSchema), async (c) => {
    const { slug, name } = c.req.valid('param');
    if (!isWeightingName(name)) await schemeOf(c, slug, name); // 404 with the usual message
    await deleteWeightingScheme(c.var.db, slug, name, author(c));
    return c.body(null, 204);
  });

  // Per-respondent weights identify responses, so they need the researcher role like the responses.
  app.get('/:slug/weights', researcher, validate('param', WeightingParamsSchema), validate('query', WeightsQuerySchema), async (c) => {
    const { slug } = c.req.valid('param');
    const { weighting, format } = c.req.valid('query');
    const scheme = await schemeOf(c, slug, weighting);
    const dataset = await loadDataset(c.var.db, slug);
    const result = applyWeightingScheme(dataset, scheme);
    c.header('cache-control', 'no-store');
    if (format === 'csv') {
      // Weights go in as numbers: csv-stringify writes the shortest text that reads back as the same double.
      const rows = [['submission_id', 'weight'], ...dataset.rows.map((row, i) => [row.submissionId, result.weights[i]!])];
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${slug}-weights-${weighting}.csv"`);
      return c.body(csvText(rows));
    }
    return c.json({
      weighting,
      summary: weightingSummaryJson(result),
      weights: dataset.rows.map((row, i) => ({ submissionId: row.submissionId, weight: result.weights[i]! })),
    });
  });

  return app;
}
