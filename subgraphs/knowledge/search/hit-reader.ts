import type pg from 'pg';
import { isUuid } from '../ids.js';
import type { ChunkLocation } from '../ingest/ingest.types.js';
import type { SourceRow } from '../source/source.view.js';

/** A search hit's chunk with its source. */
export interface HitRow {
  id: string;
  sourceId: string;
  index: number;
  text: string;
  location: ChunkLocation;
  source: SourceRow;
}

interface JoinedRow {
  id: string;
  source_id: string;
  index: number;
  text: string;
  location: ChunkLocation;
  org_id: string;
  persona_id: string;
  title: string;
  kind: SourceRow['kind'];
  mime_type: string;
  size_bytes: string;
  blob_key: string;
  sha256: string;
  status: SourceRow['status'];
  progress: number;
  error: string | null;
  chunk_count: number;
  embedding_model: string | null;
  embedding_dimension: number | null;
  units: number | null;
  ocr_units: number | null;
  reservation_id: string | null;
  created_by_id: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * The chunks a search returns, each with its source, in one round trip on
 * the search's own pool: the last step of every search, so it skips the ORM
 * (two queries and most of a search's garbage at 100k chunks, see
 * docs/knowledge-search.md). Prisma stores DateTime as UTC in `timestamp`
 * columns; `AT TIME ZONE 'UTC'` reads them back as such whatever the
 * process's time zone.
 */
export class HitReader {
  constructor(private readonly pool: pg.Pool) {}

  async read(orgId: string, personaId: string, chunkIds: readonly string[]): Promise<HitRow[]> {
    const ids = chunkIds.filter(isUuid);
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<JoinedRow>(
      `SELECT c.id::text, c.source_id::text, c.index, c.text, c.location,
              s.org_id::text, s.persona_id, s.title, s.kind, s.mime_type, s.size_bytes::text, s.blob_key, s.sha256, s.status,
              s.progress, s.error, s.chunk_count, s.embedding_model, s.embedding_dimension, s.units, s.ocr_units,
              s.reservation_id, s.created_by_id::text, s.created_at AT TIME ZONE 'UTC' AS created_at, s.updated_at AT TIME ZONE 'UTC' AS updated_at
         FROM knowledge_chunks c JOIN knowledge_sources s ON s.id = c.source_id
        WHERE c.org_id = $1::uuid AND c.persona_id = $2 AND s.org_id = $1::uuid AND c.id = ANY($3::uuid[])`,
      [orgId, personaId, ids],
    );
    // one source object per source, as a loader would give
    const sources = new Map<string, SourceRow>();
    return rows.map((row) => {
      let source = sources.get(row.source_id);
      if (!source) sources.set(row.source_id, (source = sourceOf(row)));
      return { id: row.id, sourceId: row.source_id, index: row.index, text: row.text, location: row.location, source };
    });
  }
}

function sourceOf(row: JoinedRow): SourceRow {
  return {
    id: row.source_id,
    orgId: row.org_id,
    personaId: row.persona_id,
    title: row.title,
    kind: row.kind,
    mimeType: row.mime_type,
    sizeBytes: BigInt(row.size_bytes),
    blobKey: row.blob_key,
    sha256: row.sha256,
    status: row.status,
    progress: row.progress,
    error: row.error,
    chunkCount: row.chunk_count,
    embeddingModel: row.embedding_model,
    embeddingDimension: row.embedding_dimension,
    units: row.units,
    ocrUnits: row.ocr_units,
    reservationId: row.reservation_id,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
