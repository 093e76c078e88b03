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

/** Count, p50, p99 and max of latencies (ms, three decimals). */
export function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (n: number) => +n.toFixed(3);
  return { n: sorted.length, p50: ms(percentile(sorted, 50)), p99: ms(percentile(sorted, 99)), max: ms(sorted[sorted.length - 1] ?? 0) };
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
