import { ConfigError, loadConfig, subgraphEnv, env } from './env.js';

const shape = { ...subgraphEnv, PORT: env.port(4001) };

test('defaults fill what is not set', () => {
  const config = loadConfig(shape, { DATABASE_URL: 'postgresql://u@h:5432/db' });
  expect(config).toMatchObject({ PORT: 4001, REDIS_URL: 'redis://127.0.0.1:6379', NODE_ENV: 'development', REDIS_KEY_PREFIX: 'bwenge' });
});

test('every missing or bad variable is named with what is expected', () => {
  let error: unknown;
  try {
    loadConfig(shape, { PORT: 'eighty', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  expect(problems).toMatch(/DATABASE_URL is required but not set; expected: PostgreSQL connection URL/);
  expect(problems).toMatch(/PORT is invalid/);
  expect(problems).toMatch(/REDIS_URL is invalid \(must be a redis:\/\/ URL\)/);
  expect(problems).toMatch(/LOG_LEVEL is invalid/);
});

test('an empty variable counts as unset', () => {
  expect(loadConfig(shape, { DATABASE_URL: 'postgres://x/y', PORT: '' }).PORT).toBe(4001);
});
