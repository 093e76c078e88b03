import type { ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../internal/graphql/federated-schema.js';
import { applyShield, allow, hasRole, isAuthenticated } from '../../internal/graphql/shield.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { InvitationResolver } from './invitation/invitation.resolver.js';
import { resolveOrganizationReference } from './organization/organization.reference.js';
import { UserResolver } from './user/user.resolver.js';
import { resolveUserReference } from './user/user.reference.js';

const rules = {
  Query: {
    me: isAuthenticated,
    members: hasRole('ADMIN', 'TEACHER'),
  },
  Mutation: {
    register: allow,
    login: allow,
    refreshToken: allow,
    logout: allow,
    acceptInvitation: allow,
    inviteMember: hasRole('ADMIN'),
  },
};

/** The identity subgraph schema; without a container it is only good for printing SDL. */
export async function buildSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const schema = await buildFederatedSchema({
    resolvers: [AuthResolver, UserResolver, InvitationResolver],
    container,
    references: {
      User: { __resolveReference: resolveUserReference },
      Organization: { __resolveReference: resolveOrganizationReference },
    },
  });
  return applyShield(schema, rules);
}
