import type { RequestContext } from '../../internal/graphql/context.js';
import type { SourceRow } from './source/source.view.js';
import type { KnowledgeSource } from './source/source.type.js';
import type { createSourceLoaders } from './source/source.loader.js';

export type KnowledgeLoaders = ReturnType<typeof createSourceLoaders>;

/** Opens a source's progress events (type-graphql's `subscribe` is static, so it reaches the process's pub/sub through the context). */
export interface ProgressFeed {
  open(orgId: string, source: SourceRow): Promise<AsyncIterableIterator<KnowledgeSource>>;
  find(orgId: string, id: string): Promise<SourceRow | null>;
}

export type KnowledgeContext = RequestContext<KnowledgeLoaders> & { progress: ProgressFeed };
