import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { JSONScalar } from '../../../internal/graphql/federated-schema.js';

// Citation and AnswerAction are @shareable: the conversation subgraph stores
// answers with the same shapes on its messages.
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

@ObjectType({ description: 'Tokens one answer used' })
export class AnswerUsage {
  @Field(() => Int)
  promptTokens!: number;

  @Field(() => Int)
  completionTokens!: number;
}

@ObjectType({ description: 'A persona’s answer, grounded in its course material' })
export class PersonaAnswer {
  @Field()
  text!: string;

  @Field({ description: 'One of idle, talking, thinking, happy, sad, excited, greeting, explaining, pointing, nodding, shaking_head, waving' })
  animationHint!: string;

  @Field(() => [AnswerAction])
  actions!: AnswerAction[];

  @Field(() => [Citation], { description: 'The passages the answer actually used' })
  citations!: Citation[];

  @Field({ description: 'True when the question (or the draft answer) was refused by the safety checks' })
  refused!: boolean;

  @Field(() => AnswerUsage)
  usage!: AnswerUsage;
}
