import { Field, InputType } from 'type-graphql';
import { JSONScalar } from '../../../internal/graphql/federated-schema.js';

@InputType({ description: 'An event the app reports; stored as client:<type> for the caller' })
export class TrackEventInput {
  @Field({ description: 'lower_snake_case, at most 64 characters, e.g. lesson_opened' })
  type!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'a JSON object of at most TRACK_EVENT_MAX_PAYLOAD_BYTES (4 KB)' })
  payload?: unknown;
}
