import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { BadInput } from '../../../internal/errors.js';
import { claimsOf } from '../../../internal/graphql/context.js';
import type { KnowledgeContext } from '../context.js';
import { toView } from '../source/source.view.js';
import type { KnowledgeSearch } from './search.service.js';
import { KnowledgeSearchHit } from './search.type.js';

export const MAX_SEARCH_LIMIT = 50;
const MAX_QUERY_CHARS = 2_000;

@Resolver()
export class SearchResolver {
  constructor(private readonly searcher: KnowledgeSearch) {}

  @Query(() => [KnowledgeSearchHit], {
    nullable: true,
    description: "What the persona finds for a question: chunks of its READY sources, best first (limit 1..50, default 10). Any member of the persona's organization",
  })
  async searchKnowledge(
    @Arg('personaId', () => ID) personaId: string,
    @Arg('query', () => String) query: string,
    @Arg('limit', () => Int, { nullable: true }) limit: number | null,
    @Ctx() ctx: KnowledgeContext,
  ): Promise<KnowledgeSearchHit[]> {
    const claims = claimsOf(ctx);
    const size = limit ?? 10;
    if (!(size >= 1 && size <= MAX_SEARCH_LIMIT)) throw BadInput(`limit must be between 1 and ${MAX_SEARCH_LIMIT}`, { field: 'limit' });
    const text = query.trim();
    if (!text) throw BadInput('query must not be empty', { field: 'query' });
    if (text.length > MAX_QUERY_CHARS) throw BadInput(`query must be at most ${MAX_QUERY_CHARS} characters`, { field: 'query' });
    const hits = await this.searcher.search(claims.org, personaId, text, size);
    return hits.map((hit) => ({ chunkId: hit.id, text: hit.text, score: hit.score, location: hit.location, source: toView(hit.source) }));
  }
}
