import mammoth from 'mammoth';
import { htmlToSections } from './html-outline.js';
import { IngestError, type ExtractDeps, type Extraction } from './ingest.types.js';
import { archiveLimits } from './zip.js';
import { assertSafeZipFile } from './zip-guard.js';

/** Pictures are dropped: mammoth would inline each as base64 in the HTML. */
const dropImages = mammoth.images.imgElement(async () => ({ src: '' }));

/**
 * A Word document: sections under their heading path ("Chapter 1 ›
 * Photosynthesis"), tables as "cell | cell" rows. The ZIP's declared sizes
 * are checked before anything is inflated.
 */
export async function extractDocx(file: string, deps: ExtractDeps): Promise<Extraction> {
  await assertSafeZipFile(file, archiveLimits(deps.limits));
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ path: file }, { convertImage: dropImages })).value;
  } catch (error) {
    throw new IngestError(`the Word document is damaged and cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const sections = htmlToSections(html);
  if (sections.length === 0) throw new IngestError('no text found in the Word document');
  return { sections, units: 1, ocrUnits: 0 };
}
