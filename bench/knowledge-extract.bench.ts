/**
 * Extraction speed of the ingest pipeline, in one process (no database):
 * text PDF pages/s (200 pages, extract + chunk), time for a 20-page PDF,
 * OCR pages/s on scanned pages, and the process's peak RSS.
 * Run: npm run bench:extract
 */
import { rm } from 'node:fs/promises';
import { chunkSections, createOcrPool, detectFile, extractText, type ExtractDeps } from '../subgraphs/knowledge/ingest/index.js';
import { tempDir } from '../tests/support/files.js';
import { makeScannedPdf, makeTextPdf, makeTextPng, writeFixture } from '../tests/knowledge/fixtures/index.js';

const WORDS = 'cell energy light water sugar plant root leaf membrane nucleus protein enzyme oxygen carbon gene growth'.split(' ');

/** Deterministic prose: ~2,700 characters (about 45 lines) per page. */
function prose(page: number, sentences = 45): string {
  return Array.from({ length: sentences }, (_, s) => {
    const words = Array.from({ length: 9 }, (_, w) => WORDS[(page * 31 + s * 7 + w * 3) % WORDS.length]);
    return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`;
  }).join(' ');
}

const seconds = (since: number) => (performance.now() - since) / 1000;

async function timeExtraction(file: string, deps: ExtractDeps) {
  const started = performance.now();
  const extraction = await extractText(file, (await detectFile(file))!, deps);
  const chunks = chunkSections(extraction.sections);
  return { seconds: seconds(started), pages: extraction.units, ocrPages: extraction.ocrUnits, chunks: chunks.length };
}

async function main() {
  const dir = await tempDir('bench-extract');
  const noOcr: ExtractDeps = { ocr: { recognize: async () => '', close: async () => {} }, transcriber: null };
  try {
    const pdf200 = await writeFixture(dir, 'text-200.pdf', await makeTextPdf(Array.from({ length: 200 }, (_, i) => prose(i))));
    const pdf20 = await writeFixture(dir, 'text-20.pdf', await makeTextPdf(Array.from({ length: 20 }, (_, i) => prose(i))));
    // cold: the first read also starts the PDF thread and loads pdf.js
    const twentyCold = await timeExtraction(pdf20, noOcr);
    const twentyWarm = await timeExtraction(pdf20, noOcr);
    console.log(`text PDF, 20 pages: ${twentyCold.seconds.toFixed(2)} s cold (first PDF of the process), ${twentyWarm.seconds.toFixed(2)} s warm, to extract and chunk`);
    const runs = [await timeExtraction(pdf200, noOcr), await timeExtraction(pdf200, noOcr)];
    const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
    console.log(`text PDF, 200 pages: ${runs.map((r) => `${r.seconds.toFixed(2)} s`).join(', ')}; best ${Math.round(best.pages / best.seconds)} pages/s, ${best.chunks} chunks`);

    const scanLines = (page: number) => prose(page, 8).toUpperCase().match(/.{1,40}(\s|$)/g)!.slice(0, 24).map((l) => l.trim());
    const scanned = await writeFixture(dir, 'scanned-4.pdf', await makeScannedPdf(...Array.from({ length: 4 }, (_, i) => scanLines(i))));
    for (const size of [1, 2]) {
      const ocr = createOcrPool({ size });
      await Promise.all(Array.from({ length: size }, () => ocr.recognize(makeTextPng(['WARM UP'])))); // worker start is not OCR
      const run = await timeExtraction(scanned, { ocr, transcriber: null });
      console.log(`OCR, ${run.ocrPages} scanned pages (${scanLines(0).length} lines each), pool of ${size}: ${run.seconds.toFixed(2)} s (${(run.ocrPages / run.seconds).toFixed(2)} pages/s)`);
      await ocr.close();
    }
    console.log(`peak RSS of this process (PDF and OCR threads included): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
