import type { ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../internal/graphql/federated-schema.js';
import { allow, applyShield, hasRole } from '../../internal/graphql/shield.js';
import { AvatarResolver } from './avatar/avatar.resolver.js';
import { resolvePersonaReference } from './persona/persona.reference.js';
import { PersonaAvatarResolver } from './persona/persona.resolver.js';
import { Persona } from './persona/persona.type.js';

const rules = {
  Query: {
    animationHints: allow,
  },
  Mutation: {
    uploadAvatarModel: hasRole('ADMIN', 'TEACHER'),
  },
};

/** The avatar subgraph schema; without a container it is only good for printing SDL. */
export async function buildSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const schema = await buildFederatedSchema({
    resolvers: [AvatarResolver, PersonaAvatarResolver],
    // reachable only through _entities, so named here for the SDL
    orphanedTypes: [Persona],
    container,
    references: { Persona: { __resolveReference: resolvePersonaReference } },
  });
  return applyShield(schema, rules);
}
