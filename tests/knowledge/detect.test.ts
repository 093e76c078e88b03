import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { detectFile, detectFileType } from '../../subgraphs/knowledge/ingest/index.js';
import { tempDir } from '../support/files.js';
import { makeDocx, makeExeBytes, makePlainZip, makePptx, makeTextPdf, makeTextPng, writeFixture } from './fixtures/index.js';

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex');
const ascii = (s: string) => Buffer.from(s, 'latin1');
const kindOf = (head: Buffer, name?: string) => detectFileType(head, name)?.kind ?? null;

describe('detectFileType', () => {
  it('recognises documents and images by their magic bytes, whatever the name', async () => {
    expect(detectFileType(await makeTextPdf(['hello']), 'notes.txt')).toEqual({ kind: 'PDF', mimeType: 'application/pdf', extension: 'pdf' });
    expect(kindOf(makeTextPng(['HI']), 'x.pdf')).toBe('IMAGE');
    expect(detectFileType(hex('ffd8ffe000104a464946'))?.mimeType).toBe('image/jpeg');
    expect(detectFileType(Buffer.concat([ascii('RIFF'), hex('24000000'), ascii('WEBPVP8 ')]))?.mimeType).toBe('image/webp');
    expect(detectFileType(hex('49492a00080000'))?.mimeType).toBe('image/tiff');
    expect(detectFileType(hex('4d4d002a00000008'))?.mimeType).toBe('image/tiff');
  });

  it('tells DOCX and PPTX from their parts, and refuses any other ZIP', async () => {
    expect(kindOf(await makeDocx([{ paragraph: 'hi' }]))).toBe('DOCX');
    expect(kindOf(await makePptx([{ lines: ['hi'] }]))).toBe('PPTX');
    expect(detectFileType(await makePlainZip())).toBeNull();
  });

  it('tells a DOCX from its first 64 KB when the text part lies further on, by its [Content_Types].xml', async () => {
    const docx = await makeDocx([{ paragraph: 'hi' }], { mediaBytes: 200_000 });
    const head = docx.subarray(0, 64 * 1024);
    expect(head.includes('word/document.xml')).toBe(false); // only [Content_Types].xml names it
    expect(kindOf(head)).toBe('DOCX');
    expect(kindOf(Buffer.concat([head.subarray(0, 30), Buffer.alloc(2000)]))).toBeNull();
  });

  it('recognises audio and video containers', () => {
    expect(detectFileType(ascii('ID3\x04\x00\x00'))?.mimeType).toBe('audio/mpeg');
    expect(detectFileType(hex('fffb9064'))?.mimeType).toBe('audio/mpeg');
    expect(detectFileType(Buffer.concat([ascii('RIFF'), hex('24000000'), ascii('WAVEfmt ')]))?.mimeType).toBe('audio/wav');
    expect(detectFileType(ascii('OggS\x00\x02'))?.kind).toBe('AUDIO');
    expect(detectFileType(ascii('fLaC\x00\x00\x00\x22'))?.mimeType).toBe('audio/flac');
    expect(detectFileType(Buffer.concat([hex('00000020'), ascii('ftypM4A \x00\x00\x00\x00')]))?.kind).toBe('AUDIO');
    expect(detectFileType(Buffer.concat([hex('00000020'), ascii('ftypisom\x00\x00\x02\x00')]))?.mimeType).toBe('video/mp4');
    expect(detectFileType(Buffer.concat([hex('00000014'), ascii('ftypqt  \x00\x00\x00\x00')]))?.mimeType).toBe('video/quicktime');
    expect(detectFileType(Buffer.concat([hex('1a45dfa3'), ascii('\x9f\x42\x82\x84webm')]))?.mimeType).toBe('video/webm');
    expect(detectFileType(Buffer.concat([hex('1a45dfa3'), ascii('\x9f\x42\x82\x88matroska')]))?.mimeType).toBe('video/x-matroska');
  });

  it('tells Markdown from plain text by name or by headings', () => {
    expect(kindOf(ascii('Just some notes.\nAnother line.'), 'notes.txt')).toBe('TEXT');
    expect(kindOf(ascii('Just some notes.'), 'notes.md')).toBe('MARKDOWN');
    expect(kindOf(ascii('# Cells\nText.\n## Parts\nMore.'), 'notes.txt')).toBe('MARKDOWN');
    expect(kindOf(Buffer.from('\ufeffBonjour, élèves !', 'utf8'))).toBe('TEXT');
    expect(kindOf(ascii('#hashtag is not a heading\nline'))).toBe('TEXT');
  });

  it('refuses executables, binary noise, invalid UTF-8 and empty files', () => {
    expect(detectFileType(makeExeBytes(), 'lesson.pdf')).toBeNull();
    expect(detectFileType(Buffer.alloc(0))).toBeNull();
    expect(detectFileType(hex('00010203fffefd'))).toBeNull();
    expect(detectFileType(hex('48656c6c6fc328'))).toBeNull(); // "Hello" then a broken UTF-8 sequence
    expect(detectFileType(ascii('text with a NUL \x00 inside'))).toBeNull();
    expect(detectFileType(ascii('   \n\t '))).toBeNull();
  });
});

describe('detectFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('detect');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a ZIP directory at the end of a file larger than the head it reads', async () => {
    const bigDocx = await makeDocx(Array.from({ length: 400 }, (_, i) => ({ paragraph: `Paragraph ${i} ${randomBytes(40).toString('hex')}` })));
    expect(bigDocx.length).toBeGreaterThan(8192);
    expect((await detectFile(await writeFixture(dir, 'big.bin', bigDocx)))?.kind).toBe('DOCX');
    expect(await detectFile(await writeFixture(dir, 'plain.docx', await makePlainZip()))).toBeNull();
  });

  it('uses the file name only to tell Markdown from text', async () => {
    expect((await detectFile(await writeFixture(dir, 'a.md', 'Plain words.')))?.kind).toBe('MARKDOWN');
    expect((await detectFile(await writeFixture(dir, 'a.txt', 'Plain words.')))?.kind).toBe('TEXT');
    expect(await detectFile(await writeFixture(dir, 'setup.pdf', makeExeBytes()))).toBeNull();
    expect(await detectFile(await writeFixture(dir, 'empty.txt', ''))).toBeNull();
  });
});
