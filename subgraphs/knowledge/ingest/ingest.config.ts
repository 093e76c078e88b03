import { z } from 'zod';
import { env, type ConfigOf } from '../../../internal/config/env.js';
import type { ExtractDeps } from './ingest.types.js';
import { createOcrPool } from './ocr-pool.js';
import { OpenAiTranscriber } from './openai-transcriber.js';

/** The pipeline's variables, for the shape of the process that runs it (spread into its `envShape`). */
export const ingestEnv = {
  OPENAI_API_KEY: z.string().min(1).optional().describe('OpenAI API key; audio and video are transcribed only when it is set'),
  OPENAI_BASE_URL: env.url('OpenAI API base URL, e.g. https://api.openai.com/v1').default('https://api.openai.com/v1'),
  TRANSCRIPTION_MODEL: z.string().min(1).default('whisper-1').describe('OpenAI speech-to-text model that returns timed segments'),
  OCR_POOL_SIZE: env.positiveInt(1).describe('tesseract workers (threads, ~100 MB each) shared by the jobs of one process'),
  OCR_LANG_PATH: z.string().min(1).optional().describe('folder holding eng.traineddata.gz; default: the one shipped in @tesseract.js-data/eng'),
  INGEST_MAX_INFLATED_MB: env.positiveInt(200).describe('a DOCX/PPTX whose parts inflate to more (MB) is refused as a zip bomb'),
  INGEST_MAX_COMPRESSION_RATIO: env.positiveInt(100).describe('a DOCX/PPTX part that inflates more than this many times is refused as a zip bomb'),
};

export type IngestConfig = ConfigOf<typeof ingestEnv>;

/** The engines extraction needs, built from config; close `ocr` at shutdown. */
export function createIngestDeps(config: IngestConfig, onOcrError?: (message: string) => void): Required<Pick<ExtractDeps, 'ocr' | 'transcriber' | 'limits'>> {
  return {
    ocr: createOcrPool({ size: config.OCR_POOL_SIZE, langPath: config.OCR_LANG_PATH, onError: onOcrError }),
    transcriber: config.OPENAI_API_KEY
      ? new OpenAiTranscriber({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.TRANSCRIPTION_MODEL })
      : null,
    limits: { maxUncompressedBytes: config.INGEST_MAX_INFLATED_MB * 1024 * 1024, maxCompressionRatio: config.INGEST_MAX_COMPRESSION_RATIO },
  };
}
