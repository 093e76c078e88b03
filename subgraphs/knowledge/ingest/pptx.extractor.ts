import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { IngestError, type ExtractDeps, type Extraction, type Section } from './ingest.types.js';
import { attribute, findAll, parseXml, relationshipTargets, relsPathOf, slideLines } from './pptx-xml.js';
import { archiveLimits } from './zip.js';
import { assertSafeZipFile } from './zip-guard.js';

const PRESENTATION = 'ppt/presentation.xml';

async function partText(zip: JSZip, name: string): Promise<string | null> {
  return (await zip.file(name)?.async('string')) ?? null;
}

/** The slides' part paths in presentation order (sldIdLst), not in file-name order. */
async function slidePaths(zip: JSZip): Promise<string[]> {
  const presentation = await partText(zip, PRESENTATION);
  const rels = await partText(zip, relsPathOf(PRESENTATION));
  if (!presentation || !rels) throw new IngestError('the presentation is damaged: its slide list is missing');
  const targets = relationshipTargets(rels, PRESENTATION);
  return findAll(parseXml(presentation), 'p:sldId')
    .map((slideId) => targets.get(attribute(slideId, 'r:id') ?? '')?.target)
    .filter((target): target is string => target !== undefined);
}

/** The speaker notes page of a slide, through the slide's relationships. */
async function notesPath(zip: JSZip, slidePath: string): Promise<string | undefined> {
  const rels = await partText(zip, relsPathOf(slidePath));
  if (!rels) return undefined;
  return [...relationshipTargets(rels, slidePath).values()].find((rel) => rel.type.endsWith('/notesSlide'))?.target;
}

/**
 * A PowerPoint file: each slide's text ({label: "slide N", slide: N}) and its
 * speaker notes as a section of their own ("slide N (notes)"), in
 * presentation order. The ZIP's declared sizes are checked first.
 */
export async function extractPptx(file: string, deps: ExtractDeps): Promise<Extraction> {
  await assertSafeZipFile(file, archiveLimits(deps.limits));
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await readFile(file));
  } catch (error) {
    throw new IngestError(`the presentation is damaged and cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const slides = await slidePaths(zip);
  const sections: Section[] = [];
  for (const [i, slidePath] of slides.entries()) {
    deps.signal?.throwIfAborted();
    const n = i + 1;
    const slideXml = await partText(zip, slidePath);
    const lines = slideXml ? slideLines(slideXml) : [];
    if (lines.length) sections.push({ text: lines.join('\n'), location: { label: `slide ${n}`, slide: n } });
    const notes = await notesPath(zip, slidePath);
    const notesXml = notes ? await partText(zip, notes) : null;
    const noteLines = notesXml ? slideLines(notesXml, 'body') : [];
    if (noteLines.length) sections.push({ text: noteLines.join('\n'), location: { label: `slide ${n} (notes)`, slide: n, notes: true } });
    deps.onProgress?.(Math.min(0.99, n / slides.length));
  }
  if (sections.length === 0) throw new IngestError(slides.length ? 'no text found on the slides or in their notes' : 'the presentation has no slides');
  return { sections, units: slides.length, ocrUnits: 0 };
}
