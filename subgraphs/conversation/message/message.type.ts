import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONScalar } from '../../../internal/graphql/federated-schema.js';
import { MessageRole } from '../../../internal/db/generated/enums.js';

registerEnumType(MessageRole, { name: 'MessageRole' });
export { MessageRole };

@ObjectType({ description: 'A source passage an answer used' })
export class MessageCitation {
  @Field(() => ID)
  sourceId!: string;

  @Field(() => String, { nullable: true })
  sourceTitle!: string | null;

  @Field(() => ID)
  chunkId!: string;

  @Field(() => String)
  snippet!: string;

  @Field(() => JSONScalar, { nullable: true, description: '{ label, page?, slide?, heading?, startSeconds?, … }' })
  location!: unknown;

  @Field(() => Float, { nullable: true })
  score!: number | null;
}

@ObjectType()
export class MessageAction {
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

  @Field(() => [MessageCitation])
  citations!: MessageCitation[];

  @Field(() => [MessageAction])
  actions!: MessageAction[];

  @Field(() => Int, { nullable: true, description: 'Tokens the answer cost (assistant messages)' })
  tokenCount!: number | null;

  @Field(() => Date)
  createdAt!: Date;

  conversationId!: string;
}
