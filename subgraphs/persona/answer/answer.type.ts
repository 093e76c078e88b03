import { Field, Int, ObjectType } from 'type-graphql';
import { AnswerAction, Citation } from '../../../internal/graphql/answer-types.js';

export { AnswerAction, Citation };

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
