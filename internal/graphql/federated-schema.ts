import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override"])`;

export type ReferenceResolvers = Record<string, { __resolveReference: (ref: any, ctx: any, info: any) => unknown }>;

export interface FederatedSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity this subgraph can resolve */
  references?: ReferenceResolvers;
  /** only for `@Subscription({ topics })`; subscriptions with their own `subscribe` need none */
  pubSub?: BuildSchemaOptions['pubSub'];
  /** resolver instances with their services, see instanceContainer */
  container?: BuildSchemaOptions['container'];
}

/**
 * type-graphql refuses any @Subscription without a pubSub, even one with its
 * own `subscribe` (the way to use internal/pubsub.ts, whose iterators stop at
 * once on return). Topic-based subscriptions then fail with this message.
 */
const NO_TOPIC_PUBSUB: NonNullable<BuildSchemaOptions['pubSub']> = {
  publish() {
    throw new Error('No pubSub passed to buildFederatedSchema: publish through internal/pubsub.ts');
  },
  subscribe() {
    throw new Error('No pubSub passed to buildFederatedSchema: give the @Subscription a `subscribe` function (internal/pubsub.ts)');
  },
};

/**
 * type-graphql classes → federation 2 subgraph schema. type-graphql prints
 * the SDL with its @key/@shareable directives; @apollo/subgraph turns it
 * into a subgraph with _entities/_service.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    pubSub: options.pubSub ?? NO_TOPIC_PUBSUB,
    container: options.container,
    skipCheck: true,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as Record<string, any>;
  for (const [typeName, reference] of Object.entries(options.references ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

/** The SDL checked in as subgraphs/<name>/schema.graphql and fed to composition. */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema).trim()}\n`;
}

export { JSONResolver as JSONScalar, DateTimeResolver as DateTimeScalar };
