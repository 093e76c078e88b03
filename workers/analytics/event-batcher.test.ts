import type { EventRow } from '../../subgraphs/analytics/event/event-row.js';
import { EventBatcher } from './event-batcher.js';

const row = (id: string): EventRow => ({
  id,
  orgId: '0b8f3c4e-2a4b-4c1e-9a7d-1f2e3d4c5b6a',
  userId: null,
  type: 'login',
  occurredAt: new Date(),
  payload: {},
  personaId: null,
  subjectId: null,
  messageRole: null,
});

describe('EventBatcher', () => {
  test('stores the jobs in hand with one call, and tells each job whether its row was new', async () => {
    const calls: string[][] = [];
    const batcher = new EventBatcher({
      store: async (rows) => {
        calls.push(rows.map((r) => r.id));
        return new Set(rows.map((r) => r.id).filter((id) => id !== 'old'));
      },
      maxBatch: 3,
      maxWaitMs: 1000,
    });
    const outcomes = await Promise.all([batcher.add(row('a')), batcher.add(row('old')), batcher.add(row('b'))]);
    expect(calls).toEqual([['a', 'old', 'b']]); // full batch: no waiting for the timer
    expect(outcomes).toEqual(['stored', 'duplicate', 'stored']);
  });

  test('a partial batch is stored after maxWaitMs; the same id twice in a batch is stored once', async () => {
    const batcher = new EventBatcher({ store: async (rows) => new Set(rows.map((r) => r.id)), maxBatch: 100, maxWaitMs: 5 });
    expect(await Promise.all([batcher.add(row('x')), batcher.add(row('x'))])).toEqual(['stored', 'duplicate']);
  });

  test('when a batch fails, rows are retried alone so only the bad one fails its job', async () => {
    const batcher = new EventBatcher({
      store: async (rows) => {
        if (rows.some((r) => r.id === 'bad')) throw new Error('constraint');
        return new Set(rows.map((r) => r.id));
      },
      maxBatch: 2,
      maxWaitMs: 5,
    });
    const [good, bad] = await Promise.allSettled([batcher.add(row('good')), batcher.add(row('bad'))]);
    expect(good).toEqual({ status: 'fulfilled', value: 'stored' });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('constraint') });
  });
});
