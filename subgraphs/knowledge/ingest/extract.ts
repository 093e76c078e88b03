import { stat } from 'node:fs/promises';
import { IngestError, type DetectedType, type ExtractDeps, type Extraction } from './ingest.types.js';
import { extractDocx } from './docx.extractor.js';
import { extractImage } from './image.extractor.js';
import { extractMarkdown } from './markdown.extractor.js';
import { extractMedia } from './media.extractor.js';
import { extractPdf } from './pdf.extractor.js';
import { extractPptx } from './pptx.extractor.js';
import { extractPlainText } from './text.extractor.js';

type Extractor = (file: string, type: DetectedType, deps: ExtractDeps) => Promise<Extraction>;

const EXTRACTORS: Record<DetectedType['kind'], Extractor> = {
  TEXT: (file) => extractPlainText(file),
  MARKDOWN: (file) => extractMarkdown(file),
  PDF: (file, _type, deps) => extractPdf(file, deps),
  DOCX: (file, _type, deps) => extractDocx(file, deps),
  PPTX: (file, _type, deps) => extractPptx(file, deps),
  IMAGE: (file, _type, deps) => extractImage(file, deps),
  AUDIO: extractMedia,
  VIDEO: extractMedia,
};

/**
 * The text of `file` as located sections, by the extractor for its detected
 * kind. Throws `IngestError` with a reason the user can act on for anything
 * wrong with the file (empty, damaged, encrypted, a zip bomb, no text).
 */
export async function extractText(file: string, type: DetectedType, deps: ExtractDeps): Promise<Extraction> {
  const { size } = await stat(file);
  if (size === 0) throw new IngestError('the file is empty');
  deps.signal?.throwIfAborted();
  const extraction = await EXTRACTORS[type.kind](file, type, deps);
  if (!extraction.sections.some((s) => s.text.trim())) throw new IngestError(`no text found in this ${type.kind === 'IMAGE' ? 'image' : 'file'}`);
  deps.onProgress?.(1);
  return extraction;
}
