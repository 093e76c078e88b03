import { rm } from 'node:fs/promises';
import { createOcrPool, detectFile, extractText, IngestError, type ExtractDeps } from '../../subgraphs/knowledge/ingest/index.js';
import { tempDir } from '../support/files.js';
import { makePdf, makeTextPng, makeTextTiff, makeTextWebp, writeFixture } from './fixtures/index.js';

const words = (text: string) => text.toUpperCase().replace(/\s+/g, ' ').trim();
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof IngestError ? e.reason : `not an IngestError: ${String(e)}`),
  );

describe('OCR (tesseract.js, offline)', () => {
  const ocr = createOcrPool({ size: 2 });
  const deps: ExtractDeps = { ocr, transcriber: null };
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('ocr');
  });
  afterAll(async () => {
    await ocr.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the text of a PNG image', async () => {
    const file = await writeFixture(dir, 'board.png', makeTextPng(['PHOTOSYNTHESIS MAKES SUGAR', 'FROM LIGHT AND WATER.']));
    const extraction = await extractText(file, (await detectFile(file))!, deps);
    expect(extraction.units).toBe(1);
    expect(extraction.ocrUnits).toBe(1);
    expect(extraction.sections).toHaveLength(1);
    expect(extraction.sections[0].location).toEqual({ label: 'image' });
    expect(words(extraction.sections[0].text)).toBe('PHOTOSYNTHESIS MAKES SUGAR FROM LIGHT AND WATER.');
  }, 60_000);

  it.each([
    ['TIFF', 'scan.tif', makeTextTiff, 'image/tiff'],
    ['WebP', 'photo.webp', makeTextWebp, 'image/webp'],
  ])('reads a %s image', async (_format, name, make, mimeType) => {
    const file = await writeFixture(dir, name, make(['CELLS 42 NUCLEUS']));
    const type = (await detectFile(file))!;
    expect(type.mimeType).toBe(mimeType);
    expect(words((await extractText(file, type, deps)).sections[0].text)).toBe('CELLS 42 NUCLEUS');
  }, 60_000);

  it('reads a scanned page of a PDF by OCR (despite its stamped page number) and the other pages from their text layer', async () => {
    const file = await writeFixture(
      dir,
      'mixed.pdf',
      await makePdf([{ text: 'The cell is the unit of life.' }, { scan: ['MITOCHONDRIA RELEASE ENERGY', 'FROM FOOD.'], stamp: 'p. 2' }]),
    );
    const progress: number[] = [];
    const extraction = await extractText(file, (await detectFile(file))!, { ...deps, onProgress: (f) => progress.push(f) });
    expect(extraction.units).toBe(2);
    expect(extraction.ocrUnits).toBe(1);
    expect(extraction.sections.map((s) => [s.location, words(s.text)])).toEqual([
      [{ label: 'page 1', page: 1 }, 'THE CELL IS THE UNIT OF LIFE.'],
      [{ label: 'page 2', page: 2 }, 'P. 2 MITOCHONDRIA RELEASE ENERGY FROM FOOD.'], // the stamp's text layer, then OCR
    ]);
    expect(progress.at(-1)).toBe(1);
  }, 60_000);

  it('fails an unreadable picture with a reason, and the pool keeps working', async () => {
    const damaged = Buffer.concat([makeTextPng(['X']).subarray(0, 40), Buffer.alloc(200, 7)]);
    expect(await reasonOf(ocr.recognize(damaged))).toMatch(/image cannot be read/);
    expect(await reasonOf(ocr.recognize(Buffer.from('not a picture at all')))).toMatch(/format is not supported/);
    expect(words(await ocr.recognize(makeTextPng(['STILL WORKS'])))).toBe('STILL WORKS');
    expect(ocr.started).toBeLessThanOrEqual(2);
  }, 60_000);

  it('drops an aborted job, and refuses work once closed', async () => {
    const pool = createOcrPool({ size: 1 });
    const controller = new AbortController();
    const first = pool.recognize(makeTextPng(['ONE']));
    const second = pool.recognize(makeTextPng(['TWO']), controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(second).rejects.toThrow('cancelled');
    expect(words(await first)).toBe('ONE');
    await pool.close();
    await expect(pool.recognize(makeTextPng(['THREE']))).rejects.toThrow('closed');
    expect(pool.started).toBe(0);
  }, 60_000);

  it('rejects jobs, without crashing the process, when the language data cannot be loaded', async () => {
    const broken = createOcrPool({ size: 1, langPath: `${dir}/no-such-folder` });
    const results = await Promise.allSettled([broken.recognize(makeTextPng(['A'])), broken.recognize(makeTextPng(['B']))]);
    expect(results.map((r) => r.status === 'rejected' && String((r.reason as Error).message))).toEqual([
      expect.stringMatching(/^OCR engine failed to start: .*language data .*no-such-folder.* is missing/),
      expect.stringMatching(/^OCR engine failed to start/),
    ]);
    expect(broken.started).toBe(0);
    await broken.close();
  }, 60_000);
});
