/**
 * The one place the knowledge subgraph and the ingest worker take the
 * ingest pipeline from (detect, extract, OCR, transcribe, chunk).
 * TEMPORARY: text-only stand-ins until the kingest branch lands, then re-exports.
 */
import { readFile } from 'node:fs/promises';
import { IngestError, type Chunk, type DetectedType, type ExtractDeps, type Extraction, type OcrEngine, type Section, type Transcriber } from './ingest/ingest.types.js';

export function detectFileType(head: Buffer, fileName?: string): DetectedType | null {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return { kind: 'PDF', mimeType: 'application/pdf', extension: 'pdf' };
  if (head.includes(0)) return null;
  const markdown = /\.(md|markdown)$/i.test(fileName ?? '') || /^#{1,6} /m.test(head.toString('utf8'));
  return markdown ? { kind: 'MARKDOWN', mimeType: 'text/markdown', extension: 'md' } : { kind: 'TEXT', mimeType: 'text/plain', extension: 'txt' };
}

export async function extractText(file: string, type: DetectedType, _deps: ExtractDeps): Promise<Extraction> {
  if (type.kind !== 'TEXT' && type.kind !== 'MARKDOWN') throw new IngestError(`${type.kind} files are not supported yet`);
  const text = await readFile(file, 'utf8');
  const sections: Section[] = text
    .split(/\n\s*\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ text: t, location: { label: 'text' } }));
  if (!sections.length) throw new IngestError('The file holds no text');
  return { sections, units: 1, ocrUnits: 0 };
}

export function chunkSections(sections: Section[], options: { targetTokens: number; overlapTokens: number }): Chunk[] {
  const chunks: Chunk[] = [];
  let words: string[] = [];
  let location = sections[0]?.location ?? { label: 'text' };
  const flush = () => {
    if (!words.length) return;
    chunks.push({ index: chunks.length, text: words.join(' '), tokenCount: words.length, location });
    words = words.slice(-options.overlapTokens);
  };
  for (const section of sections) {
    if (words.length) flush();
    words = [];
    location = section.location;
    for (const word of section.text.split(/\s+/)) {
      words.push(word);
      if (words.length >= options.targetTokens) flush();
    }
  }
  if (words.length) flush();
  return chunks;
}

export function createOcrPool(_options: { size: number }): OcrEngine {
  return {
    recognize: async () => {
      throw new IngestError('OCR is not available yet');
    },
    close: async () => undefined,
  };
}

export class OpenAiTranscriber implements Transcriber {
  constructor(_options: unknown) {}
  transcribe(): Promise<{ text: string; startSeconds: number; endSeconds: number }[]> {
    throw new IngestError('transcription is not configured');
  }
}
