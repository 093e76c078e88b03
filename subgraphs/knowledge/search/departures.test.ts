import { departed, departures, type HeldChunk } from './departures.js';

const chunks = (sourceId: string, ...ids: string[]): HeldChunk[] => ids.map((chunkId) => ({ chunkId, sourceId }));
const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('departures (which held chunks left, from per-source counts)', () => {
  const held = [...chunks('A', 'a1', 'a2', 'a3'), ...chunks('B', 'b1', 'b2'), ...chunks('C', 'c1')];

  test('nothing left: no chunk gone, no source to read', () => {
    expect(departures(held, [], counts({ A: 3, B: 2, C: 1 }))).toEqual({ gone: new Set(), recheck: [] });
  });

  test('a source deleted: all its chunks are gone without reading any id', () => {
    expect(departures(held, [], counts({ A: 3, C: 1 }))).toEqual({ gone: new Set(['b1', 'b2']), recheck: [] });
  });

  test('a source ingested again under the same ids: the old versions are gone, nothing to read', () => {
    expect(departures(held, chunks('A', 'a1', 'a2', 'a3'), counts({ A: 3, B: 2, C: 1 }))).toEqual({ gone: new Set(['a1', 'a2', 'a3']), recheck: [] });
  });

  test('ingested again with fewer chunks, or some chunks deleted: that source is read again', () => {
    expect(departures(held, chunks('A', 'a1', 'a2'), counts({ A: 2, B: 2, C: 1 }))).toEqual({ gone: new Set(['a1', 'a2']), recheck: ['A'] });
    expect(departures(held, [], counts({ A: 3, B: 1, C: 1 }))).toEqual({ gone: new Set(), recheck: ['B'] });
  });

  test('new chunks, in a new source or an old one, take nothing away', () => {
    const written = [...chunks('D', 'd1', 'd2'), ...chunks('C', 'c2')];
    expect(departures(held, written, counts({ A: 3, B: 2, C: 2, D: 2 }))).toEqual({ gone: new Set(), recheck: [] });
    // …unless the old source also lost one: c1 deleted while c2 arrived
    expect(departures(held, chunks('C', 'c2'), counts({ A: 3, B: 2, C: 1 }))).toEqual({ gone: new Set(), recheck: ['C'] });
  });

  test('departed reads the ids of the sources to recheck only, and finds the missing ones', async () => {
    const asked: string[][] = [];
    const gone = await departed(() => held, chunks('A', 'a1'), counts({ A: 2, B: 1, C: 1 }), async (sources) => {
      asked.push(sources);
      return new Set(['a1', 'a3', 'b2']);
    });
    expect(asked).toEqual([['A', 'B']]);
    expect(gone).toEqual(new Set(['a1', 'a2', 'b1']));
  });
});
