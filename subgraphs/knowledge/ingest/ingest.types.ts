/**
 * The ingest pipeline's shapes: detect → extract (OCR / transcribe) → chunk.
 * Agreed between the pipeline (this folder), the ingest worker and the
 * knowledge subgraph; change them in one commit with their users.
 */

/** Kinds as the contract names them (`KnowledgeSource.kind`). */
export type SourceKind = 'PDF' | 'DOCX' | 'PPTX' | 'TEXT' | 'MARKDOWN' | 'IMAGE' | 'AUDIO' | 'VIDEO';

/** What the file's magic bytes say it is. */
export interface DetectedType {
  kind: SourceKind;
  mimeType: string;
  /** conventional extension without the dot, e.g. "pdf" */
  extension: string;
}

/** Where a piece of text sits in its source; JSON in the database and in `searchKnowledge.location`. */
export interface ChunkLocation {
  /** human-readable, e.g. "page 3", "slide 2 (notes)", "Photosynthesis › Light reactions", "01:20–01:45" */
  label: string;
  page?: number;
  slide?: number;
  notes?: boolean;
  heading?: string;
  startSeconds?: number;
  endSeconds?: number;
}

/** A run of text with one location (a page, a slide, its notes, a section under a heading, a transcript segment). */
export interface Section {
  text: string;
  location: ChunkLocation;
  /** true when the text is a heading line (chunks prefer to start at headings) */
  heading?: boolean;
}

export interface Extraction {
  sections: Section[];
  /** pages (PDF), slides (PPTX) or images; 1 for flat text */
  units: number;
  /** units read by OCR */
  ocrUnits: number;
}

export interface Chunk {
  /** 0-based position in the source */
  index: number;
  text: string;
  tokenCount: number;
  location: ChunkLocation;
}

/** A failure the user can act on. `retryable` false = fail the source now, no retries. */
export class IngestError extends Error {
  constructor(
    /** human-readable reason shown as `KnowledgeSource.error` */
    readonly reason: string,
    readonly retryable = false,
  ) {
    super(reason);
    this.name = 'IngestError';
  }
}

/** OCR of one image (PNG, JPEG, WebP, TIFF, or a rendered PDF page). */
export interface OcrEngine {
  recognize(image: Buffer, signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

/** Speech to text with timestamps. */
export interface Transcriber {
  transcribe(file: string, mimeType: string, signal?: AbortSignal): Promise<{ text: string; startSeconds: number; endSeconds: number }[]>;
}

export interface ExtractDeps {
  ocr: OcrEngine;
  /** null: audio/video fail with "transcription is not configured" */
  transcriber: Transcriber | null;
  signal?: AbortSignal;
  /** 0..1 within extraction */
  onProgress?: (fraction: number) => void;
  /** zip-bomb limits for DOCX/PPTX (defaults: 200 MB inflated, ratio 100) */
  limits?: Partial<ArchiveLimits>;
}

/** What a DOCX/PPTX may inflate to, checked from its ZIP directory before anything is inflated. */
export interface ArchiveLimits {
  /** refuse an archive whose entries inflate to more than this in total */
  maxUncompressedBytes: number;
  /** refuse a large entry (> 1 MB inflated) that inflates more than this many times its compressed size */
  maxCompressionRatio: number;
}
