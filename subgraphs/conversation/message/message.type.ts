import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONScalar } from '../../../internal/graphql/federated-schema.js';
import { MessageRole } from '../../../internal/db/generated/enums.js';

registerEnumType(MessageRole, { name: 'MessageRole' });
export { MessageRole };

/** Shared with the persona subgraph (same fields, @shareable): what persona's answers cite. */
@Directive('@shareable')
@ObjectType()
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
  location!: unknown;

  @Field(() => Float, { description: 'Retrieval relevance' })
  score!: number;
}

/** Shared with the persona subgraph (same fields, @shareable). */
@Directive('@shareable')
@ObjectType()
export class AnswerAction {
  @Field()
  type!: string;

  @Field(() => JSONScalar, { nullable: true })
  payload!: unknown;
}

@ObjectType()
export class Message {
  @Field(() => ID)
  id!: string;

  @Field(() => MessageRole)
  role!: MessageRole;

  @Field()
  text!: string;

  @Field(() => String, { nullable: true, description: 'Avatar animation for this answer (assistant messages)' })
  animationHint!: string | null;

  @Field(() => [Citation])
  citations!: Citation[];

  @Field(() => [AnswerAction])
  actions!: AnswerAction[];

  @Field(() => Int, { nullable: true, description: 'Tokens the answer cost (assistant messages)' })
  tokenCount!: number | null;

  @Field(() => Date)
  createdAt!: Date;

  conversationId!: string;
}
