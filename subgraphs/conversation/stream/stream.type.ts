import { createUnionType, Field, ID, Int, ObjectType } from 'type-graphql';
import { Citation, Message } from '../message/message.type.js';

@ObjectType({ description: 'Someone (a member, or the persona while it prepares an answer) started or stopped typing' })
export class TypingEvent {
  @Field(() => ID)
  userId!: string;

  @Field()
  typing!: boolean;
}

@ObjectType({ description: "A piece of the answer being written; deltas concatenate to the final message's text" })
export class TokenEvent {
  @Field(() => ID)
  messageId!: string;

  @Field()
  delta!: string;

  @Field(() => Int, { description: '0, 1, 2, … within one answer' })
  index!: number;
}

@ObjectType({ description: 'A source the answer uses' })
export class CitationEvent {
  @Field(() => ID)
  messageId!: string;

  @Field(() => Citation)
  citation!: Citation;
}

@ObjectType({ description: 'The answer is complete and stored' })
export class MessageDoneEvent {
  @Field(() => Message)
  message!: Message;
}

@ObjectType({ description: 'The answer failed; no assistant message was stored' })
export class MessageErrorEvent {
  @Field(() => ID, { description: 'The answer that failed' })
  messageId!: string;

  @Field({ description: 'TIMEOUT, CANCELLED, INTERRUPTED (its producer died), LLM_UNAVAILABLE, QUOTA_EXCEEDED, FORBIDDEN, INTERNAL_SERVER_ERROR, …' })
  code!: string;

  @Field()
  message!: string;
}

export const MessageStreamEvent = createUnionType({
  name: 'MessageStreamEvent',
  types: () => [TypingEvent, TokenEvent, CitationEvent, MessageDoneEvent, MessageErrorEvent] as const,
  resolveType: (value) => (value as unknown as { __typename: string }).__typename,
});
