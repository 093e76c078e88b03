import { IngestError, type ExtractDeps } from './ingest.types.js';

/**
 * The OCR text of several pictures (of one page), in order. A picture the
 * engine cannot read counts as blank: one odd image never fails a document.
 */
export async function recognizeAll(images: Buffer[], deps: Pick<ExtractDeps, 'ocr' | 'signal'>): Promise<string> {
  const texts = await Promise.all(
    images.map((image) =>
      deps.ocr.recognize(image, deps.signal).catch((error: unknown) => {
        if (error instanceof IngestError) return '';
        throw error;
      }),
    ),
  );
  return texts.map((t) => t.trim()).filter(Boolean).join('\n');
}
