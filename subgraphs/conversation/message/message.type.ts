import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AnswerAction, Citation } from '../../../internal/graphql/answer-types.js';
import { MessageRole } from '../../../internal/db/generated/enums.js';

registerEnumType(MessageRole, { name: 'MessageRole' });
export { AnswerAction, Citation, MessageRole };

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
