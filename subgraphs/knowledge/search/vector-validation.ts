import type { VectorQuery, VectorRecord } from './search.types.js';
import { isFiniteVector } from './vector-codec.js';

/** A write or query the store refuses: a bug in the caller, never shown to users as such. */
export class VectorStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VectorStoreError';
  }
}

/** A vector whose length is not the dimension its model already has in the store. */
export class VectorDimensionMismatch extends VectorStoreError {
  constructor(readonly model: string, readonly expected: number, readonly actual: number) {
    super(`embedding model "${model}" has dimension ${expected} in the vector store; got a vector of dimension ${actual}`);
    this.name = 'VectorDimensionMismatch';
  }
}

/**
 * Checks a batch before any write: ids present, vectors finite and non-empty,
 * one dimension per model. Returns the batch with repeated chunkIds
 * collapsed (the last one wins, as separate upserts would).
 */
export function checkRecords(records: VectorRecord[]): VectorRecord[] {
  const dimensions = new Map<string, number>();
  const byChunk = new Map<string, VectorRecord>();
  for (const record of records) {
    for (const field of ['chunkId', 'orgId', 'personaId', 'sourceId', 'model'] as const) {
      if (typeof record[field] !== 'string' || record[field].length === 0) throw new VectorStoreError(`vector record without ${field}`);
    }
    if (!(record.vector instanceof Float32Array) || record.vector.length === 0) throw new VectorStoreError(`chunk ${record.chunkId}: empty vector`);
    if (!isFiniteVector(record.vector)) throw new VectorStoreError(`chunk ${record.chunkId}: vector holds a non-finite value`);
    const known = dimensions.get(record.model);
    if (known === undefined) dimensions.set(record.model, record.vector.length);
    else if (known !== record.vector.length) throw new VectorDimensionMismatch(record.model, known, record.vector.length);
    byChunk.delete(record.chunkId);
    byChunk.set(record.chunkId, record);
  }
  return [...byChunk.values()];
}

export function checkQuery(query: VectorQuery): void {
  if (!query.orgId || !query.personaId || !query.model) throw new VectorStoreError('vector query needs orgId, personaId and model');
  if (!Number.isInteger(query.limit) || query.limit < 0) throw new VectorStoreError(`vector query limit must be a non-negative integer, got ${query.limit}`);
  if (!(query.vector instanceof Float32Array) || query.vector.length === 0 || !isFiniteVector(query.vector)) {
    throw new VectorStoreError('vector query needs a non-empty vector of finite values');
  }
}
