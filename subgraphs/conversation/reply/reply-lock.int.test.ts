import { randomUUID } from 'node:crypto';
import { createRedis, type Redis } from '../../../internal/redis.js';
import { testRun, uniqueId } from '../../../tests/support/test-env.js';
import { ReplyLock } from './reply-lock.js';

let redis: Redis;
const prefix = `test-lock-${uniqueId()}`;

beforeAll(() => {
  redis = createRedis(testRun().redisUrl);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};

test('one holder at a time; only the holder extends or releases it', async () => {
  const lock = new ReplyLock(redis, prefix, 5_000);
  const conversation = randomUUID();
  expect(await lock.acquire(conversation, 'reply-a')).toBe(true);
  expect(await lock.acquire(conversation, 'reply-b')).toBe(false);
  expect(await lock.holder(conversation)).toBe('reply-a');
  expect(await lock.extend(conversation, 'reply-b')).toBe(false);
  expect(await lock.release(conversation, 'reply-b')).toBe(false);
  expect(await lock.holder(conversation)).toBe('reply-a');
  expect(await lock.extend(conversation, 'reply-a')).toBe(true);
  expect(await lock.release(conversation, 'reply-a')).toBe(true);
  expect(await lock.holder(conversation)).toBeNull();
  expect(await lock.acquire(conversation, 'reply-b')).toBe(true);
});

test("a holder that stops beating (crashed) loses the lock after its TTL; a beating one keeps it", async () => {
  const lock = new ReplyLock(redis, prefix, 150);
  const crashed = randomUUID();
  const alive = randomUUID();
  await lock.acquire(crashed, 'dead-reply');
  await lock.acquire(alive, 'live-reply');
  const beat = lock.heartbeat(alive, 'live-reply');
  try {
    await waitFor(async () => (await lock.holder(crashed)) === null);
    expect(await lock.holder(crashed)).toBeNull();
    expect(await lock.acquire(crashed, 'next-reply')).toBe(true);
    // the beating holder outlived several TTLs
    await new Promise((r) => setTimeout(r, 600));
    expect(await lock.holder(alive)).toBe('live-reply');
    expect(beat.lost.aborted).toBe(false);
  } finally {
    beat.stop();
  }
});

test('a holder whose lock was taken over learns it from its heartbeat and must stop', async () => {
  const lock = new ReplyLock(redis, prefix, 150);
  const conversation = randomUUID();
  await lock.acquire(conversation, 'reply-a');
  const beat = lock.heartbeat(conversation, 'reply-a');
  try {
    await redis.set(lock.key(conversation), 'reply-b', 'PX', 5_000); // e.g. the lock lapsed during a Redis stall
    await waitFor(async () => beat.lost.aborted);
    expect(beat.lost.aborted).toBe(true);
    expect(await lock.holder(conversation)).toBe('reply-b'); // and it did not extend someone else's lock
  } finally {
    beat.stop();
  }
});
