import http from 'node:http';
import { memoryKb } from '../tests/support/files.js';
import globalSetup from '../tests/support/global-setup.js';
import globalTeardown from '../tests/support/global-teardown.js';

/** Benchmarks reuse the test harness: a fresh database, real processes. */
export async function withBenchEnvironment<T>(run: () => Promise<T>): Promise<T> {
  process.env.LOG_LEVEL ??= 'warn';
  await globalSetup();
  try {
    return await run();
  } finally {
    await globalTeardown();
  }
}

export async function rssMegabytes(pid: number): Promise<number> {
  return Math.round((await memoryKb(pid, 'VmRSS')) / 1024);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Count, p50, p90, p99 and max of latencies (ms, three decimals). */
export function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (n: number) => +n.toFixed(3);
  return { n: sorted.length, p50: ms(percentile(sorted, 50)), p90: ms(percentile(sorted, 90)), p99: ms(percentile(sorted, 99)), max: ms(sorted[sorted.length - 1] ?? 0) };
}

/** Runs `fn` from `concurrency` loops for `seconds`; returns throughput and latency percentiles (ms). */
export async function load(fn: () => Promise<void>, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          await fn();
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / seconds),
    p50: +percentile(latencies, 50).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
  };
}

/**
 * POSTs JSON over one kept-alive connection with node:http and returns the
 * parsed answer. Latency benchmarks use it instead of fetch, whose own cost
 * (~1 ms at p50 and ~7 ms at p99 per request on the 2-core machine, measured
 * against `{ __typename }`) would otherwise be counted as the server's.
 */
export function jsonPoster(url: string, headers: Record<string, string> = {}) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = <T>(payload: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(payload);
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
            } catch (err) {
              reject(err);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}
