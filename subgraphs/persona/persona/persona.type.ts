import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LlmProvider } from '../../../internal/db/generated/enums.js';

registerEnumType(LlmProvider, {
  name: 'LlmProvider',
  description: 'Which language model answers: OFFLINE quotes the course material without any model',
});
export { LlmProvider };

@ObjectType({ description: 'How the persona’s answers are generated' })
export class LlmSettings {
  @Field(() => LlmProvider)
  provider!: LlmProvider;

  @Field(() => String, { nullable: true, description: 'Model name; the provider’s default when null' })
  model!: string | null;

  @Field(() => Float, { description: '0 (focused) to 2 (creative)' })
  temperature!: number;

  @Field(() => Int, { description: 'Longest answer, in tokens' })
  maxTokens!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A tutor persona built from a teacher’s course material' })
export class Persona {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'How the persona speaks, e.g. "warm, encouraging, simple words"' })
  tone!: string | null;

  @Field(() => [String], { description: 'Teaching rules the persona follows' })
  rules!: string[];

  @Field(() => [String], { description: 'Safety rules added to every prompt' })
  safetyRules!: string[];

  @Field(() => [String], { description: 'Example questions shown to students' })
  samplePrompts!: string[];

  @Field(() => LlmSettings)
  llm!: LlmSettings;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Set once deleted: the persona stays readable from its conversations but no longer answers' })
  deletedAt!: Date | null;

  orgId!: string;
}
