import { IngestError, type DetectedType, type ExtractDeps, type Extraction, type Section } from './ingest.types.js';
import { formatSpan } from './timestamps.js';

export const TRANSCRIPTION_NOT_CONFIGURED = 'transcription is not configured: set OPENAI_API_KEY';

/** Audio or video through the transcriber: one section per timed segment ("01:20–01:45"). */
export async function extractMedia(file: string, type: DetectedType, deps: ExtractDeps): Promise<Extraction> {
  if (!deps.transcriber) throw new IngestError(TRANSCRIPTION_NOT_CONFIGURED);
  const segments = await deps.transcriber.transcribe(file, type.mimeType, deps.signal);
  const sections: Section[] = segments
    .filter((segment) => segment.text.trim())
    .map(({ text, startSeconds, endSeconds }) => ({
      text: text.trim(),
      location: { label: formatSpan(startSeconds, endSeconds), startSeconds, endSeconds },
    }));
  if (sections.length === 0) throw new IngestError(`no speech found in the ${type.kind === 'VIDEO' ? 'video' : 'recording'}`);
  return { sections, units: 1, ocrUnits: 0 };
}
