import type { KnowledgeSource as SourceRow } from '../../../internal/db/generated/client.js';
import type { KnowledgeSource } from './source.type.js';

export type { SourceRow };

/** A database row as the GraphQL object (bigint size as a number, the persona as its stub). */
export function toView(row: SourceRow): KnowledgeSource {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    mimeType: row.mimeType,
    sizeBytes: Number(row.sizeBytes),
    status: row.status,
    progress: row.progress,
    chunkCount: row.chunkCount,
    error: row.error,
    units: row.units,
    embeddingModel: row.embeddingModel,
    embeddingDimension: row.embeddingDimension,
    persona: { id: row.personaId },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What a progress message carries over Redis (JSON: dates as ISO strings). */
export type SourceSnapshot = Omit<KnowledgeSource, 'createdAt' | 'updatedAt'> & { orgId: string; createdAt: string; updatedAt: string };

export function toSnapshot(row: SourceRow): SourceSnapshot {
  const view = toView(row);
  return { ...view, orgId: row.orgId, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export function fromSnapshot(snapshot: SourceSnapshot): KnowledgeSource {
  return { ...snapshot, createdAt: new Date(snapshot.createdAt), updatedAt: new Date(snapshot.updatedAt) };
}
