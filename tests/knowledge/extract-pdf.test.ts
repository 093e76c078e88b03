import { rm } from 'node:fs/promises';
import { chunkSections, closePdfThread, extractText, IngestError, type DetectedType, type ExtractDeps } from '../../subgraphs/knowledge/ingest/index.js';
import { tempDir } from '../support/files.js';
import { makeEncryptedPdf, makeTextPdf, truncate, writeFixture } from './fixtures/index.js';

const PDF: DetectedType = { kind: 'PDF', mimeType: 'application/pdf', extension: 'pdf' };
const noOcr: ExtractDeps = {
  ocr: { recognize: () => Promise.reject(new Error('OCR must not run on pages with a text layer')), close: async () => {} },
  transcriber: null,
};
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof IngestError ? e.reason : `not an IngestError: ${String(e)}`),
  );

describe('PDF extraction (text layer)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('extract-pdf');
  });
  afterAll(async () => {
    await closePdfThread();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads each page with its page number, reporting progress per page', async () => {
    const file = await writeFixture(
      dir,
      'lesson.pdf',
      await makeTextPdf(['Photosynthesis turns light into sugar.', 'Mitochondria release energy from food.', 'The nucleus holds the DNA.']),
    );
    const progress: number[] = [];
    const extraction = await extractText(file, PDF, { ...noOcr, onProgress: (f) => progress.push(f) });
    expect(extraction.units).toBe(3);
    expect(extraction.ocrUnits).toBe(0);
    expect(extraction.sections.map((s) => [s.location, s.text.trim()])).toEqual([
      [{ label: 'page 1', page: 1 }, 'Photosynthesis turns light into sugar.'],
      [{ label: 'page 2', page: 2 }, 'Mitochondria release energy from food.'],
      [{ label: 'page 3', page: 3 }, 'The nucleus holds the DNA.'],
    ]);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBe(1);
    const chunks = chunkSections(extraction.sections);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].location).toEqual({ label: 'pages 1–3', page: 1 });
  });

  it('refuses a truncated PDF', async () => {
    const whole = await makeTextPdf(['Some text on a page.', 'More text.']);
    expect(await reasonOf(extractText(await writeFixture(dir, 'cut.pdf', truncate(whole, 0.6)), PDF, noOcr))).toMatch(/truncated/);
  });

  it('refuses a damaged PDF', async () => {
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
    expect(await reasonOf(extractText(await writeFixture(dir, 'garbage.pdf', garbage), PDF, noOcr))).toMatch(/PDF/);
  });

  it('refuses an encrypted PDF with a reason', async () => {
    expect(await reasonOf(extractText(await writeFixture(dir, 'locked.pdf', makeEncryptedPdf()), PDF, noOcr))).toMatch(/password-protected/);
  });

  it('stops in the middle when aborted', async () => {
    const file = await writeFixture(dir, 'long.pdf', await makeTextPdf(Array.from({ length: 200 }, (_, i) => `Page ${i} text.`)));
    const controller = new AbortController();
    const progress: number[] = [];
    const onProgress = (fraction: number) => {
      progress.push(fraction);
      controller.abort(new Error('shutting down'));
    };
    await expect(extractText(file, PDF, { ...noOcr, signal: controller.signal, onProgress })).rejects.toThrow('shutting down');
    expect(progress.length).toBeLessThan(200);
  });

  it('reads several PDFs at once; aborting one leaves the others', async () => {
    const files = await Promise.all(
      [1, 2, 3].map(async (n) => writeFixture(dir, `many-${n}.pdf`, await makeTextPdf(Array.from({ length: 30 }, (_, i) => `Book ${n} page ${i + 1}.`)))),
    );
    const controller = new AbortController();
    const [first, aborted, third] = await Promise.allSettled([
      extractText(files[0], PDF, noOcr),
      extractText(files[1], PDF, { ...noOcr, signal: controller.signal, onProgress: () => controller.abort(new Error('stop this one')) }),
      extractText(files[2], PDF, noOcr),
    ]);
    expect(first.status === 'fulfilled' && first.value.sections.map((s) => s.text.trim())).toEqual(Array.from({ length: 30 }, (_, i) => `Book 1 page ${i + 1}.`));
    expect(aborted.status === 'rejected' && (aborted.reason as Error).message).toBe('stop this one');
    expect(third.status === 'fulfilled' && third.value.units).toBe(30);
  });

  it('fails a read whose thread dies as retryable (not the user\'s fault), then starts a new thread', async () => {
    const file = await writeFixture(dir, 'victim.pdf', await makeTextPdf(Array.from({ length: 100 }, (_, i) => `Page ${i}.`)));
    let killed = false;
    const onProgress = () => {
      if (!killed) void closePdfThread();
      killed = true;
    };
    const reason = await reasonOf(extractText(file, PDF, { ...noOcr, onProgress }));
    expect(reason).toMatch(/^not an IngestError: .*PDF thread stopped/);
    expect((await extractText(file, PDF, noOcr)).units).toBe(100);
  });
});
