import { rm } from 'node:fs/promises';
import { chunkSections, detectFile, extractText, IngestError, type ExtractDeps } from '../../subgraphs/knowledge/ingest/index.js';
import { tempDir } from '../support/files.js';
import { writeFixture } from './fixtures/index.js';

/** Text and Markdown need neither OCR nor transcription: an engine that refuses proves it is never called. */
const deps: ExtractDeps = {
  ocr: { recognize: () => Promise.reject(new Error('OCR must not run')), close: async () => {} },
  transcriber: null,
};

const MARKDOWN = `---
title: Biology notes
---
Intro line before any heading.

# Chapter 1

Plants make **food** from _light_; see [the guide](https://example.com/guide) and \`chlorophyll\`.

## Photosynthesis

> Light becomes sugar.

| Input | Output |
|-------|--------|
| CO2   | O2     |

\`\`\`
# not a heading inside code
\`\`\`

Respiration
-----------

![a leaf](leaf.png) Cells burn sugar.

# Chapter 2 #
Atoms.
`;

describe('TEXT and MARKDOWN extraction', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('extract-text');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads UTF-8 text without its byte-order mark, as one section', async () => {
    const file = await writeFixture(dir, 'notes.txt', Buffer.from('\ufeffLes cellules.\r\nSecond line.', 'utf8'));
    const extraction = await extractText(file, (await detectFile(file))!, deps);
    expect(extraction).toEqual({ sections: [{ text: 'Les cellules.\nSecond line.', location: { label: 'text' } }], units: 1, ocrUnits: 0 });
  });

  it('splits Markdown by headings, labels sections with the heading path and strips the syntax', async () => {
    const file = await writeFixture(dir, 'lesson.md', MARKDOWN);
    const { sections } = await extractText(file, (await detectFile(file))!, deps);
    expect(sections).toEqual([
      { text: 'Intro line before any heading.', location: { label: 'beginning' } },
      { text: 'Chapter 1', heading: true, location: { label: 'Chapter 1', heading: 'Chapter 1' } },
      { text: 'Plants make food from light; see the guide and chlorophyll.', location: { label: 'Chapter 1', heading: 'Chapter 1' } },
      { text: 'Photosynthesis', heading: true, location: { label: 'Chapter 1 › Photosynthesis', heading: 'Chapter 1 › Photosynthesis' } },
      {
        text: 'Light becomes sugar.\n\nInput | Output\nCO2 | O2\n\n# not a heading inside code',
        location: { label: 'Chapter 1 › Photosynthesis', heading: 'Chapter 1 › Photosynthesis' },
      },
      { text: 'Respiration', heading: true, location: { label: 'Chapter 1 › Respiration', heading: 'Chapter 1 › Respiration' } },
      { text: 'a leaf Cells burn sugar.', location: { label: 'Chapter 1 › Respiration', heading: 'Chapter 1 › Respiration' } },
      { text: 'Chapter 2', heading: true, location: { label: 'Chapter 2', heading: 'Chapter 2' } },
      { text: 'Atoms.', location: { label: 'Chapter 2', heading: 'Chapter 2' } },
    ]);
    const chunks = chunkSections(sections);
    expect(chunks.map((c) => c.location.label)).toEqual(['beginning', 'Chapter 1', 'Chapter 1 › Photosynthesis', 'Chapter 1 › Respiration', 'Chapter 2']);
    expect(chunks[2].text).toMatch(/^Photosynthesis\n\nLight becomes sugar\./);
  });

  it('fails empty, blank and non-UTF-8 files with a reason', async () => {
    const reason = (file: string) =>
      extractText(file, { kind: 'TEXT', mimeType: 'text/plain', extension: 'txt' }, deps).then(
        () => 'no error',
        (e: unknown) => (e instanceof IngestError ? e.reason : String(e)),
      );
    expect(await reason(await writeFixture(dir, 'empty.txt', ''))).toBe('the file is empty');
    expect(await reason(await writeFixture(dir, 'blank.txt', ' \n\n '))).toMatch(/^no text found/);
    expect(await reason(await writeFixture(dir, 'latin1.txt', Buffer.from('caf\xe9', 'latin1')))).toBe('the text file is not valid UTF-8');
  });
});
