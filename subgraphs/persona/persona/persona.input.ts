import { Field, Float, InputType, Int } from 'type-graphql';
import { LlmProvider } from './persona.type.js';

@InputType()
export class LlmSettingsInput {
  @Field(() => LlmProvider, { nullable: true })
  provider?: LlmProvider | null;

  @Field(() => String, { nullable: true })
  model?: string | null;

  @Field(() => Float, { nullable: true, description: '0..2' })
  temperature?: number | null;

  @Field(() => Int, { nullable: true, description: '1..4096' })
  maxTokens?: number | null;
}

/** Fields both inputs share; only `name` differs (required to create, optional to update). */
@InputType()
abstract class PersonaFieldsInput {
  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  tone?: string | null;

  @Field(() => [String], { nullable: true })
  rules?: string[] | null;

  @Field(() => [String], { nullable: true })
  safetyRules?: string[] | null;

  @Field(() => [String], { nullable: true })
  samplePrompts?: string[] | null;

  @Field(() => LlmSettingsInput, { nullable: true })
  llm?: LlmSettingsInput | null;
}

@InputType()
export class CreatePersonaInput extends PersonaFieldsInput {
  @Field()
  name!: string;
}

@InputType({ description: 'Fields left out (or null) keep their value; description and tone are cleared with ""' })
export class UpdatePersonaInput extends PersonaFieldsInput {
  @Field(() => String, { nullable: true })
  name?: string | null;
}
