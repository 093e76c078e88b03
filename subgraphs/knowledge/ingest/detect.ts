import { open } from 'node:fs/promises';
import path from 'node:path';
import type { DetectedType, SourceKind } from './ingest.types.js';
import { isZip, localEntryNames, smallEntryInHead, zipEntriesOfBuffer, zipEntriesOfFile } from './zip.js';

/** How much of a file detection reads (ZIPs also read their directory at the end). */
export const DETECT_HEAD_BYTES = 8192;

const type = (kind: SourceKind, mimeType: string, extension: string): DetectedType => ({ kind, mimeType, extension });

const TYPES = {
  pdf: type('PDF', 'application/pdf', 'pdf'),
  docx: type('DOCX', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'),
  pptx: type('PPTX', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'),
  png: type('IMAGE', 'image/png', 'png'),
  jpeg: type('IMAGE', 'image/jpeg', 'jpg'),
  webp: type('IMAGE', 'image/webp', 'webp'),
  tiff: type('IMAGE', 'image/tiff', 'tiff'),
  mp3: type('AUDIO', 'audio/mpeg', 'mp3'),
  wav: type('AUDIO', 'audio/wav', 'wav'),
  ogg: type('AUDIO', 'audio/ogg', 'ogg'),
  flac: type('AUDIO', 'audio/flac', 'flac'),
  m4a: type('AUDIO', 'audio/mp4', 'm4a'),
  mp4: type('VIDEO', 'video/mp4', 'mp4'),
  mov: type('VIDEO', 'video/quicktime', 'mov'),
  webm: type('VIDEO', 'video/webm', 'webm'),
  mkv: type('VIDEO', 'video/x-matroska', 'mkv'),
  text: type('TEXT', 'text/plain', 'txt'),
  markdown: type('MARKDOWN', 'text/markdown', 'md'),
} as const;

const startsWith = (head: Buffer, bytes: number[] | string, at = 0) => {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= at + expected.length && head.subarray(at, at + expected.length).equals(expected);
};

/** An MPEG audio frame header: sync bits, a real layer, a usable bitrate and sample rate. */
function isMpegFrame(head: Buffer): boolean {
  if (head.length < 3 || head[0] !== 0xff || (head[1] & 0xe0) !== 0xe0) return false;
  const layer = (head[1] >> 1) & 3;
  const bitrate = head[2] >> 4;
  const sampleRate = (head[2] >> 2) & 3;
  return layer !== 0 && bitrate !== 0xf && sampleRate !== 3;
}

const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
const QUICKTIME_BRANDS = new Set(['qt  ']);

/** ISO base media (MP4 family): `ftyp` box with a major brand. */
function isoMediaType(head: Buffer): DetectedType | null {
  if (!startsWith(head, 'ftyp', 4) || head.length < 12) return null;
  const brand = head.toString('latin1', 8, 12);
  if (AUDIO_BRANDS.has(brand)) return TYPES.m4a;
  if (QUICKTIME_BRANDS.has(brand)) return TYPES.mov;
  return TYPES.mp4;
}

function binaryType(head: Buffer): DetectedType | null {
  if (head.subarray(0, 1024).includes('%PDF-')) return TYPES.pdf;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return TYPES.webp;
  if (startsWith(head, 'RIFF') && startsWith(head, 'WAVE', 8)) return TYPES.wav;
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return TYPES.tiff;
  if (startsWith(head, 'ID3') || isMpegFrame(head)) return TYPES.mp3;
  if (startsWith(head, 'OggS')) return TYPES.ogg;
  if (startsWith(head, 'fLaC')) return TYPES.flac;
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return head.includes('webm') ? TYPES.webm : TYPES.mkv;
  return isoMediaType(head);
}

/** An Office Open XML package by its parts, or null for any other ZIP. */
function officeType(entryNames: string[]): DetectedType | null {
  if (entryNames.includes('word/document.xml')) return TYPES.docx;
  if (entryNames.includes('ppt/presentation.xml')) return TYPES.pptx;
  return null;
}

/** From the start of a ZIP only: its local entry names, else the main part its `[Content_Types].xml` declares. */
function officeTypeFromHead(head: Buffer): DetectedType | null {
  const byNames = officeType(localEntryNames(head));
  if (byNames) return byNames;
  const contentTypes = smallEntryInHead(head, '[Content_Types].xml') ?? '';
  if (/PartName="\/word\/document\.xml"/.test(contentTypes)) return TYPES.docx;
  if (/PartName="\/ppt\/presentation\.xml"/.test(contentTypes)) return TYPES.pptx;
  return null;
}

/** Control characters a text file does not hold (tab, newlines and form feed are fine). */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function isPlainText(head: Buffer): boolean {
  try {
    // stream: a head cut in the middle of a character is not an error
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return text.trim().length > 0 && !CONTROL.test(text);
  } catch {
    return false;
  }
}

const MARKDOWN_NAME = /\.(md|markdown)$/i;
const ATX_HEADING = /^#{1,6}[ \t]+\S/gm;

/** Markdown by name, or when the text clearly uses headings: it opens with one or has several. */
function looksLikeMarkdown(text: string): boolean {
  const headings = text.match(ATX_HEADING)?.length ?? 0;
  return headings >= 2 || (headings === 1 && /^\s*#{1,6}[ \t]+\S/.test(text));
}

function textType(head: Buffer, fileName?: string): DetectedType | null {
  if (!isPlainText(head)) return null;
  if (fileName && MARKDOWN_NAME.test(fileName)) return TYPES.markdown;
  return looksLikeMarkdown(head.toString('utf8')) ? TYPES.markdown : TYPES.text;
}

/**
 * What a file is, from its bytes (the name only tells Markdown from plain
 * text). `head` is the start of the file; a ZIP is recognised from its
 * directory when `head` is the whole file, else from the entries in `head`
 * and its `[Content_Types].xml` (prefer `detectFile` for a file on disk: it
 * reads the directory at the end).
 */
export function detectFileType(head: Buffer, fileName?: string): DetectedType | null {
  if (head.length === 0) return null;
  if (isZip(head)) {
    const entries = zipEntriesOfBuffer(head);
    return entries ? officeType(entries.map((e) => e.name)) : officeTypeFromHead(head);
  }
  return binaryType(head) ?? textType(head, fileName);
}

/** What the file at `file` is; reads its head, and a ZIP's central directory. `fileName` defaults to the path's. */
export async function detectFile(file: string, fileName = path.basename(file)): Promise<DetectedType | null> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(DETECT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, DETECT_HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!isZip(head)) return detectFileType(head, fileName);
  const entries = await zipEntriesOfFile(file);
  return entries ? officeType(entries.map((e) => e.name)) : officeTypeFromHead(head);
}
