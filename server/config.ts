import * as v from 'valibot';

/** The environment variables Attune reads; everything else in the process is ignored. */
const EnvSchema = v.object({
  PORT: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0), v.maxValue(65535)), '3000'),
  HOST: v.optional(v.string(), '0.0.0.0'),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (url) => url.startsWith('postgres://') || url.startsWith('postgresql://') || url.startsWith('sqlite:') || !url.includes('://'),
        'DATABASE_URL must be postgres://..., postgresql://..., sqlite:PATH or a file path',
      ),
    ),
    'sqlite:./data/attune.sqlite',
  ),
  SURVEYS_DIR: v.optional(v.string(), './surveys'),
  LOG_REQUESTS: v.optional(v.picklist(['0', '1']), '0'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string;
  surveysDir: string;
  logRequests: boolean;
}>;

/** Parses the environment once, failing fast with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = v.safeParse(EnvSchema, env);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? 'env'}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const out = result.output;
  return Object.freeze({
    port: out.PORT,
    host: out.HOST,
    databaseUrl: out.DATABASE_URL,
    surveysDir: out.SURVEYS_DIR,
    logRequests: out.LOG_REQUESTS === '1',
  });
}
