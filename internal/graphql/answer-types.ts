import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { JSONScalar } from './federated-schema.js';

// One definition for both subgraphs that return answers: persona (askPersona)
// and conversation (stored assistant messages, CitationEvent). @shareable lets
// both resolve the same type.

@Directive('@shareable')
@ObjectType({ description: 'A passage of the course material an answer used' })
export class Citation {
  @Field(() => ID)
  sourceId!: string;

  @Field()
  sourceTitle!: string;

  @Field(() => ID)
  chunkId!: string;

  @Field({ description: 'The start of the passage' })
  snippet!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Where it is: { label, page?, slide?, notes?, heading?, startSeconds?, endSeconds? }' })
  location!: Record<string, unknown> | null;

  @Field(() => Float, { description: 'Retrieval relevance' })
  score!: number;
}

@Directive('@shareable')
@ObjectType({ description: 'Something the app may do with an answer, e.g. { type: "show_source", payload: { sourceId, chunkId, location } }' })
export class AnswerAction {
  @Field()
  type!: string;

  @Field(() => JSONScalar, { nullable: true })
  payload!: Record<string, unknown> | null;
}
