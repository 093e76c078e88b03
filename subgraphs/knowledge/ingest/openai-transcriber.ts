import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import OpenAI, { toFile } from 'openai';
import { IngestError, type Transcriber } from './ingest.types.js';

export interface OpenAiTranscriberOptions {
  apiKey: string;
  /** e.g. an OpenAI-compatible server; default OpenAI's */
  baseURL?: string;
  /** default "whisper-1" (the model that returns timed segments) */
  model?: string;
  /** the service's upload limit: OpenAI's audio API takes 25 MB at most */
  maxBytes?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

/** File names tell the service the format (the stored file may have none). */
const EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
};

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Client errors are about the recording (refused for good); rate limits, 5xx and network errors are retried by the job. */
function reasonFor(error: unknown): IngestError | unknown {
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return error;
  if (error.status === 401 || error.status === 403) return new IngestError(`transcription failed: the service refused the API key (HTTP ${error.status})`);
  if (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
    return new IngestError(`the transcription service refused the recording: ${error.message}`);
  }
  return error;
}

/** Speech to text through OpenAI's audio API (`/audio/transcriptions`, verbose_json segments). */
export class OpenAiTranscriber implements Transcriber {
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly maxBytes: number;

  constructor(options: OpenAiTranscriberOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 10 * 60_000,
      maxRetries: options.maxRetries ?? 2,
    });
    this.model = options.model ?? 'whisper-1';
    this.maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  }

  async transcribe(file: string, mimeType: string, signal?: AbortSignal) {
    const { size } = await stat(file);
    if (size > this.maxBytes) {
      throw new IngestError(`the recording is ${megabytes(size)}: the transcription service takes ${megabytes(this.maxBytes)} at most`);
    }
    const upload = await toFile(createReadStream(file), `recording.${EXTENSIONS[mimeType] ?? 'mp3'}`, { type: mimeType });
    let result: OpenAI.Audio.TranscriptionVerbose;
    try {
      result = await this.client.audio.transcriptions.create(
        { file: upload, model: this.model, response_format: 'verbose_json', timestamp_granularities: ['segment'] },
        { signal },
      );
    } catch (error) {
      throw reasonFor(error);
    }
    const segments = result.segments ?? [];
    if (segments.length === 0 && result.text?.trim()) return [{ text: result.text, startSeconds: 0, endSeconds: result.duration ?? 0 }];
    return segments.map((segment) => ({ text: segment.text, startSeconds: segment.start, endSeconds: segment.end }));
  }
}
