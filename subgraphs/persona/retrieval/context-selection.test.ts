import { selectContext } from './context-selection.js';
import type { RetrievedChunk } from './retrieved-chunk.js';

const chunk = (chunkId: string, text: string, score: number): RetrievedChunk => ({ chunkId, text, score, location: { label: chunkId }, source: { id: 's', title: 'T' } });
const LONG = 'Photosynthesis in green plants turns light energy into chemical energy stored as glucose while releasing oxygen to the air around the leaf';

test('keeps relevant hits best first, tagged 1, 2, …; unrelated hits never reach the prompt', () => {
  const hits = [chunk('b', 'Mitochondria release energy from glucose.', 0.4), chunk('a', 'Photosynthesis produces glucose.', 0.9), chunk('c', 'Lake Muhazi is in Rwanda.', 0.8)];
  expect(selectContext('What does photosynthesis make from glucose?', hits, { budgetTokens: 1000, minScore: 0 }).map((c) => [c.chunkId, c.tag])).toEqual([
    ['a', 1],
    ['b', 2],
  ]);
});

test('drops the same chunk twice and chunks mostly repeated by a better one (overlapping neighbours, re-uploads)', () => {
  const hits = [chunk('a', LONG, 0.9), chunk('a', LONG, 0.9), chunk('copy', `${LONG} again`, 0.8), chunk('other', 'Photosynthesis needs water from the roots.', 0.7)];
  expect(selectContext('photosynthesis', hits, { budgetTokens: 1000, minScore: 0 }).map((c) => c.chunkId)).toEqual(['a', 'other']);
});

test('stays within the token budget, skipping an oversized chunk for smaller ones, and ignores low scores', () => {
  const hits = [chunk('huge', `photosynthesis ${'x'.repeat(800)}`, 0.9), chunk('small', 'Photosynthesis makes sugar.', 0.5), chunk('weak', 'Photosynthesis again.', 0.01)];
  expect(selectContext('photosynthesis', hits, { budgetTokens: 50, minScore: 0.1 }).map((c) => c.chunkId)).toEqual(['small']);
});
