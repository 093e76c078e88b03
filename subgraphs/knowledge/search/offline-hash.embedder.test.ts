import { OfflineHashEmbedder } from './offline-hash.embedder.js';
import { stem, terms } from './text-features.js';

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(cos(a, a));

describe('OfflineHashEmbedder', () => {
  const embedder = new OfflineHashEmbedder();

  test('declares its model and dimension and gives one unit vector per text, in order', async () => {
    expect([embedder.model, embedder.dimension]).toEqual(['offline-hash-v1', 256]);
    const vectors = await embedder.embed(['Photosynthesis makes glucose.', 'The French Revolution began in 1789.']);
    expect(vectors).toHaveLength(2);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(256);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(cos(vectors[0]!, vectors[1]!)).toBeLessThan(0.3);
  });

  test('is deterministic: the same text always gives the same vector', async () => {
    const [a] = await embedder.embed(['Mitochondria are the powerhouse of the cell']);
    const [b] = await new OfflineHashEmbedder().embed(['Mitochondria are the powerhouse of the cell']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  test('ignores case, accents, punctuation, stop words and plurals', async () => {
    const [a, b] = await embedder.embed(['Élève: the cells of the Leaf!', 'eleve cell leaf']);
    expect(cos(a!, b!)).toBeCloseTo(1, 5);
  });

  test('ranks a question above unrelated passages when they share words', async () => {
    const passages = [
      'Photosynthesis converts light energy into chemical energy stored in glucose.',
      'The French Revolution began in 1789 with the storming of the Bastille.',
      'Newton’s second law states that force equals mass times acceleration.',
    ];
    const [question, ...docs] = await embedder.embed(['What does photosynthesis store energy in?', ...passages]);
    const scores = docs.map((d) => cos(question!, d));
    expect(scores.indexOf(Math.max(...scores))).toBe(0);
  });

  test('tolerates a typo through character trigrams', async () => {
    const [right, typo, other] = await embedder.embed(['photosynthesis', 'photosynthsis', 'revolution']);
    expect(cos(right!, typo!)).toBeGreaterThan(0.2);
    expect(cos(right!, typo!)).toBeGreaterThan(cos(right!, other!) + 0.15);
  });

  test('is lexical only: a paraphrase with no shared words does not match (documented limit)', async () => {
    const [a, b] = await embedder.embed(['car', 'automobile']);
    expect(Math.abs(cos(a!, b!))).toBeLessThan(0.3);
  });

  test('an empty or stop-word-only text gives the zero vector', async () => {
    const [empty, stops] = await embedder.embed(['', 'the of and']);
    expect(norm(empty!)).toBe(0);
    expect(norm(stops!)).toBe(0);
  });

  test('stops when the signal is aborted, and refuses a silly dimension', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['text'], controller.signal)).rejects.toThrow();
    expect(() => new OfflineHashEmbedder(3)).toThrow(/dimension/);
  });
});

describe('terms', () => {
  test('normalizes and stems', () => {
    expect(terms('Les élèves étudient the Cells, Batteries & Boxes.')).toEqual(['eleve', 'etudient', 'cell', 'battery', 'box']);
    expect([stem('class'), stem('virus'), stem('analysis'), stem('gas')]).toEqual(['class', 'virus', 'analysis', 'gas']);
  });
});
