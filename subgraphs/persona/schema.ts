import type { ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../internal/graphql/federated-schema.js';
import { applyShield, hasRole, isAuthenticated } from '../../internal/graphql/shield.js';
import { AnswerResolver } from './answer/answer.resolver.js';
import { PersonaResolver } from './persona/persona.resolver.js';
import { resolvePersonaReference } from './persona/persona.reference.js';

const writers = hasRole('ADMIN', 'TEACHER');

const rules = {
  Query: {
    persona: isAuthenticated,
    personas: isAuthenticated,
  },
  Mutation: {
    createPersona: writers,
    updatePersona: writers,
    deletePersona: writers,
    askPersona: isAuthenticated,
  },
};

/** The persona subgraph schema; without a container it is only good for printing SDL. */
export async function buildSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const schema = await buildFederatedSchema({
    resolvers: [PersonaResolver, AnswerResolver],
    container,
    references: {
      Persona: { __resolveReference: resolvePersonaReference },
    },
  });
  return applyShield(schema, rules);
}
