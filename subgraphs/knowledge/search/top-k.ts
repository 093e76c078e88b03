/**
 * Indexes of the `k` highest scores, best first (ties: lower index first).
 * A binary min-heap of size k: one pass, O(n log k), no allocation per row.
 */
export function topK(scores: Float32Array, k: number): number[] {
  const size = Math.min(k, scores.length);
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
  for (let idx = 0; idx < scores.length; idx++) {
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
    } else if (!worse(idx, heap[0]!)) {
      heap[0] = idx;
      siftDown(0);
    }
  }
  return Array.from(heap.subarray(0, filled)).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
