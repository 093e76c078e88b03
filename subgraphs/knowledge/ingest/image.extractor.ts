import { readFile } from 'node:fs/promises';
import { IngestError, type ExtractDeps, type Extraction } from './ingest.types.js';

export const IMAGE_LABEL = 'image';

/** A picture (PNG, JPEG, WebP, TIFF) read by OCR as one section. */
export async function extractImage(file: string, deps: ExtractDeps): Promise<Extraction> {
  const text = (await deps.ocr.recognize(await readFile(file), deps.signal)).trim();
  if (!text) throw new IngestError('no text found in the image: OCR read nothing');
  return { sections: [{ text, location: { label: IMAGE_LABEL } }], units: 1, ocrUnits: 1 };
}
