import { callSubgraph } from '../../../internal/subgraph-client.js';
import type { RetrievedChunk } from './retrieved-chunk.js';

const SEARCH = /* GraphQL */ `
  query PersonaRetrieval($personaId: ID!, $query: String!, $limit: Int) {
    searchKnowledge(personaId: $personaId, query: $query, limit: $limit) {
      chunkId text score location source { id title }
    }
  }`;

/** The retrieval port: the one retrieval implementation lives in the knowledge subgraph. */
export interface Retriever {
  search(request: { personaId: string; query: string; limit: number; token: string | null; signal?: AbortSignal }): Promise<RetrievedChunk[]>;
}

/** knowledge's maximum `limit` (agreed contract: 1..50). */
export const MAX_SEARCH_LIMIT = 50;

/**
 * Calls knowledge's searchKnowledge at KNOWLEDGE_URL with the caller's own
 * token, so knowledge checks the org and persona like any request.
 */
export class KnowledgeRetriever implements Retriever {
  constructor(
    private readonly knowledgeUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async search({ personaId, query, limit, token, signal }: Parameters<Retriever['search']>[0]): Promise<RetrievedChunk[]> {
    const data = await callSubgraph<{ searchKnowledge: RetrievedChunk[] | null }>(
      this.knowledgeUrl,
      SEARCH,
      { personaId, query, limit: Math.min(Math.max(1, limit), MAX_SEARCH_LIMIT) },
      { token, signal, timeoutMs: this.timeoutMs },
    );
    return (data.searchKnowledge ?? []).filter((hit) => typeof hit?.chunkId === 'string' && typeof hit.text === 'string' && hit.source);
  }
}
