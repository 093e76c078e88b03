import type { GraphQLClient, GraphQLResponse } from '../support/client.js';

export const SOURCE_FIELDS = 'id title kind status progress chunkCount error sizeBytes mimeType units embeddingModel embeddingDimension';
export const UPLOAD = `mutation($personaId: ID!, $file: Upload!, $title: String) { uploadKnowledge(personaId: $personaId, file: $file, title: $title) { ${SOURCE_FIELDS} } }`;
export const SOURCE = `query($id: ID!) { knowledgeSource(id: $id) { ${SOURCE_FIELDS} } }`;
export const SOURCES = `query($personaId: ID!) { knowledgeSources(personaId: $personaId) { ${SOURCE_FIELDS} } }`;
export const SEARCH = `query($personaId: ID!, $query: String!, $limit: Int) {
  searchKnowledge(personaId: $personaId, query: $query, limit: $limit) { chunkId text score location source { id title } }
}`;
export const DELETE = `mutation($id: ID!) { deleteKnowledgeSource(id: $id) }`;
export const REINDEX = `mutation($id: ID!) { reindexKnowledgeSource(id: $id) { id status } }`;
export const PROGRESS = `subscription($id: ID!) { knowledgeSourceProgress(id: $id) { id status progress chunkCount error } }`;

export interface SourceView {
  id: string;
  title: string;
  kind: string;
  status: 'PENDING' | 'PROCESSING' | 'READY' | 'FAILED';
  progress: number;
  chunkCount: number;
  error: string | null;
  sizeBytes: number;
  units: number | null;
  embeddingModel: string | null;
}

export interface Hit {
  chunkId: string;
  text: string;
  score: number;
  location: { label: string; page?: number; slide?: number; notes?: boolean; heading?: string };
  source: { id: string; title: string };
}

/** Uploads bytes as a file through the gateway's multipart endpoint. */
export function upload(client: GraphQLClient, personaId: string, bytes: Buffer | Blob, filename: string, title?: string): Promise<GraphQLResponse> {
  const body = bytes instanceof Blob ? bytes : new Blob([new Uint8Array(bytes)]);
  return client.upload(UPLOAD, { personaId, file: null, title: title ?? null }, { file: { body, filename } });
}

/** Uploads and returns the new source, failing on any error. */
export async function uploadOk(client: GraphQLClient, personaId: string, bytes: Buffer, filename: string, title?: string): Promise<SourceView> {
  const res = await upload(client, personaId, bytes, filename, title);
  if (res.errors?.length || !res.data?.uploadKnowledge) throw new Error(`upload failed: ${JSON.stringify(res.errors)}`);
  return res.data.uploadKnowledge as SourceView;
}

/** Polls the source until it is READY or FAILED (a bound, not a timing assertion). */
export async function settled(client: GraphQLClient, id: string, timeoutMs = 60_000): Promise<SourceView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const source = (await client.ok(SOURCE, { id })).knowledgeSource as SourceView;
    if (source.status === 'READY' || source.status === 'FAILED') return source;
    if (Date.now() > deadline) throw new Error(`source ${id} still ${source.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function search(client: GraphQLClient, personaId: string, query: string, limit = 3): Promise<Hit[]> {
  return (await client.ok(SEARCH, { personaId, query, limit })).searchKnowledge as Hit[];
}
