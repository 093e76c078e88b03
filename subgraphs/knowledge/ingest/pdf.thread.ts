/**
 * Reads PDFs in a worker thread: pdf.js is ESM-only and CPU-bound, so it
 * runs here, off the ingest worker's event loop (BullMQ's lock renewals keep
 * running) and under a memory limit. The thread lives on between files, so
 * pdf.js is loaded once. Posts a `PdfMessage` per page.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { extractImages, getDocumentProxy } from 'unpdf';
import type { PdfMessage, PdfRequest } from './pdf.messages.js';
import { rawPixelsToPng } from './png.js';

const post = (message: PdfMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
const cancelled = new Set<number>();
/** A page with less text than this and pictures on it is treated as scanned. */
const SCANNED_PAGE_MAX_TEXT = 20;
/** Smaller pictures are icons and rules, not text. */
const MIN_PICTURE_SIDE = 32;

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

async function readPages(id: number, file: string): Promise<void> {
  // verbosity 0: pdf.js's repair warnings are noise in the worker's log
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(file)), { verbosity: 0 });
  try {
    post({ id, type: 'start', pages: pdf.numPages });
    for (let n = 1; n <= pdf.numPages && !cancelled.has(id); n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = (content.items as TextItem[]).map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join('');
      if (text.trim().length >= SCANNED_PAGE_MAX_TEXT) {
        post({ id, type: 'text', page: n, text });
      } else {
        // no real text layer: a scanned page (perhaps with a stamped page number), whose pictures go to OCR
        const images = (await extractImages(pdf, n)).filter((image) => image.width >= MIN_PICTURE_SIDE && image.height >= MIN_PICTURE_SIDE);
        const pngs = images.map((image) => rawPixelsToPng(image.data, image.width, image.height, image.channels));
        if (pngs.length) post({ id, type: 'images', page: n, text, images: pngs }, pngs.map((png) => png.buffer as ArrayBuffer));
        else post({ id, type: 'text', page: n, text });
      }
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  post({ id, type: 'done' });
}

parentPort!.on('message', (request: PdfRequest) => {
  if (request.type === 'cancel') {
    cancelled.add(request.id);
    return;
  }
  readPages(request.id, request.file)
    .catch((error: unknown) => {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      post({ id: request.id, type: 'error', name, message });
    })
    .finally(() => cancelled.delete(request.id));
});
