import { z } from 'zod';

/**
 * Environment parsing shared by every process. Each process declares the
 * variables it reads as a zod shape; `loadConfig` parses them once, reports
 * every problem at once and the process exits before it serves.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback).describe('TCP port (0 picks a free one)');

const boolFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .describe('true or false');

const optionalFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

const url = (description: string) => z.url({ message: `must be a URL (${description})` }).describe(description);

/** Building blocks for per-process config shapes. */
export const env = {
  port,
  boolFlag,
  optionalFlag,
  url,
  nodeEnv: z.enum(['development', 'production', 'test']).default('development').describe('development, production or test'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  host: z.string().min(1).default('0.0.0.0').describe('interface to bind'),
  dataDir: z.string().min(1).default('./.data').describe('folder for local data: embedded database, keys, blobs'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .describe('PostgreSQL connection URL, e.g. postgresql://user:pass@host:5432/bwenge'),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379')
    .describe('Redis URL, e.g. redis://127.0.0.1:6379'),
  jwksUrl: url('identity JWKS endpoint').default('http://127.0.0.1:4001/.well-known/jwks.json'),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback).describe('positive integer'),
};

/** Variables every service reads. */
export const serviceEnv = {
  NODE_ENV: env.nodeEnv,
  LOG_LEVEL: env.logLevel,
  HOST: env.host,
  BWENGE_DATA_DIR: env.dataDir,
  REDIS_URL: env.redisUrl,
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('bwenge').describe('prefix of every Redis key and queue (lets deployments share a Redis)'),
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ message: 'must be a URL' })
    .optional()
    .describe('OTLP/HTTP collector base URL, e.g. http://otel-collector:4318 (traces go to <url>/v1/traces); unset: no export'),
  OTEL_BSP_SCHEDULE_DELAY: env.positiveInt(5_000).describe('ms between batches of exported spans'),
};

/** Variables every subgraph reads, on top of serviceEnv. */
export const subgraphEnv = {
  ...serviceEnv,
  DATABASE_URL: env.databaseUrl,
  JWKS_URL: env.jwksUrl,
  DATABASE_POOL_SIZE: env.positiveInt(10),
};

export type ConfigShape = z.ZodRawShape;
export type ConfigOf<S extends ConfigShape> = z.infer<z.ZodObject<S>>;

/** Parses `source` against `shape`; throws ConfigError listing every bad or missing variable. */
export function loadConfig<S extends ConfigShape>(shape: S, source: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = source[key];
    input[key] = value === '' ? undefined : value;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '?');
    const expected = (shape[key] as z.ZodType | undefined)?.description;
    const missing = input[key] === undefined;
    const what = missing ? 'is required but not set' : `is invalid (${issue.message})`;
    return `${key} ${what}${expected ? `; expected: ${expected}` : ''}`;
  });
  throw new ConfigError(problems);
}
