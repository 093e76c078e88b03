import type { ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../internal/graphql/federated-schema.js';
import { applyShield, hasRole, isAuthenticated } from '../../internal/graphql/shield.js';
import { PersonaKnowledgeResolver, resolvePersonaReference } from './persona/persona.resolver.js';
import { SearchResolver } from './search/search.resolver.js';
import { resolveSourceReference } from './source/source.reference.js';
import { SourceResolver } from './source/source.resolver.js';

const teachers = hasRole('ADMIN', 'TEACHER');

const rules = {
  Query: { knowledgeSource: isAuthenticated, knowledgeSources: isAuthenticated, searchKnowledge: isAuthenticated },
  Mutation: { uploadKnowledge: teachers, deleteKnowledgeSource: teachers, reindexKnowledgeSource: teachers },
  Subscription: { knowledgeSourceProgress: isAuthenticated },
};

/** The knowledge subgraph schema; without a container it is only good for printing SDL. */
export async function buildSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const schema = await buildFederatedSchema({
    resolvers: [SourceResolver, SearchResolver, PersonaKnowledgeResolver],
    container,
    references: {
      KnowledgeSource: { __resolveReference: resolveSourceReference },
      Persona: { __resolveReference: resolvePersonaReference },
    },
  });
  return applyShield(schema, rules);
}
