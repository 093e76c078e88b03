/**
 * The search side's ports: embeddings and the vector store. Agreed between
 * the adapters (this folder), the ingest worker and the knowledge subgraph.
 */

export interface EmbeddingProvider {
  /** recorded per source, e.g. "offline-hash-v1", "openai:text-embedding-3-small" */
  readonly model: string;
  readonly dimension: number;
  /** one unit-length vector per text, in order */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export interface VectorRecord {
  chunkId: string;
  orgId: string;
  personaId: string;
  sourceId: string;
  /** embedding model; queries only ever compare vectors of the same model */
  model: string;
  vector: Float32Array;
}

export interface VectorQuery {
  orgId: string;
  personaId: string;
  model: string;
  vector: Float32Array;
  limit: number;
}

export interface VectorHit {
  chunkId: string;
  sourceId: string;
  /** cosine similarity, -1..1 */
  score: number;
}

export interface VectorStore {
  /** insert or replace by chunkId (idempotent) */
  upsert(records: VectorRecord[]): Promise<void>;
  /** removes every vector of the source (all models) */
  deleteSource(orgId: string, sourceId: string): Promise<void>;
  /** only vectors of this org, this persona and this model — never any other */
  query(query: VectorQuery): Promise<VectorHit[]>;
  close(): Promise<void>;
}
