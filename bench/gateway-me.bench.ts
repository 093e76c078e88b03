import { registerAdmin } from '../tests/support/client.js';
import { Stack } from '../tests/support/stack.js';
import { load, rssMegabytes, withBenchEnvironment } from './harness.js';

/**
 * Spine numbers: time until every process is healthy, RSS per process, and
 * requests/s of the contract's `Me` query through the gateway vs. the
 * identity subgraph directly. Usage: npm run bench:gateway [-- seconds concurrency]
 */
const ME = 'query Me { me { id email name role organization { id name } } }';

async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const concurrency = Number(process.argv[3] ?? 32);
  await withBenchEnvironment(async () => {
    const t0 = performance.now();
    const stack = await Stack.start();
    const startup = Math.round(performance.now() - t0);
    try {
      const admin = await registerAdmin(stack.client());
      const body = JSON.stringify({ query: ME });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` };
      const hit = (url: string) => async () => {
        const res = await fetch(url, { method: 'POST', headers, body });
        if (!res.ok) throw new Error(String(res.status));
        await res.arrayBuffer();
      };
      await load(hit(stack.gatewayUrl), concurrency, 2); // warm-up
      const gateway = await load(hit(stack.gatewayUrl), concurrency, seconds);
      const subgraph = await load(hit(`${stack.url('identity')}/graphql`), concurrency, seconds);
      const rss = Object.fromEntries(await Promise.all(Object.entries(stack.pids()).map(async ([name, pid]) => [name, await rssMegabytes(pid)])));
      console.log(JSON.stringify({ startupToHealthyMs: startup, rssMB: rss, meThroughGateway: gateway, meOnIdentityDirectly: subgraph, seconds, concurrency }, null, 2));
    } finally {
      await stack.stop();
    }
  });
}

void main();
