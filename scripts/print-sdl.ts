import 'reflect-metadata';
import { printSubgraphSdl } from '../internal/graphql/federated-schema.js';

/**
 * Prints one subgraph's SDL to stdout. Run once per subgraph in its own
 * process: type-graphql keeps decorator metadata per process, and each
 * subgraph declares its own stubs of other subgraphs' entities.
 */
async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z]+$/.test(name)) throw new Error('usage: print-sdl <subgraph>');
  const { buildSchema } = (await import(`../subgraphs/${name}/schema.js`)) as { buildSchema: () => Promise<import('graphql').GraphQLSchema> };
  process.stdout.write(printSubgraphSdl(await buildSchema()));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
