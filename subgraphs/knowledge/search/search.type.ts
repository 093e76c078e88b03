import { Field, Float, ID, ObjectType } from 'type-graphql';
import { JSONScalar } from '../../../internal/graphql/federated-schema.js';
import type { ChunkLocation } from '../ingest/ingest.types.js';
import { KnowledgeSource } from '../source/source.type.js';

@ObjectType({ description: 'A chunk of course material that matches a search, best first' })
export class KnowledgeSearchHit {
  @Field(() => ID)
  chunkId!: string;

  @Field(() => String)
  text!: string;

  @Field(() => Float, { description: 'hybrid score: weighted vector similarity plus keyword rank, higher is better' })
  score!: number;

  @Field(() => JSONScalar, { description: '{ label, page?, slide?, notes?, heading?, startSeconds?, endSeconds? }' })
  location!: ChunkLocation;

  @Field(() => KnowledgeSource)
  source!: KnowledgeSource;
}
