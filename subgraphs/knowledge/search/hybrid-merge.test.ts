import { hybridMerge } from './hybrid-merge.js';

const v = (chunkId: string, score: number) => ({ chunkId, sourceId: `s-${chunkId}`, score });

describe('hybridMerge', () => {
  test('weights normalized vector and keyword scores (0.7 / 0.3 by default) over the union of chunks', () => {
    const hits = hybridMerge([v('a', 0.9), v('b', 0.5)], [v('b', 0.2), v('c', 0.1)]);
    // b: 0.7·0.5 + 0.3·1 = 0.65 beats a: 0.7·0.9 = 0.63
    expect(hits.map((h) => h.chunkId)).toEqual(['b', 'a', 'c']);
    const [b, a, c] = hits;
    expect(a).toEqual({ chunkId: 'a', sourceId: 's-a', vectorScore: 0.9, keywordScore: 0, score: expect.closeTo(0.63, 10) });
    expect(b!.keywordScore).toBe(1); // the best keyword score becomes 1
    expect(b!.score).toBeCloseTo(0.7 * 0.5 + 0.3 * 1, 10);
    expect(c!.keywordScore).toBeCloseTo(0.5, 10);
    expect(c!.score).toBeCloseTo(0.15, 10);
  });

  test('the weight moves the balance: 0 is keyword only, 1 vector only', () => {
    const vector = [v('a', 0.9), v('b', 0.1)];
    const keyword = [v('b', 3), v('a', 1)];
    expect(hybridMerge(vector, keyword, { vectorWeight: 0 }).map((h) => h.chunkId)).toEqual(['b', 'a']);
    expect(hybridMerge(vector, keyword, { vectorWeight: 1 }).map((h) => h.chunkId)).toEqual(['a', 'b']);
    expect(() => hybridMerge(vector, keyword, { vectorWeight: 1.5 })).toThrow(RangeError);
  });

  test('negative cosine counts as no similarity, and keyword ranks of zero count as nothing', () => {
    const hits = hybridMerge([v('a', -0.8)], [v('b', 0), v('c', 0)]);
    expect(hits.every((h) => h.score === 0)).toBe(true);
    expect(hits.map((h) => h.chunkId)).toEqual(['a', 'b', 'c']); // ties in chunkId order
  });

  test('empty sides, duplicates within a side and a limit', () => {
    expect(hybridMerge([], [])).toEqual([]);
    expect(hybridMerge([v('a', 0.2), v('a', 0.4)], []).map((h) => h.vectorScore)).toEqual([0.4]);
    expect(hybridMerge([v('a', 0.9), v('b', 0.8), v('c', 0.7)], [], { limit: 2 }).map((h) => h.chunkId)).toEqual(['a', 'b']);
  });
});
