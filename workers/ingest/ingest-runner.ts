import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EventPublisher } from '../../internal/events/events.js';
import type { Logger } from '../../internal/logger.js';
import type { PubSub } from '../../internal/pubsub.js';
import type { BlobStore } from '../../internal/storage/blob-store.js';
import { IngestError, type Chunk, type DetectedType, type ExtractDeps, type OcrEngine, type Transcriber } from '../../subgraphs/knowledge/ingest/ingest.types.js';
import { chunkSections, extractText } from '../../subgraphs/knowledge/ingest/index.js';
import type { ChunkService } from '../../subgraphs/knowledge/search/chunk.service.js';
import type { EmbeddingProvider, VectorStore } from '../../subgraphs/knowledge/search/search.types.js';
import { publishProgress } from '../../subgraphs/knowledge/source/source-progress.js';
import type { SourceService } from '../../subgraphs/knowledge/source/source.service.js';
import type { SourceRow } from '../../subgraphs/knowledge/source/source.view.js';
import { ProgressReporter } from './progress-reporter.js';

export interface RunnerDeps {
  sources: SourceService;
  chunks: ChunkService;
  blobs: BlobStore;
  embedder: EmbeddingProvider;
  vectors: VectorStore;
  ocr: OcrEngine;
  transcriber: Transcriber | null;
  limits: ExtractDeps['limits'];
  pubsub: PubSub;
  events: EventPublisher;
  log: Logger;
  tmpDir: string;
  chunkTokens: number;
  overlapTokens: number;
  embedBatchSize: number;
}

export type RunOutcome = 'ready' | 'gone';

/** Chunks written since the last ANALYZE that make another one worth it, and how often at most. */
const ANALYZE_AFTER_CHUNKS = 500;
const ANALYZE_EVERY_MS = 30_000;

// share of the progress bar each stage fills
const EXTRACTED = 0.6;
const EMBEDDED = 0.9;

/** The source was deleted while it was being ingested: stop quietly. */
class SourceGone extends Error {}

/**
 * One ingest run of a source: PROCESSING → extract (OCR / transcribe) →
 * chunk → embed → chunks replaced in one transaction → vectors replaced →
 * READY. Idempotent: chunk and vector ids are fixed by source and index,
 * and both are replaced whole, so a retried or duplicated run leaves one set.
 */
export class IngestRunner {
  private chunksSinceAnalyze = 0;
  private lastAnalyzeAt = 0;

  constructor(private readonly deps: RunnerDeps) {}

  async run(sourceId: string, signal: AbortSignal): Promise<RunOutcome> {
    const { sources, pubsub } = this.deps;
    const started = await sources.startProcessing(sourceId);
    if (!started) return 'gone';
    await publishProgress(pubsub, started);
    const file = path.join(this.deps.tmpDir, `ingest-${randomUUID()}`);
    try {
      await this.ingest(started, file, signal);
      return 'ready';
    } catch (err) {
      if (err instanceof SourceGone) return 'gone';
      throw err;
    } finally {
      await rm(file, { force: true });
    }
  }

  private async ingest(source: SourceRow, file: string, signal: AbortSignal): Promise<void> {
    const { sources, chunks, vectors, embedder, pubsub, events, log } = this.deps;
    const progress = new ProgressReporter(source.id, sources, pubsub);
    await this.fetchBlob(source.blobKey, file);
    const type: DetectedType = { kind: source.kind, mimeType: source.mimeType, extension: path.extname(source.blobKey).slice(1) };
    const extraction = await extractText(file, type, {
      ocr: this.deps.ocr,
      transcriber: this.deps.transcriber,
      limits: this.deps.limits,
      signal,
      onProgress: (fraction) => progress.report(fraction * EXTRACTED),
    });
    signal.throwIfAborted();
    const pieces = chunkSections(extraction.sections, { targetTokens: this.deps.chunkTokens, overlapTokens: this.deps.overlapTokens });
    if (!pieces.length) throw new IngestError('No text could be read from this file');
    const embedded = await this.embed(pieces, signal, (fraction) => progress.report(EXTRACTED + fraction * (EMBEDDED - EXTRACTED)));
    await progress.flush();

    const chunkIds = await chunks.replace(source, pieces).catch(async (err: unknown) => {
      throw (await sources.findInOrg(source.orgId, source.id)) ? err : new SourceGone();
    });
    this.refreshStatisticsAfter(pieces.length);
    await vectors.deleteSource(source.orgId, source.id);
    await vectors.upsert(
      chunkIds.map((chunkId, i) => ({ chunkId, orgId: source.orgId, personaId: source.personaId, sourceId: source.id, model: embedder.model, vector: embedded[i]! })),
    );
    const ready = await sources.markReady(source.id, {
      chunkCount: pieces.length,
      embeddingModel: embedder.model,
      embeddingDimension: embedder.dimension,
      units: extraction.units,
      ocrUnits: extraction.ocrUnits,
    });
    if (!ready) {
      // deleted while the vectors were written: take them back out
      await vectors.deleteSource(source.orgId, source.id);
      throw new SourceGone();
    }
    await publishProgress(pubsub, ready);
    await events.publish({ type: 'source_ready', orgId: ready.orgId, userId: ready.createdById, payload: { sourceId: ready.id, personaId: ready.personaId, kind: ready.kind } });
    log.info({ sourceId: ready.id, kind: ready.kind, chunks: pieces.length, units: extraction.units, ocrUnits: extraction.ocrUnits }, 'knowledge source ready');
  }

  /** Keeps the keyword search's query plans right while a corpus grows fast (see ChunkService.refreshStatistics). */
  private refreshStatisticsAfter(written: number): void {
    this.chunksSinceAnalyze += written;
    if (this.chunksSinceAnalyze < ANALYZE_AFTER_CHUNKS || Date.now() - this.lastAnalyzeAt < ANALYZE_EVERY_MS) return;
    this.chunksSinceAnalyze = 0;
    this.lastAnalyzeAt = Date.now();
    void this.deps.chunks.refreshStatistics().catch((err: unknown) => this.deps.log.warn({ err }, 'ANALYZE of the chunk table failed'));
  }

  private async fetchBlob(key: string, file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    try {
      await pipeline(this.deps.blobs.openRead(key), createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new IngestError('The uploaded file is missing from storage; upload it again');
      throw err;
    }
  }

  private async embed(pieces: Chunk[], signal: AbortSignal, onProgress: (fraction: number) => void): Promise<Float32Array[]> {
    const { embedder, embedBatchSize } = this.deps;
    const out: Float32Array[] = [];
    for (let i = 0; i < pieces.length; i += embedBatchSize) {
      signal.throwIfAborted();
      const batch = pieces.slice(i, i + embedBatchSize);
      const vectors = await embedder.embed(batch.map((piece) => piece.text), signal);
      if (vectors.length !== batch.length) throw new Error(`the embedding provider returned ${vectors.length} vectors for ${batch.length} texts`);
      out.push(...vectors);
      onProgress(out.length / pieces.length);
    }
    return out;
  }
}
