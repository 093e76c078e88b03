/**
 * Indexes of the `k` highest scores, best first (ties: lower index first).
 * A binary min-heap of size k: one pass, O(n log k), no allocation per row.
 * With `candidates`, only the first `count` indexes listed there are
 * considered (a sparse result: the chunks a keyword touched), in any order.
 */
export function topK(scores: Float32Array, k: number, candidates?: Int32Array, count?: number): number[] {
  const n = candidates ? (count ?? candidates.length) : scores.length;
  const size = Math.min(k, n);
  if (size <= 0) return [];
  const heap = new Int32Array(size);
  let filled = 0;
  // "worse" = lower score, or equal score and later index
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < filled && worse(heap[l]!, heap[m]!)) m = l;
      if (r < filled && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  // the heap's worst score: most rows lose to it, and are rejected on one comparison
  let floor = -Infinity;
  for (let c = 0; c < n; c++) {
    const idx = candidates ? candidates[c]! : c;
    if (filled < size) {
      let i = filled++;
      heap[i] = idx;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        const t = heap[i]!;
        heap[i] = heap[p]!;
        heap[p] = t;
        i = p;
      }
      if (filled === size) floor = scores[heap[0]!]!;
    } else if (scores[idx]! >= floor && !worse(idx, heap[0]!)) {
      heap[0] = idx;
      siftDown(0);
      floor = scores[heap[0]!]!;
    }
  }
  return Array.from(heap.subarray(0, filled)).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

/** below this many scores per result, a plain topK is as fast */
const SAMPLE_FROM = 16;
const SAMPLE_STEP = 16;

/**
 * The same answer as topK(scores, k), faster for a long array and a small k
 * (the vector pre-scan: 100k scores, k = 256): every 16th score is sampled,
 * the sample's (2k/16)-th best becomes a floor, one tight pass keeps the
 * indexes at or above it (about 2k of them), and topK ranks those. When
 * fewer than k pass, the floor was too high and the plain topK answers.
 * `scratch` (at least scores.length long) holds the kept indexes.
 */
export function topKSampled(scores: Float32Array, k: number, scratch: Int32Array): number[] {
  const n = scores.length;
  if (k <= 0 || n < k * SAMPLE_FROM || scratch.length < n) return topK(scores, k);
  const sample = new Float32Array(Math.floor(n / SAMPLE_STEP));
  for (let s = 0, i = 0; s < sample.length; s++, i += SAMPLE_STEP) sample[s] = scores[i]!;
  const rank = Math.ceil((2 * k) / SAMPLE_STEP);
  const best = topK(sample, rank);
  const floor = sample[best[best.length - 1]!]!;
  let kept = 0;
  for (let i = 0; i < n; i++) if (scores[i]! >= floor) scratch[kept++] = i;
  return kept >= k ? topK(scores, k, scratch, kept) : topK(scores, k);
}
