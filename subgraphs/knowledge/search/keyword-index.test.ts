import { KeywordIndex, KeywordIndexBuilder, parseTsvector, type IndexedChunk } from './keyword-index.js';

const terms = (tsv: string) => {
  const out: [string, number][] = [];
  parseTsvector(tsv, (lexeme, frequency) => out.push([lexeme, frequency]));
  return out;
};

const chunk = (chunkId: string, tsv: string, sourceId = 's1') => ({ chunkId, sourceId, tsv });

describe('parseTsvector', () => {
  test('reads lexemes with their number of positions', () => {
    expect(terms("'fox':2,9 'jump':3 'quick':1A,5B,7")).toEqual([
      ['fox', 2],
      ['jump', 1],
      ['quick', 3],
    ]);
  });

  test('unescapes doubled quotes and backslashes; a lexeme without positions counts once', () => {
    expect(terms("'o''neil':1 'a\\\\b' 'x'")).toEqual([
      ["o'neil", 1],
      ['a\\b', 1],
      ['x', 1],
    ]);
  });

  test('an empty tsvector has no terms', () => {
    expect(terms('')).toEqual([]);
  });
});

describe('KeywordIndex (BM25)', () => {
  test('more occurrences rank higher; chunks without any query term are not returned', () => {
    const index = KeywordIndex.of([chunk('a', "'river':1 'hill':2"), chunk('b', "'river':1,3,5 'hill':2"), chunk('c', "'sea':1 'hill':2")]);
    expect(index.search(['river'], 10).map((h) => h.chunkId)).toEqual(['b', 'a']);
    expect(index.search(['desert'], 10)).toEqual([]);
    expect(index.search([], 10)).toEqual([]);
  });

  test('a rare term outweighs a common one', () => {
    const index = KeywordIndex.of([
      chunk('a', "'common':1 'rare':2"),
      chunk('b', "'common':1,2"),
      chunk('c', "'common':1 'other':2"),
      chunk('d', "'common':1 'other':2"),
    ]);
    const hits = index.search(['common', 'rare'], 10);
    expect(hits[0]!.chunkId).toBe('a');
    expect(hits.map((h) => h.chunkId).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  test('length normalization: the same occurrences in a shorter chunk rank higher', () => {
    const index = KeywordIndex.of([chunk('long', "'river':1 'a':2 'b':3 'c':4 'd':5 'e':6"), chunk('short', "'river':1 'f':2")]);
    const hits = index.search(['river'], 10);
    expect(hits.map((h) => h.chunkId)).toEqual(['short', 'long']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  test('equal scores keep load order (chunk id order); limit and source ids hold', () => {
    const index = KeywordIndex.of([chunk('a', "'x':1", 's1'), chunk('b', "'x':1", 's2'), chunk('c', "'x':1", 's1')]);
    expect(index.search(['x', 'x'], 2)).toEqual([
      { chunkId: 'a', sourceId: 's1', score: expect.any(Number) },
      { chunkId: 'b', sourceId: 's2', score: expect.any(Number) },
    ]);
  });

  test('accounts its memory, growing with the chunks', () => {
    const small = KeywordIndex.of([chunk('a', "'x':1")]);
    const big = KeywordIndex.of(Array.from({ length: 1000 }, (_, i) => chunk(`c${i}`, `'w${i}':1 'x':2`)));
    expect(small.byteLength).toBeGreaterThan(0);
    expect(big.byteLength).toBeGreaterThan(small.byteLength * 100);
    expect(big.size).toBe(1000);
  });
});

describe('KeywordIndex appends', () => {
  const builderOf = (chunks: IndexedChunk[]) => {
    const builder = new KeywordIndexBuilder();
    for (const c of chunks) builder.add(c);
    return builder;
  };
  // a small vocabulary, so terms repeat across segments and frequencies vary
  const corpus = Array.from({ length: 400 }, (_, i) => {
    const words = Array.from({ length: 3 + (i % 5) }, (_, w) => `'w${(i * 7 + w * 13) % 37}':${w + 1}${w % 3 === 0 ? `,${w + 20}` : ''}`);
    return chunk(`c${String(i).padStart(3, '0')}`, words.join(' '), `s${i % 9}`);
  });
  const questions = [['w1'], ['w2', 'w30'], ['w5', 'w6', 'w7'], ['w36', 'w0'], ['nothing']];
  const expectSameRanking = (a: KeywordIndex, b: KeywordIndex) => {
    for (const q of questions) {
      const [x, y] = [a.search(q, 50), b.search(q, 50)];
      expect(x.map((h) => [h.chunkId, h.sourceId])).toEqual(y.map((h) => [h.chunkId, h.sourceId]));
      x.forEach((hit, i) => expect(hit.score).toBeCloseTo(y[i]!.score, 5));
    }
  };

  test('an index grown by appends ranks exactly as one built from all its chunks at once', () => {
    // base 300, then 10, 30 (merges with the 10), 5 (kept apart), 54 (merges all the way into the base) and 1
    const cuts = [300, 310, 340, 345, 399, 400];
    let grown = KeywordIndex.of(corpus.slice(0, cuts[0]));
    for (let i = 1; i < cuts.length; i++) grown = grown.appended(builderOf(corpus.slice(cuts[i - 1], cuts[i])));
    expect(grown.segmentCount).toBe(2);
    expect(grown.size).toBe(400);
    expectSameRanking(grown, KeywordIndex.of(corpus));
  });

  test('deleted chunks leave the ranking and its statistics, marked (a few) or compacted away (a quarter or more)', () => {
    const whole = KeywordIndex.of(corpus.slice(0, 300)).appended(builderOf(corpus.slice(300, 340)));
    expect(whole.segmentCount).toBe(2);
    for (const every of [50, 3]) {
      const gone = (id: string) => Number(id.slice(1)) % every === 0;
      const rest = corpus.slice(0, 340).filter((c) => !gone(c.chunkId));
      const less = whole.without(gone);
      expect(less.size).toBe(rest.length);
      expectSameRanking(less, KeywordIndex.of(rest));
      // deleted again, then written again under the same id: the new text ranks, once
      const back = less.without((id) => id === 'c001' || gone(id)).appended(builderOf([chunk('c001', "'w1':1,2,3 'fresh':4", 's9')]));
      const hits = back.search(['fresh', 'w1'], 400);
      expect(hits.filter((h) => h.chunkId === 'c001')).toEqual([{ chunkId: 'c001', sourceId: 's9', score: hits[0]!.score }]);
      expect(back.size).toBe(rest.length - (gone('c001') ? 0 : 1) + 1);
    }
    expect(whole.without(() => false)).toBe(whole);
  });

  test('appended segments stay geometric: one merges into the one before while it is more than a quarter of it', () => {
    const base = KeywordIndex.of(corpus.slice(0, 200));
    const small = base.appended(builderOf(corpus.slice(200, 240)));
    expect(small.segmentCount).toBe(2);
    expect(small.appended(builderOf(corpus.slice(240, 250))).segmentCount).toBe(3);
    const grown = small.appended(builderOf(corpus.slice(240, 260)));
    expect(grown.segmentCount).toBe(1);
    expect(grown.size).toBe(260);
    // the old index is untouched: searches on it still see its own chunks only
    expect(base.size).toBe(200);
    expect(base.search(['w1'], 400).every((h) => h.chunkId < 'c200')).toBe(true);
    expect(grown.search(['w1'], 400).some((h) => h.chunkId >= 'c240')).toBe(true);
    expect(grown.byteLength).toBeGreaterThan(base.byteLength);
  });

  test('appending nothing keeps the same index; a source met again keeps its id', () => {
    const base = KeywordIndex.of([chunk('a', "'x':1", 's1')]);
    expect(base.appended(new KeywordIndexBuilder())).toBe(base);
    const more = base.appended(builderOf([chunk('b', "'x':1 'y':2", 's1'), chunk('c', "'y':1", 's2')]));
    expect(more.search(['x', 'y'], 10).map((h) => [h.chunkId, h.sourceId])).toEqual([
      ['b', 's1'],
      ['a', 's1'],
      ['c', 's2'],
    ]);
  });
});

