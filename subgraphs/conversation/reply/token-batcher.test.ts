import { TokenBatcher } from './token-batcher.js';

/** A clock the test moves by hand, and the sends the batcher made. */
function setup(windowMs: number, send?: (delta: string, index: number) => Promise<void>) {
  let now = 1_000;
  const sent: { delta: string; index: number }[] = [];
  const batcher = new TokenBatcher(
    send ?? (async (delta, index) => void sent.push({ delta, index })),
    windowMs,
    () => now,
  );
  return { batcher, sent, advance: (ms: number) => (now += ms) };
}

beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
afterEach(() => jest.useRealTimers());

test('the first delta goes out at once; a burst within the window is joined into one event', async () => {
  const { batcher, sent, advance } = setup(25);
  batcher.push('Hel');
  batcher.push('lo');
  batcher.push(', ');
  batcher.push('world');
  await Promise.resolve();
  expect(sent).toEqual([{ delta: 'Hel', index: 0 }]);
  advance(25);
  jest.advanceTimersByTime(25);
  await batcher.flush();
  expect(sent).toEqual([
    { delta: 'Hel', index: 0 },
    { delta: 'lo, world', index: 1 },
  ]);
});

test('deltas spaced wider than the window each go out alone, indexes 0, 1, 2', async () => {
  const { batcher, sent, advance } = setup(25);
  for (const delta of ['a', 'b', 'c']) {
    batcher.push(delta);
    advance(30);
    jest.advanceTimersByTime(30);
  }
  await batcher.flush();
  expect(sent).toEqual([
    { delta: 'a', index: 0 },
    { delta: 'b', index: 1 },
    { delta: 'c', index: 2 },
  ]);
});

test('order, contiguous indexes and the concatenation hold for any burst pattern; sends never overlap', async () => {
  let inFlight = 0;
  let overlapped = false;
  const sent: { delta: string; index: number }[] = [];
  const { batcher, advance } = setup(10, async (delta, index) => {
    overlapped ||= inFlight > 0;
    inFlight++;
    await new Promise((r) => setImmediate(r)); // a slow Redis
    sent.push({ delta, index });
    inFlight--;
  });
  const deltas = Array.from({ length: 500 }, (_, i) => `t${i} `);
  for (const [i, delta] of deltas.entries()) {
    batcher.push(delta);
    const gap = (i * 7) % 13; // bursts and pauses
    advance(gap);
    jest.advanceTimersByTime(gap);
  }
  await batcher.flush();
  expect(overlapped).toBe(false);
  expect(sent.map((s) => s.index)).toEqual(sent.map((_, i) => i));
  expect(sent.map((s) => s.delta).join('')).toBe(deltas.join(''));
  expect(sent.length).toBeLessThan(deltas.length);
  expect(batcher.sent).toBe(sent.length);
});

test('window 0: one event per delta', async () => {
  const { batcher, sent } = setup(0);
  ['x', 'y', 'z'].forEach((d) => batcher.push(d));
  await batcher.flush();
  expect(sent.map((s) => s.delta)).toEqual(['x', 'y', 'z']);
});

test('flush rethrows the first failed send and sends nothing after it; discard drops the buffer', async () => {
  const sent: string[] = [];
  const { batcher, advance } = setup(25, async (delta) => {
    if (delta === 'bad') throw new Error('redis down');
    sent.push(delta);
  });
  batcher.push('bad');
  advance(30);
  batcher.push('later');
  await expect(batcher.flush()).rejects.toThrow('redis down');
  expect(sent).toEqual([]);

  const other = setup(25);
  other.batcher.push('first');
  other.batcher.push('dropped');
  other.batcher.discard();
  await other.batcher.flush();
  expect(other.sent.map((s) => s.delta)).toEqual(['first']);
});
