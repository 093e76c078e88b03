/**
 * The one place the knowledge subgraph and the ingest worker take the
 * ingest pipeline from (detect, extract, OCR, transcribe, chunk).
 * OCR and transcription are stand-ins until the ingest branch's land.
 */
import { IngestError, type OcrEngine, type Transcriber } from './ingest/index.js';

export { chunkSections, detectFile, detectFileType, extractText } from './ingest/index.js';

export function createOcrPool(_options: { size: number }): OcrEngine {
  return {
    recognize: async () => {
      throw new IngestError('OCR is not available yet');
    },
    close: async () => undefined,
  };
}

export class OpenAiTranscriber implements Transcriber {
  constructor(_options: unknown) {}
  transcribe(): Promise<{ text: string; startSeconds: number; endSeconds: number }[]> {
    throw new IngestError('transcription is not configured');
  }
}
