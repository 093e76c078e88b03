import { openAsBlob } from 'node:fs';
import { rm } from 'node:fs/promises';
import { registerAdmin } from '../tests/support/client.js';
import { memoryKb, randomFile, tempDir } from '../tests/support/files.js';
import { startProbeStack, UPLOAD_PROBE } from '../tests/support/probe.js';
import { withBenchEnvironment } from './harness.js';

/**
 * Gateway memory while it forwards uploads: peak RSS (VmHWM) of the gateway
 * before and after each upload, through the real gateway to the probe
 * subgraph, which checks the sha256. Usage:
 * npm run bench:upload [-- sizeMiB ...]   (default: 100)
 */
const MiB = 1024 * 1024;

async function main() {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await withBenchEnvironment(async () => {
    const largest = Math.max(...(sizes.length ? sizes : [100]));
    const stack = await startProbeStack({ gatewayEnv: { MAX_UPLOAD_BYTES: String((largest + 1) * MiB) } });
    const dir = await tempDir('bench-upload');
    try {
      const admin = await registerAdmin(stack.client());
      const pid = stack.pids().gateway!;
      const results = [];
      for (const mib of sizes.length ? sizes : [100]) {
        const file = await randomFile(dir, `${mib}.bin`, mib * MiB);
        const rssBefore = await memoryKb(pid, 'VmRSS');
        const peakBefore = await memoryKb(pid, 'VmHWM');
        const t0 = performance.now();
        const res = await admin.client.upload(UPLOAD_PROBE, { file: null }, { file: { body: await openAsBlob(file.path), filename: `${mib}.bin` } });
        const ms = performance.now() - t0;
        const intact = res.data?.uploadProbe?.sha256 === file.sha256;
        const peakAfter = await memoryKb(pid, 'VmHWM');
        results.push({
          fileMiB: mib,
          intact,
          seconds: +(ms / 1000).toFixed(2),
          MiBPerSecond: +(mib / (ms / 1000)).toFixed(1),
          gatewayRssBeforeMiB: +(rssBefore / 1024).toFixed(1),
          gatewayPeakBeforeMiB: +(peakBefore / 1024).toFixed(1),
          gatewayPeakAfterMiB: +(peakAfter / 1024).toFixed(1),
          peakGrowthMiB: +((peakAfter - peakBefore) / 1024).toFixed(1),
        });
        await rm(file.path);
      }
      console.log(JSON.stringify(results, null, 2));
    } finally {
      await stack.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
}

void main();
