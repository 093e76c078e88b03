import { open } from 'node:fs/promises';
import { IngestError, type ExtractDeps, type Extraction, type Section } from './ingest.types.js';
import { recognizeAll } from './ocr-text.js';
import { readPdf } from './pdf-reader.js';

const TAIL_BYTES = 2048;

/** A complete PDF ends with an end-of-file marker; a cut-off upload does not. */
async function assertComplete(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(TAIL_BYTES, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (!tail.includes('%%EOF')) throw new IngestError('the PDF is truncated or damaged: its end-of-file marker is missing; upload the complete file');
  } finally {
    await handle.close();
  }
}

function readError(name: string, message: string): IngestError {
  if (name === 'PasswordException') return new IngestError('the PDF is password-protected (encrypted); remove the password and upload it again');
  if (name === 'InvalidPDFException') return new IngestError('the PDF is damaged and cannot be read');
  return new IngestError(`the PDF cannot be read: ${message}`);
}

/**
 * A PDF's text per page ({label: "page N", page: N}); pages without a text
 * layer have their pictures read by OCR. Progress is reported per page.
 */
export async function extractPdf(file: string, deps: ExtractDeps): Promise<Extraction> {
  await assertComplete(file);
  const pageTexts = new Map<number, string>();
  const ocrDone: Promise<void>[] = [];
  let pages = 0;
  let ocrUnits = 0;
  const pageDone = (page: number, text: string) => {
    pageTexts.set(page, text);
    deps.onProgress?.(pages ? Math.min(0.99, pageTexts.size / pages) : 0);
  };

  let cancel = () => {};
  const stopped = new Promise<void>((resolve, reject) => {
    const abort = () => {
      cancel();
      reject(deps.signal!.reason);
    };
    deps.signal?.addEventListener('abort', abort, { once: true });
    cancel = readPdf(file, (message) => {
      if (message.type === 'start') pages = message.pages;
      else if (message.type === 'text') pageDone(message.page, message.text);
      else if (message.type === 'images') {
        ocrUnits += message.images.length > 0 ? 1 : 0;
        const images = message.images.map((image) => Buffer.from(image.buffer, image.byteOffset, image.byteLength));
        const layerText = message.text.trim();
        ocrDone.push(recognizeAll(images, deps).then((text) => pageDone(message.page, [layerText, text].filter(Boolean).join('\n'))));
        return;
      } else if (message.type === 'error') reject(readError(message.name, message.message));
      else if (message.type === 'crash') {
        reject(/out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(`${message.error.message} ${(message.error as { code?: string }).code}`) ? new IngestError('the PDF needs more memory than allowed to read') : message.error);
      } else resolve();
      if (message.type === 'done' || message.type === 'error' || message.type === 'crash') deps.signal?.removeEventListener('abort', abort);
    });
  });
  try {
    await stopped;
    await Promise.all(ocrDone);
  } catch (error) {
    cancel();
    await Promise.allSettled(ocrDone);
    throw error;
  }
  if (pages === 0) throw new IngestError('the PDF has no pages');
  const sections: Section[] = [...pageTexts.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, text]) => text.trim())
    .map(([page, text]) => ({ text, location: { label: `page ${page}`, page } }));
  if (sections.length === 0) {
    throw new IngestError(ocrUnits ? 'no text found: the pages have no text layer and OCR read no text in them' : 'no text found in the PDF');
  }
  return { sections, units: pages, ocrUnits };
}
