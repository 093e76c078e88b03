import { DotKernel, strideFor } from './dot-kernel.js';
import { Int8Kernel } from './int8-kernel.js';
import { topK, topKSampled } from './top-k.js';
import { ByteLru } from './vector-cache.js';
import { PRESCAN_FROM_ROWS, VectorSet } from './vector-set.js';

describe('DotKernel (WebAssembly SIMD)', () => {
  test.each([1, 16, 17, 32, 256, 300])('matches a plain dot product at dimension %i', (dimension) => {
    const count = 37;
    const kernel = new DotKernel(dimension, count);
    expect(kernel.stride).toBe(strideFor(dimension));
    expect(kernel.stride % 16).toBe(0);
    const rows: number[][] = [];
    for (let r = 0; r < count; r++) {
      const row = Array.from({ length: dimension }, (_, i) => Math.sin(r * 7 + i));
      rows.push(row);
      kernel.rows.set(row, r * kernel.stride);
    }
    const query = Float32Array.from({ length: dimension }, (_, i) => Math.cos(i));
    const scores = kernel.score(query);
    rows.forEach((row, r) => expect(scores[r]).toBeCloseTo(row.reduce((s, x, i) => s + Math.fround(x) * query[i]!, 0), 3));
  });

  test('an empty set scores nothing', () => {
    expect(new DotKernel(8, 0).score(new Float32Array(8))).toHaveLength(0);
  });
});

describe('Int8Kernel (WebAssembly SIMD)', () => {
  test.each([16, 40, 256])('approximates the dot products at dimension %i, scaled back per row', (dimension) => {
    const count = 50;
    const kernel = new Int8Kernel(dimension, count);
    const rows = Array.from({ length: count }, (_, r) => Float32Array.from({ length: dimension }, (_, i) => Math.sin(r * 3 + i * 0.7) * (1 + r)));
    rows.forEach((row, r) => kernel.setRow(r, row, 0));
    const query = Float32Array.from({ length: dimension }, (_, i) => Math.cos(i));
    const qMax = Math.max(...query.map(Math.abs));
    const scores = kernel.score(query, count);
    rows.forEach((row, r) => {
      const exact = row.reduce((s, x, i) => s + x * query[i]!, 0);
      const scale = Math.max(...row.map(Math.abs));
      // the kernel leaves out the query's own factor (127 / its largest value): the same for every row
      expect(Math.abs((scores[r]! * qMax) / 127 - exact)).toBeLessThan(0.02 * scale * qMax * dimension ** 0.5 + 1e-6);
    });
  });
});

describe('topK', () => {
  test('returns the indexes of the k best scores, best first, ties by index', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.9, -1, 0.7]);
    expect(topK(scores, 3)).toEqual([1, 3, 5]);
    expect(topK(scores, 10)).toEqual([1, 3, 5, 2, 0, 4]);
    expect(topK(scores, 0)).toEqual([]);
  });

  test('agrees with a full sort on random scores', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const scores = Float32Array.from({ length: 5000 }, random);
    const sorted = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
    expect(topK(scores, 25)).toEqual(sorted.slice(0, 25));
  });

  test('over a candidate list considers only those indexes', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.9, -1, 0.7]);
    expect(topK(scores, 2, Int32Array.from([5, 0, 2, 1]), 3)).toEqual([5, 2]);
    expect(topK(scores, 2, Int32Array.from([5, 0, 2, 1]), 0)).toEqual([]);
  });
});

describe('topKSampled', () => {
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const scratch = new Int32Array(100_000);

  test.each([
    ['random scores', () => Float32Array.from({ length: 100_000 }, random)],
    ['many ties', () => Float32Array.from({ length: 100_000 }, () => Math.floor(random() * 4) / 4)],
    ['all equal', () => new Float32Array(100_000)],
    ['a few high scores in order', () => Float32Array.from({ length: 100_000 }, (_, i) => (i > 99_000 ? 1 + i / 1e6 : random()))],
    ['rows with no direction', () => Float32Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? -Infinity : random()))],
  ])('gives exactly what topK gives: %s', (_name, make) => {
    const scores = make();
    for (const k of [1, 20, 256, 4000]) expect(topKSampled(scores, k, scratch)).toEqual(topK(scores, k));
  });

  test('a scratch too small or a short array falls back to topK', () => {
    const scores = Float32Array.from({ length: 3000 }, random);
    expect(topKSampled(scores, 256, new Int32Array(10))).toEqual(topK(scores, 256));
    expect(topKSampled(scores, 256, scratch)).toEqual(topK(scores, 256));
  });
});

describe('ByteLru', () => {
  const item = (byteLength: number) => ({ byteLength });

  test('evicts the least recently used entries beyond its byte budget', () => {
    const lru = new ByteLru<{ byteLength: number }>(100);
    lru.set('a', item(40));
    lru.set('b', item(40));
    lru.get('a');
    lru.set('c', item(40));
    expect([lru.get('a'), lru.get('b'), lru.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(lru.totalBytes).toBe(80);
  });

  test('keeps one entry larger than the whole budget, alone', () => {
    const lru = new ByteLru<{ byteLength: number }>(100);
    lru.set('a', item(10));
    lru.set('big', item(500));
    expect([lru.size, lru.totalBytes]).toEqual([1, 500]);
    lru.set('big', item(20));
    expect(lru.totalBytes).toBe(20);
  });
});

describe('VectorSet', () => {
  const row = (chunk: string, values: number[], seq: number) => ({ chunk_id: chunk, source_id: `s-${chunk}`, vector: Buffer.from(Float32Array.from(values).buffer), seq: String(seq) });

  test('adds, replaces in place, grows, scales to unit length and never returns zero vectors', () => {
    const set = new VectorSet('1', '0', 3);
    set.apply([row('a', [2, 0, 0], 1), row('b', [0, 3, 0], 2), row('z', [0, 0, 0], 3)]);
    expect(set.size).toBe(2);
    expect(set.nearest(Float32Array.from([1, 0, 0]), 5)).toEqual([
      { chunkId: 'a', sourceId: 's-a', score: 1 },
      { chunkId: 'b', sourceId: 's-b', score: 0 },
    ]);
    set.apply([row('a', [0, -1, 0], 4), ...Array.from({ length: 40 }, (_, i) => row(`n${i}`, [0, 0, 1 + i], 5 + i))]);
    expect(set.size).toBe(42);
    expect(set.maxSeq).toBe(44n);
    const hits = set.nearest(Float32Array.from([0, 1, 0]), 50);
    expect(hits[0]).toEqual({ chunkId: 'b', sourceId: 's-b', score: 1 });
    expect(hits.at(-1)).toEqual({ chunkId: 'a', sourceId: 's-a', score: -1 });
    expect(hits.some((h) => h.chunkId === 'z')).toBe(false);
    set.apply([row('z', [1, 1, 0], 50)]);
    expect(set.nearest(Float32Array.from([1, 1, 0]).map((x) => x / Math.SQRT2), 1)[0]!.chunkId).toBe('z');
  });

  test('removes rows by id, moving the last row (and its zero mark) into each hole', () => {
    const set = new VectorSet('1', '0', 2);
    set.apply([row('a', [1, 0], 1), row('b', [0, 1], 2), row('c', [1, 1], 3), row('z', [0, 0], 4)]);
    set.remove(['a', 'unknown']);
    // z (a zero vector) moved into a's place and stays never returned
    expect(set.size).toBe(2);
    expect([...set.held()].map((h) => h.chunkId).sort()).toEqual(['b', 'c', 'z']);
    expect(set.nearest(Float32Array.from([1, 0]), 5).map((h) => h.chunkId)).toEqual(['c', 'b']);
    set.remove(['z', 'c']);
    expect(set.nearest(Float32Array.from([1, 0]), 5)).toEqual([{ chunkId: 'b', sourceId: 's-b', score: 0 }]);
    // an id removed can come back, as a new row
    set.apply([row('a', [2, 0], 5)]);
    expect(set.nearest(Float32Array.from([1, 0]), 1)).toEqual([{ chunkId: 'a', sourceId: 's-a', score: 1 }]);
  });
});

describe('VectorSet above the pre-scan threshold', () => {
  test('returns the same neighbours and scores as an exact scan', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const dimension = 32;
    const count = PRESCAN_FROM_ROWS + 500;
    const vectors = Array.from({ length: count }, () => Float32Array.from({ length: dimension }, random));
    const set = new VectorSet('1', '0', dimension);
    set.apply(vectors.map((v, i) => ({ chunk_id: `c${i}`, source_id: 's', vector: Buffer.from(v.buffer), seq: String(i + 1) })));
    set.apply([{ chunk_id: 'c0', source_id: 's', vector: Buffer.alloc(dimension * 4), seq: String(count + 1) }]); // a zero vector
    const unitOf = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
    const expectExactNeighbours = (excluded: (i: number) => boolean) => {
      for (let q = 0; q < 5; q++) {
        const query = unitOf(Float32Array.from({ length: dimension }, random));
        const truth = vectors
          .map((v, i) => ({ i, s: excluded(i) ? -Infinity : unitOf(v).reduce((acc, x, k) => acc + x * query[k]!, 0) }))
          .sort((a, b) => b.s - a.s)
          .slice(0, 10);
        const hits = set.nearest(query, 10);
        expect(hits.map((h) => h.chunkId)).toEqual(truth.map((t) => `c${t.i}`));
        hits.forEach((h, k) => expect(h.score).toBeCloseTo(truth[k]!.s, 5));
      }
    };
    expectExactNeighbours((i) => i === 0);
    // then a third of the rows removed (the zero one, the last one, every third): the rest as an exact scan of them
    const removed = new Set([0, count - 1, ...Array.from({ length: count }, (_, i) => i).filter((i) => i % 3 === 1)]);
    set.remove([...removed].map((i) => `c${i}`));
    expect(set.size).toBe(count - removed.size);
    expectExactNeighbours((i) => removed.has(i));
  });
});
