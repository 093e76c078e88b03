import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  K8S_PROCESSES,
  ROOT,
  entryExists,
  envExample,
  envShapeOf,
  knownVarNames,
  loadCompose,
  missingConfigReason,
  requiredVars,
  sourceOfEntry,
} from './manifests.js';

const compose = loadCompose();
const dotenv = envExample();
const APP_SERVICES = K8S_PROCESSES.map((p) => p.name);

test('docker-compose.yml runs postgres 15, redis 7 without eviction, weaviate without vectorizers, the migration and every process', () => {
  const { services, volumes } = compose;
  expect(services.postgres.image).toMatch(/^postgres:15/);
  expect(services.redis.image).toMatch(/^redis:7/);
  expect(services.redis.command.join(' ')).toContain('--maxmemory-policy noeviction');
  expect(services.weaviate.environment).toMatchObject({ DEFAULT_VECTORIZER_MODULE: 'none', ENABLE_MODULES: '' });
  expect(services.migrate.command).toEqual(['node', 'dist/scripts/migrate.js']);
  expect(Object.keys(services).sort()).toEqual(['migrate', 'postgres', 'redis', 'weaviate', ...APP_SERVICES].sort());
  expect(Object.keys(volumes)).toEqual(expect.arrayContaining(['pgdata', 'redisdata', 'weaviatedata', 'blobs']));
});

describe.each(K8S_PROCESSES.map((p) => [p.name, p] as const))('compose service %s', (name, p) => {
  const service = compose.services[name];

  const checkEntry = entryExists(p.entry) ? test : test.skip;
  checkEntry(`runs ${p.entry}, whose source ${sourceOfEntry(p.entry)} exists${entryExists(p.entry) ? '' : ' — skipped: not in this checkout yet'}`, () => {
    expect(service.command).toEqual(['node', p.entry]);
  });

  test(`listens on ${p.port} (${p.portVar}) with a healthcheck through scripts/healthcheck`, () => {
    expect(service.environment[p.portVar]).toBe(String(p.port));
    expect(service.healthcheck.test).toEqual(['CMD', 'node', 'dist/scripts/healthcheck.js']);
    expect(existsSync(path.join(ROOT, 'scripts', 'healthcheck.ts'))).toBe(true);
  });

  test('starts after the migration succeeded and Redis is healthy; every dependency waits on a condition', () => {
    expect(service.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    expect(service.depends_on.redis).toEqual({ condition: 'service_healthy' });
    for (const dependency of Object.values(service.depends_on) as { condition: string }[]) {
      expect(['service_healthy', 'service_completed_successfully']).toContain(dependency.condition);
    }
    expect(service.env_file).toBe('.env');
  });

  const shape = envShapeOf(p);
  const checkEnv = shape ? test : test.skip;
  checkEnv(shape ? 'sets only variables its envShape knows, and .env.example + environment provide every required one' : missingConfigReason(p), () => {
    const known = new Set(Object.keys(shape!));
    expect(Object.keys(service.environment).filter((key) => !known.has(key))).toEqual([]);
    const provided = new Set([...Object.keys(service.environment), ...[...dotenv].filter(([, value]) => value !== '').map(([key]) => key)]);
    expect(requiredVars(shape!).filter((key) => !provided.has(key))).toEqual([]);
  });
});

test('knowledge and the ingest worker share the blobs volume, mounted at the BLOB_DIR of .env.example', () => {
  const blobDir = dotenv.get('BLOB_DIR')!;
  for (const name of ['knowledge', 'ingest-worker']) {
    const mount = (compose.services[name].volumes as string[]).find((v) => v.startsWith('blobs:'));
    expect(mount).toBeDefined();
    expect(blobDir.startsWith(mount!.split(':')[1]!)).toBe(true);
  }
});

test('.env.example names only variables some process reads, leaves secrets empty, and never sets a per-service port', () => {
  const known = knownVarNames();
  expect([...dotenv.keys()].filter((key) => !known.has(key))).toEqual([]);
  expect(dotenv.has('PORT') || dotenv.has('GATEWAY_PORT')).toBe(false);
  for (const secret of ['JWT_PRIVATE_KEY', 'AVATAR_URL_SIGNING_KEY', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'WEAVIATE_API_KEY']) {
    expect([secret, dotenv.get(secret)]).toEqual([secret, '']);
  }
});

test('every value .env.example sets is valid for each process that reads it', () => {
  const values = Object.fromEntries(dotenv);
  for (const p of K8S_PROCESSES) {
    const shape = envShapeOf(p);
    if (!shape) continue;
    const problems = Object.entries(shape)
      .filter(([key]) => values[key])
      .filter(([key, schema]) => !schema.safeParse(values[key]).success)
      .map(([key]) => `${p.name}: ${key}=${values[key]}`);
    expect(problems).toEqual([]);
  }
});
