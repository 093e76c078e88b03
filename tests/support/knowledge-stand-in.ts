import { startLocalServer, type LocalServer } from './http-server.js';

export interface StandInChunk {
  chunkId: string;
  text: string;
  location: Record<string, unknown>;
  source: { id: string; title: string };
}

/**
 * Stands in for the knowledge subgraph's `searchKnowledge` (agreed contract:
 * [{ chunkId, text, score, location, source { id title } }], limit 1..50)
 * until the knowledge branch is merged: a local GraphQL endpoint holding
 * chunks per persona, scoring by shared words, best first. It refuses calls
 * without a bearer token, as the real one does.
 */
export async function startKnowledgeStandIn(): Promise<LocalServer & { chunks: Map<string, StandInChunk[]> }> {
  const chunks = new Map<string, StandInChunk[]>();
  const words = (text: string) => new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));
  // word sets per chunk, computed once: benchmarks hold 10k chunks
  const chunkWords = new WeakMap<StandInChunk, Set<string>>();
  const wordsOf = (chunk: StandInChunk) => chunkWords.get(chunk) ?? chunkWords.set(chunk, words(chunk.text)).get(chunk)!;
  const server = await startLocalServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (!/^Bearer .+/.test(String(req.headers.authorization ?? ''))) {
      res.end(JSON.stringify({ errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] }));
      return;
    }
    const { personaId, query, limit } = req.body.variables as { personaId: string; query: string; limit: number };
    if (!(limit >= 1 && limit <= 50)) {
      res.end(JSON.stringify({ errors: [{ message: 'limit must be between 1 and 50', extensions: { code: 'BAD_USER_INPUT' } }] }));
      return;
    }
    const q = words(query);
    const hits = (chunks.get(personaId) ?? [])
      .map((chunk) => {
        const w = wordsOf(chunk);
        const shared = [...q].filter((x) => w.has(x)).length;
        return { ...chunk, score: shared / Math.max(1, q.size) };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    res.end(JSON.stringify({ data: { searchKnowledge: hits } }));
  });
  return Object.assign(server, { chunks });
}
