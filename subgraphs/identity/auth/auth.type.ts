import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { User } from '../user/user.type.js';

@ObjectType({ description: 'A signed-in session: a short-lived access token and a rotating refresh token' })
export class AuthPayload {
  @Field({ description: 'RS256 JWT; send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @Field({ description: 'Opaque; exchange with refreshToken() before the access token expires' })
  refreshToken!: string;

  @Field(() => Int, { description: 'Access token lifetime in seconds' })
  expiresIn!: number;

  @Field(() => User)
  user!: User;
}

@InputType()
export class RegisterInput {
  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field(() => String, { nullable: true, description: 'Creates this organization with you as ADMIN' })
  orgName?: string | null;

  @Field(() => String, { nullable: true, description: 'Joins the organization that invited you' })
  invitationToken?: string | null;
}
