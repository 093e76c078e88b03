import { writeFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export interface RunningSubgraph {
  name: string;
  /** where it answers GraphQL, e.g. http://127.0.0.1:41234/graphql */
  url: string;
}

async function serviceSdl(subgraph: RunningSubgraph): Promise<string> {
  const res = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await res.json()) as { data?: { _service?: { sdl?: string } }; errors?: unknown };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${subgraph.name} did not return its SDL: ${JSON.stringify(body.errors ?? body)}`);
  return sdl;
}

/**
 * Composes a supergraph from what the running processes themselves serve
 * (`_service { sdl }`, as IntrospectAndCompose does), routed to where they
 * listen, and writes it to `file` for the gateway's SUPERGRAPH_PATH.
 */
export async function composeRunning(subgraphs: RunningSubgraph[], file: string): Promise<string> {
  const sdls = await Promise.all(subgraphs.map(serviceSdl));
  const result = composeServices(subgraphs.map((s, i) => ({ name: s.name, url: s.url, typeDefs: parse(sdls[i]!) })));
  if (result.errors) throw new Error(`Test supergraph does not compose:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  await writeFile(file, result.supergraphSdl);
  return result.supergraphSdl;
}
