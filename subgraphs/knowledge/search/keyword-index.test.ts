import { KeywordIndex, parseTsvector } from './keyword-index.js';

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
