import { estimateTokens } from '../../../internal/text/tokens.js';
import { chunkSections } from './chunker.js';
import type { Section } from './ingest.types.js';

/** Sentences "Sentence N is about topic N." of ~8 tokens each. */
const sentences = (from: number, count: number) => Array.from({ length: count }, (_, i) => `Sentence ${from + i} is about topic ${from + i}.`).join(' ');
const page = (n: number, text: string): Section => ({ text, location: { label: `page ${n}`, page: n } });

describe('chunkSections', () => {
  it('cuts on sentence boundaries near the target size, with whole-sentence overlap', () => {
    const chunks = chunkSections([page(1, sentences(1, 200))], { targetTokens: 100, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.index).toBe(i);
      expect(chunk.tokenCount).toBe(estimateTokens(chunk.text));
      expect(chunk.tokenCount).toBeLessThanOrEqual(100);
      expect(chunk.text).toMatch(/^Sentence \d+ is about topic \d+\.( Sentence \d+ is about topic \d+\.)*$/);
    }
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1].text.match(/Sentence \d+ is about topic \d+\./g)!;
      const next = chunks[i].text.match(/Sentence \d+ is about topic \d+\./g)!;
      const repeated = next.filter((sentence) => previous.includes(sentence));
      expect(repeated).toEqual(previous.slice(-repeated.length)); // the end of the previous chunk, whole sentences
      expect(repeated.length).toBeGreaterThanOrEqual(1);
      expect(estimateTokens(repeated.join(' '))).toBeLessThanOrEqual(20);
    }
    const all = new Set(chunks.flatMap((c) => c.text.match(/Sentence \d+/g)!));
    expect(all.size).toBe(200); // nothing lost
  });

  it('is deterministic', () => {
    const sections = [page(1, sentences(1, 80)), page(2, sentences(81, 80))];
    expect(chunkSections(sections)).toEqual(chunkSections(sections));
  });

  it('runs pages on and labels a chunk that spans two of them', () => {
    const chunks = chunkSections([page(3, sentences(1, 30)), page(4, sentences(31, 30))], { targetTokens: 150, overlapTokens: 0 });
    const spanning = chunks.find((c) => c.text.includes('Sentence 30 ') && c.text.includes('Sentence 31 '));
    expect(spanning?.location).toEqual({ label: 'pages 3–4', page: 3 });
    expect(chunks[0].location).toEqual({ label: 'page 3', page: 3 });
    expect(chunks.at(-1)!.location).toEqual({ label: 'page 4', page: 4 });
  });

  it('starts a new chunk at each heading and keeps the heading path', () => {
    const at = (path: string) => ({ label: path, heading: path });
    const chunks = chunkSections([
      { text: 'Chapter 1', location: at('Chapter 1'), heading: true },
      { text: 'Plants are green.', location: at('Chapter 1') },
      { text: 'Photosynthesis', location: at('Chapter 1 › Photosynthesis'), heading: true },
      { text: 'Light becomes sugar.', location: at('Chapter 1 › Photosynthesis') },
    ]);
    expect(chunks.map((c) => [c.text, c.location.label])).toEqual([
      ['Chapter 1\n\nPlants are green.', 'Chapter 1'],
      ['Photosynthesis\n\nLight becomes sugar.', 'Chapter 1 › Photosynthesis'],
    ]);
  });

  it('keeps slides and their notes apart', () => {
    const chunks = chunkSections([
      { text: 'Cells', location: { label: 'slide 1', slide: 1 } },
      { text: 'Say hello.', location: { label: 'slide 1 (notes)', slide: 1, notes: true } },
      { text: 'Atoms', location: { label: 'slide 2', slide: 2 } },
    ]);
    expect(chunks.map((c) => c.location.label)).toEqual(['slide 1', 'slide 1 (notes)', 'slide 2']);
  });

  it('joins transcript segments and labels the time span', () => {
    const segment = (start: number, end: number, text: string): Section => ({
      text,
      location: { label: `${start}`, startSeconds: start, endSeconds: end },
    });
    const [chunk] = chunkSections([segment(0, 5, 'Hello class.'), segment(5, 75, 'Today: cells.')]);
    expect(chunk.text).toBe('Hello class. Today: cells.');
    expect(chunk.location).toEqual({ label: '00:00–01:15', startSeconds: 0, endSeconds: 75 });
  });

  it('hard-splits a huge sentence on word boundaries', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`);
    const chunks = chunkSections([page(1, words.join(' '))], { targetTokens: 100, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(20);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(100);
      for (const word of chunk.text.split(/\s+/)) expect(word).toMatch(/^word\d+$/);
    }
    expect(new Set(chunks.flatMap((c) => c.text.split(/\s+/))).size).toBe(3000);
  });

  it('keeps abbreviations and list lines whole', () => {
    const text = 'Use e.g. green leaves today. Next one.\n- first list item\n- second list item';
    const chunks = chunkSections([page(1, text)], { targetTokens: 8, overlapTokens: 0 });
    expect(chunks.map((c) => c.text)).toEqual(['Use e.g. green leaves today.', 'Next one.\n- first list item', '- second list item']);
  });

  it('skips empty sections and returns nothing for nothing', () => {
    expect(chunkSections([])).toEqual([]);
    expect(chunkSections([page(1, '  \n ')])).toEqual([]);
  });
});

describe('chunkSections on long tables', () => {
  it('cuts a long run of rows between rows', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `row ${i} | value ${i}`).join('\n');
    const chunks = chunkSections([{ text: rows, location: { label: 'Results', heading: 'Results' } }], { targetTokens: 40, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      for (const line of chunk.text.split('\n')) expect(line).toMatch(/^row \d+ \| value \d+$/);
    }
  });
});
