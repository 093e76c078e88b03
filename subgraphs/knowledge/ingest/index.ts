/** The ingest pipeline: detect → extract (OCR / transcribe) → chunk. */
export * from './ingest.types.js';
export { detectFile, detectFileType } from './detect.js';
export { extractText } from './extract.js';
export { chunkSections, type ChunkOptions } from './chunker.js';
export { DEFAULT_ARCHIVE_LIMITS } from './zip.js';
export { formatSpan, formatTimestamp } from './timestamps.js';
export { createOcrPool, defaultLangPath, type OcrPoolOptions } from './ocr-pool.js';
export { OpenAiTranscriber, type OpenAiTranscriberOptions } from './openai-transcriber.js';
export { TRANSCRIPTION_NOT_CONFIGURED } from './media.extractor.js';
export { ingestEnv, createIngestDeps, type IngestConfig } from './ingest.config.js';
export { closePdfThread } from './pdf-reader.js';
