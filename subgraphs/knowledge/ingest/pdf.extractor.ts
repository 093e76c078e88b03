import { open } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IngestError, type ExtractDeps, type Extraction, type Section } from './ingest.types.js';
import { recognizeAll } from './ocr-text.js';
import type { PdfMessage } from './pdf.messages.js';

/** Heap the PDF thread may use: a hostile PDF fails alone instead of taking the worker down. */
const PDF_THREAD_HEAP_MB = 1024;
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
  let finished = 0;
  let ocrUnits = 0;
  const pageDone = (page: number, text: string) => {
    pageTexts.set(page, text);
    finished++;
    deps.onProgress?.(pages ? Math.min(0.99, finished / pages) : 0);
  };

  const thread = new Worker(path.join(__dirname, 'pdf.thread.js'), {
    workerData: { file },
    resourceLimits: { maxOldGenerationSizeMb: PDF_THREAD_HEAP_MB },
  });
  const stop = () => void thread.terminate();
  deps.signal?.addEventListener('abort', stop, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      thread.on('message', (message: PdfMessage) => {
        if (message.type === 'start') pages = message.pages;
        else if (message.type === 'text') pageDone(message.page, message.text);
        else if (message.type === 'images') {
          ocrUnits += message.images.length > 0 ? 1 : 0;
          const images = message.images.map((image) => Buffer.from(image.buffer, image.byteOffset, image.byteLength));
          ocrDone.push(recognizeAll(images, deps).then((text) => pageDone(message.page, text)));
        } else if (message.type === 'error') reject(readError(message.name, message.message));
        else resolve();
      });
      thread.on('error', (error) =>
        reject(error.message.includes('out of memory') ? new IngestError('the PDF needs more memory than allowed to read') : error),
      );
      thread.on('exit', () => reject(deps.signal?.reason ?? new Error('the PDF thread stopped before it finished')));
    });
    await Promise.all(ocrDone);
  } finally {
    deps.signal?.removeEventListener('abort', stop);
    await thread.terminate();
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
