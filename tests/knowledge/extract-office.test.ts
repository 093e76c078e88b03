import { rm } from 'node:fs/promises';
import { chunkSections, detectFile, extractText, IngestError, type ExtractDeps } from '../../subgraphs/knowledge/ingest/index.js';
import { tempDir } from '../support/files.js';
import { makeDocx, makeLyingZipBombDocx, makePptx, makeZipBombDocx, writeFixture } from './fixtures/index.js';

const deps: ExtractDeps = {
  ocr: { recognize: () => Promise.reject(new Error('OCR must not run')), close: async () => {} },
  transcriber: null,
};
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof IngestError ? e.reason : `not an IngestError: ${String(e)}`),
  );

describe('DOCX extraction', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('extract-docx');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('labels text with its heading path and reads tables as rows', async () => {
    const file = await writeFixture(
      dir,
      'biology.docx',
      await makeDocx([
        { paragraph: 'Course notes & overview.' },
        { heading: 'Chapter 1' },
        { paragraph: 'Living things are made of cells.' },
        { heading: 'Photosynthesis', level: 2 },
        { paragraph: 'Chlorophyll absorbs <red> and blue light.' },
        { table: [['Input', 'Output'], ['Carbon dioxide', 'Oxygen'], ['Water', 'Glucose']] },
        { heading: 'Chapter 2' },
        { paragraph: 'Atoms bond into molecules.' },
      ]),
    );
    const { sections, units } = await extractText(file, (await detectFile(file))!, deps);
    expect(units).toBe(1);
    const at = (path: string) => ({ label: path, heading: path });
    expect(sections).toEqual([
      { text: 'Course notes & overview.', location: { label: 'beginning' } },
      { text: 'Chapter 1', heading: true, location: at('Chapter 1') },
      { text: 'Living things are made of cells.', location: at('Chapter 1') },
      { text: 'Photosynthesis', heading: true, location: at('Chapter 1 › Photosynthesis') },
      {
        text: 'Chlorophyll absorbs <red> and blue light.\nInput | Output\nCarbon dioxide | Oxygen\nWater | Glucose',
        location: at('Chapter 1 › Photosynthesis'),
      },
      { text: 'Chapter 2', heading: true, location: at('Chapter 2') },
      { text: 'Atoms bond into molecules.', location: at('Chapter 2') },
    ]);
    const chunk = chunkSections(sections).find((c) => c.text.includes('Carbon dioxide | Oxygen'));
    expect(chunk?.location.label).toBe('Chapter 1 › Photosynthesis');
  });

  it('refuses a zip bomb before inflating it', async () => {
    const bomb = await makeZipBombDocx(20);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const file = await writeFixture(dir, 'bomb.docx', bomb);
    const type = (await detectFile(file))!;
    expect(type.kind).toBe('DOCX');
    expect(await reasonOf(extractText(file, type, deps))).toMatch(/zip bomb: "word\/document.xml" would inflate \d+ times \(limit 100\)/);
  });

  it('refuses a zip bomb whose headers understate its size, without inflating it whole', async () => {
    const file = await writeFixture(dir, 'liar.docx', await makeLyingZipBombDocx());
    expect(await reasonOf(extractText(file, (await detectFile(file))!, deps))).toBe(
      'the file is refused as a likely zip bomb: "word/document.xml" holds more than the 5000 bytes it declares',
    );
  });

  it('refuses an archive above the inflated-size limit', async () => {
    const file = await writeFixture(dir, 'big.docx', await makeDocx([{ paragraph: 'x'.repeat(300_000) }]));
    const limits = { maxUncompressedBytes: 100_000 };
    expect(await reasonOf(extractText(file, (await detectFile(file))!, { ...deps, limits }))).toMatch(/contents would inflate to 0\.3 MB \(limit 0\.1 MB\)/);
  });

  it('refuses a damaged document', async () => {
    const good = await makeDocx([{ paragraph: 'hello' }]);
    const broken = Buffer.from(good);
    broken.fill(0x42, 200, 600); // inside the compressed parts; the directory at the end survives
    const file = await writeFixture(dir, 'broken.docx', broken);
    expect(await reasonOf(extractText(file, { kind: 'DOCX', mimeType: 'x', extension: 'docx' }, deps))).toMatch(/damaged/);
  });
});

describe('PPTX extraction', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('extract-pptx');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads slides in presentation order, and their speaker notes apart', async () => {
    const file = await writeFixture(
      dir,
      'deck.pptx',
      await makePptx([
        { title: 'The cell', lines: ['Membrane', 'Nucleus & DNA'], notes: 'Start with a microscope photo.\nAsk who has seen one.' },
        { title: 'Energy', lines: ['Mitochondria make ATP'] },
        { lines: ['Questions?'], notes: 'Leave five minutes.' },
      ]),
    );
    const progress: number[] = [];
    const extraction = await extractText(file, (await detectFile(file))!, { ...deps, onProgress: (f) => progress.push(f) });
    expect(extraction.units).toBe(3);
    expect(extraction.sections).toEqual([
      { text: 'The cell\nMembrane\nNucleus & DNA', location: { label: 'slide 1', slide: 1 } },
      { text: 'Start with a microscope photo.\nAsk who has seen one.', location: { label: 'slide 1 (notes)', slide: 1, notes: true } },
      { text: 'Energy\nMitochondria make ATP', location: { label: 'slide 2', slide: 2 } },
      { text: 'Questions?', location: { label: 'slide 3', slide: 3 } },
      { text: 'Leave five minutes.', location: { label: 'slide 3 (notes)', slide: 3, notes: true } },
    ]);
    expect(progress.at(-1)).toBe(1);
    expect(chunkSections(extraction.sections).map((c) => c.location.label)).toEqual(['slide 1', 'slide 1 (notes)', 'slide 2', 'slide 3', 'slide 3 (notes)']);
  });

  it('applies the zip-bomb guard to presentations too', async () => {
    const file = await writeFixture(dir, 'deck.pptx', await makePptx([{ lines: ['word '.repeat(100_000)] }]));
    const limits = { maxUncompressedBytes: 100_000 };
    expect(await reasonOf(extractText(file, (await detectFile(file))!, { ...deps, limits }))).toMatch(/would inflate to/);
  });
});
