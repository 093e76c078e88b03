import { registerAdmin } from '../tests/support/client.js';
import { OtlpCollector } from '../tests/support/otlp-collector.js';
import { Stack } from '../tests/support/stack.js';
import { load, withBenchEnvironment } from './harness.js';

/**
 * What tracing costs: requests/s of `Me` through the gateway (gateway +
 * identity spans) with spans not exported (no OTEL_EXPORTER_OTLP_ENDPOINT),
 * exported to a collector, and with the collector's port closed.
 * Usage: npm run bench:tracing [-- seconds concurrency]
 */
const ME = 'query Me { me { id email name role organization { id name } } }';

async function measure(env: Record<string, string>, seconds: number, concurrency: number) {
  const stack = await Stack.start({ subgraphs: ['identity'], workers: [], env });
  try {
    const admin = await registerAdmin(stack.client());
    const body = JSON.stringify({ query: ME });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` };
    const hit = async () => {
      const res = await fetch(stack.gatewayUrl, { method: 'POST', headers, body });
      if (!res.ok) throw new Error(String(res.status));
      await res.arrayBuffer();
    };
    await load(hit, concurrency, 2); // warm-up
    return await load(hit, concurrency, seconds);
  } finally {
    await stack.stop();
  }
}

async function main() {
  const seconds = Number(process.argv[2] ?? 5);
  const concurrency = Number(process.argv[3] ?? 32);
  await withBenchEnvironment(async () => {
    const collector = await OtlpCollector.start();
    const notExported = await measure({}, seconds, concurrency);
    const exported = await measure({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '1000' }, seconds, concurrency);
    const spansCollected = collector.spans.length;
    const deadEndpoint = collector.endpoint;
    await collector.close();
    const collectorDown = await measure({ OTEL_EXPORTER_OTLP_ENDPOINT: deadEndpoint, OTEL_BSP_SCHEDULE_DELAY: '1000' }, seconds, concurrency);
    console.log(JSON.stringify({ notExported, exported, spansCollected, collectorDown, seconds, concurrency }, null, 2));
  });
}

void main();
