import { progressEvents } from './source-progress.js';
import type { SourceRow, SourceSnapshot } from './source.view.js';

const row = (status: SourceRow['status'], progress: number, updatedAt: string): SourceRow =>
  ({
    id: 's1', orgId: 'o1', personaId: 'p1', title: 'T', kind: 'PDF', mimeType: 'application/pdf', sizeBytes: 10n, blobKey: 'k', sha256: 'h',
    status, progress, error: null, chunkCount: 0, embeddingModel: null, embeddingDimension: null, units: null, ocrUnits: null,
    reservationId: null, createdById: 'u1', createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date(updatedAt),
  }) as SourceRow;

/** An upstream that yields the given snapshots, then waits; `returned` tells whether it was stopped. */
function upstream(items: SourceSnapshot[]) {
  const state = { returned: false };
  const iterator: AsyncIterableIterator<SourceSnapshot> = {
    next: () => (items.length ? Promise.resolve({ value: items.shift()!, done: false }) : new Promise(() => undefined)),
    return: async () => {
      state.returned = true;
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return { iterator, state };
}

const snapshot = (status: SourceRow['status'], progress: number, updatedAt: string): SourceSnapshot => ({
  id: 's1', orgId: 'o1', title: 'T', kind: 'PDF', mimeType: 'application/pdf', sizeBytes: 10, status, progress, chunkCount: 0, error: null,
  units: null, embeddingModel: null, embeddingDimension: null, persona: { id: 'p1' }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt,
});

test('replays the current state first, skips changes older than it, then passes changes on; return() stops the upstream', async () => {
  const { iterator, state } = upstream([snapshot('PENDING', 0, '2026-01-01T00:00:01.000Z'), snapshot('PROCESSING', 0.5, '2026-01-01T00:00:03.000Z')]);
  const events = progressEvents(iterator, row('PROCESSING', 0.2, '2026-01-01T00:00:02.000Z'));
  expect((await events.next()).value).toMatchObject({ status: 'PROCESSING', progress: 0.2, persona: { id: 'p1' }, sizeBytes: 10 });
  expect((await events.next()).value).toMatchObject({ status: 'PROCESSING', progress: 0.5 });
  expect(await events.return!()).toEqual({ value: undefined, done: true });
  expect(state.returned).toBe(true);
});
