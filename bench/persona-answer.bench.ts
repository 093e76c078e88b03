import { randomUUID } from 'node:crypto';
import { buildMessages } from '../subgraphs/persona/prompt/prompt-builder.js';
import { selectContext } from '../subgraphs/persona/retrieval/context-selection.js';
import type { RetrievedChunk } from '../subgraphs/persona/retrieval/retrieved-chunk.js';
import { offlineAnswer } from '../subgraphs/persona/llm/offline.provider.js';
import { registerAdmin } from '../tests/support/client.js';
import { Stack } from '../tests/support/stack.js';
import { ASK, createPersona, GABRIEL } from '../tests/persona/persona-support.js';
import { startKnowledgeStandIn, type StandInChunk } from '../tests/support/knowledge-stand-in.js';
import { load, percentile, withBenchEnvironment } from './harness.js';

/**
 * Persona numbers with the OFFLINE provider:
 *  - askPersona p50/p99 through the gateway over a 10k-chunk persona;
 *  - time to first token (and to done) of POST /internal/answers/stream;
 *  - prompt building (context selection + messages) per question, in process.
 * Retrieval is served by a stand-in of knowledge's searchKnowledge contract
 * (knowledge not merged yet), so these numbers are persona's own pipeline
 * plus one local HTTP hop, not knowledge's search cost.
 * Usage: npm run bench:persona [-- seconds concurrency chunks]
 */
const TOPICS = ['photosynthesis', 'mitochondria', 'osmosis', 'enzymes', 'genetics', 'ecosystems', 'respiration', 'digestion', 'neurons', 'hormones'];
const FILLER = 'cells tissues organs energy water light carbon oxygen glucose protein membrane nucleus plant animal growth'.split(' ');
const VOCABULARY = [...FILLER, ...Array.from({ length: 400 }, (_, i) => `term${i}`)];

/** ~500 tokens of varied pseudo-text about one topic (deterministic: a linear congruential generator). */
function syntheticChunk(i: number): StandInChunk {
  const topic = TOPICS[i % TOPICS.length]!;
  let seed = i * 2_654_435_761 + 1;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  const sentences = Array.from({ length: 16 }, () => {
    const words = Array.from({ length: 14 }, () => VOCABULARY[next() % VOCABULARY.length]);
    return `About ${topic}, ${words.join(' ')}.`;
  });
  return { chunkId: `chunk-${i}`, text: sentences.join(' '), location: { label: `page ${1 + (i % 300)}`, page: 1 + (i % 300) }, source: { id: `src-${i % 40}`, title: `Biology part ${i % 40}` } };
}

function promptBuildingCost(chunks: StandInChunk[], hitCount: number, iterations: number) {
  const hits = chunks.slice(0, hitCount).map((c, i) => ({ ...c, score: 1 - i / 100 })) as RetrievedChunk[];
  const question = 'What does photosynthesis produce from light energy and water?';
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const context = selectContext(question, hits, { budgetTokens: 1_500, minScore: 0 });
    buildMessages({ persona: GABRIEL, question, history: [{ role: 'user', text: 'Hi' }], context, maxHistoryMessages: 10 });
  }
  const perPrompt = (performance.now() - t0) / iterations;
  const context = selectContext(question, hits, { budgetTokens: 1_500, minScore: 0 });
  const t1 = performance.now();
  for (let i = 0; i < iterations; i++) offlineAnswer({ messages: [], model: null, temperature: 0, maxTokens: 512, question, context });
  return { hitsPerQuestion: hits.length, selectedChunks: context.length, msPerPrompt: +perPrompt.toFixed(3), msPerOfflineAnswer: +((performance.now() - t1) / iterations).toFixed(3) };
}

async function timeToFirstToken(url: string, token: string, personaId: string, runs: number) {
  const first: number[] = [];
  const done: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/internal/answers/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ personaId, question: `What does ${TOPICS[i % TOPICS.length]} need?`, history: [] }),
    });
    let seen = false;
    for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!seen && Buffer.from(bytes).includes('"token"')) {
        first.push(performance.now() - t0);
        seen = true;
      }
    }
    done.push(performance.now() - t0);
  }
  const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const stats = (xs: number[]) => ({ p50: +percentile(sort(xs), 50).toFixed(2), p99: +percentile(sort(xs), 99).toFixed(2) });
  return { runs, firstTokenMs: stats(first), doneMs: stats(done) };
}

async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const concurrency = Number(process.argv[3] ?? 8);
  const chunkCount = Number(process.argv[4] ?? 10_000);
  const chunks = Array.from({ length: chunkCount }, (_, i) => syntheticChunk(i));
  const knowledge = await startKnowledgeStandIn();
  await withBenchEnvironment(async () => {
    const stack = await Stack.start({ subgraphs: ['identity', 'persona'], workers: [], env: { KNOWLEDGE_URL: knowledge.url } });
    try {
      const admin = await registerAdmin(stack.client(), `Bench ${randomUUID().slice(0, 6)}`);
      const personaId = await createPersona(admin.client);
      knowledge.chunks.set(personaId, chunks);
      let n = 0;
      const ask = async () => {
        const question = `What does ${TOPICS[n++ % TOPICS.length]} produce?`;
        const data = await admin.client.ok(ASK, { personaId, question });
        if (!data.askPersona.citations.length) throw new Error('no citation');
      };
      await load(ask, concurrency, 2); // warm-up
      const askPersonaAlone = await load(ask, 1, seconds);
      const askPersona = await load(ask, concurrency, seconds);
      const ttft = await timeToFirstToken(stack.url('persona'), admin.token, personaId, 200);
      const prompt = [promptBuildingCost(chunks, 8, 2_000), promptBuildingCost(chunks, 50, 500)];
      console.log(JSON.stringify({ chunks: chunkCount, provider: 'OFFLINE', askPersonaThroughGateway: { oneAtATime: askPersonaAlone, concurrent: { ...askPersona, concurrency }, seconds }, streamTimeToFirstToken: ttft, promptBuilding: prompt }, null, 2));
    } finally {
      await stack.stop();
    }
  });
  await knowledge.close();
}

void main();
