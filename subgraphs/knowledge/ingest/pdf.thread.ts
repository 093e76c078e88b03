/**
 * Reads a PDF in a worker thread: pdf.js is ESM-only and CPU-bound, so it
 * runs here, off the ingest worker's event loop (BullMQ's lock renewals keep
 * running) and under a memory limit. Posts a `PdfMessage` per page.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { extractImages, getDocumentProxy } from 'unpdf';
import type { PdfMessage } from './pdf.messages.js';
import { rawPixelsToPng } from './png.js';

const post = (message: PdfMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

async function readPages(file: string): Promise<void> {
  // verbosity 0: pdf.js's repair warnings are noise in the worker's log
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(file)), { verbosity: 0 });
  post({ type: 'start', pages: pdf.numPages });
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const text = (content.items as TextItem[]).map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join('');
    if (text.trim()) {
      post({ type: 'text', page: n, text });
    } else {
      // no text layer: a scanned page, whose pictures go to OCR
      const images = (await extractImages(pdf, n)).filter((image) => image.width >= 16 && image.height >= 16);
      const pngs = images.map((image) => rawPixelsToPng(image.data, image.width, image.height, image.channels));
      post({ type: 'images', page: n, images: pngs }, pngs.map((png) => png.buffer as ArrayBuffer));
    }
    page.cleanup();
  }
  await pdf.destroy();
  post({ type: 'done' });
}

readPages((workerData as { file: string }).file).catch((error: unknown) => {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  post({ type: 'error', name, message });
});
