import { readFile } from 'node:fs/promises';
import { IngestError, type Extraction } from './ingest.types.js';

/** The file's text as UTF-8 without a byte-order mark; a clear error when it is empty or not UTF-8. */
export async function readUtf8(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new IngestError('the file is empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new IngestError('the text file is not valid UTF-8');
  }
  if (!text.trim()) throw new IngestError('no text found: the file holds only whitespace');
  return text.replace(/\r\n?/g, '\n');
}

export const PLAIN_TEXT_LABEL = 'text';

/** A plain text file: one section (the chunker cuts it on sentences and paragraphs). */
export async function extractPlainText(file: string): Promise<Extraction> {
  const text = await readUtf8(file);
  return { sections: [{ text, location: { label: PLAIN_TEXT_LABEL } }], units: 1, ocrUnits: 0 };
}
