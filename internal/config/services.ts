import { z } from 'zod';

/** Every subgraph of the supergraph, with its default port in development. */
export const SUBGRAPHS = {
  identity: 4001,
  knowledge: 4002,
  persona: 4003,
  conversation: 4004,
  avatar: 4005,
  analytics: 4006,
  billing: 4007,
} as const;
export type SubgraphName = keyof typeof SUBGRAPHS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

/** `<NAME>_URL`: the base URL (no path) where a subgraph answers. */
export const serviceUrlVar = (name: SubgraphName) => `${name.toUpperCase()}_URL`;

/** A `<NAME>_URL` variable with its development default. */
export const serviceUrl = (name: SubgraphName) =>
  z
    .url({ message: 'must be a URL' })
    .default(`http://127.0.0.1:${SUBGRAPHS[name]}`)
    .describe(`base URL of the ${name} subgraph, e.g. http://${name}:${SUBGRAPHS[name]}`);
