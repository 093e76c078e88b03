import type { ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../internal/graphql/federated-schema.js';
import { applyShield, hasRole, isAuthenticated } from '../../internal/graphql/shield.js';
import { DashboardResolver } from './dashboard/dashboard.resolver.js';
import { EventResolver } from './event/event.resolver.js';
import { ProgressResolver, UserProgressResolver } from './progress/progress.resolver.js';
import { WeeklyReportResolver } from './report/weekly-report.resolver.js';
import { PersonaRef } from './stubs/persona.stub.js';
import { resolveUserReference } from './stubs/user.stub.js';

const staff = hasRole('ADMIN', 'TEACHER');

const rules = {
  Query: {
    weeklyReport: staff,
    dashboard: staff,
    // who may see whom is decided per student (progress.access.ts)
    studentProgress: isAuthenticated,
  },
  Mutation: {
    trackEvent: isAuthenticated,
  },
};

export const RESOLVERS = [EventResolver, WeeklyReportResolver, ProgressResolver, UserProgressResolver, DashboardResolver] as const;

/** The analytics subgraph schema; without a container it is only good for printing SDL. */
export async function buildSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const schema = await buildFederatedSchema({
    resolvers: [...RESOLVERS],
    orphanedTypes: [PersonaRef],
    container,
    references: { User: { __resolveReference: resolveUserReference } },
  });
  return applyShield(schema, rules);
}
