import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AssetUrlSigner } from '../subgraphs/avatar/assets/url-signer.js';
import { bufferSource, fileSource } from '../subgraphs/avatar/model/byte-source.js';
import { readModel } from '../subgraphs/avatar/model/model-reader.js';
import { receiveUpload } from '../internal/storage/receive-upload.js';
import type { FileUpload } from '../internal/server/uploads.js';
import { largeModel } from '../tests/avatar/gltf-fixtures.js';
import { percentile } from './harness.js';

/**
 * Avatar numbers: time to validate and read a ~20 MB model (GLB from a file,
 * as uploads are read; the same model as .gltf with a base64 data: URI), the
 * time to spool and hash such an upload,
 * and signed-URL verifications per second on one core.
 * Usage: npm run bench:avatar [-- megabytes runs]
 */
async function timeRuns(runs: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { runs, p50Ms: +percentile(times, 50).toFixed(2), maxMs: +times.at(-1)!.toFixed(2) };
}

function verificationsPerSecond(seconds: number) {
  const signer = new AssetUrlSigner(randomBytes(32), { ttlSeconds: 3600, publicBaseUrl: 'http://localhost:4000' });
  const path = '/assets/avatar/personas/3f1c2b9e-1d7a-4c1e-9a51-0b7f6e2d4c88/model.glb';
  const query = Object.fromEntries(new URL(signer.sign(path, 3).url).searchParams);
  let count = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) if (!signer.verify(path, query).ok) throw new Error('verification failed');
    count += 1000;
  }
  return Math.round(count / seconds);
}

async function main() {
  const megabytes = Number(process.argv[2] ?? 20);
  const runs = Number(process.argv[3] ?? 20);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bwenge-avatar-bench-'));
  try {
    const model = largeModel(megabytes * 1024 * 1024);
    const glb = model.toGlb();
    const file = path.join(dir, 'large.glb');
    await writeFile(file, glb);
    const glbFromFile = await timeRuns(runs, async () => {
      const handle = await open(file, 'r');
      try {
        await readModel(fileSource(handle, glb.length));
      } finally {
        await handle.close();
      }
    });
    // what every upload also costs: streaming it to a temporary file while counting and hashing
    const spool = await timeRuns(Math.max(3, Math.floor(runs / 4)), async () => {
      const upload = { filename: 'large.glb', createReadStream: () => createReadStream(file) } as unknown as FileUpload;
      await (await receiveUpload(upload, path.join(dir, 'tmp'), glb.length)).discard();
    });
    const gltf = model.toGltf();
    const gltfInMemory = await timeRuns(Math.max(3, Math.floor(runs / 4)), () => readModel(bufferSource(gltf)));
    console.log(
      JSON.stringify(
        {
          glb: { bytes: glb.length, readFromFile: glbFromFile, spoolAndHashUpload: spool },
          gltfDataUri: { bytes: gltf.length, readFromMemory: gltfInMemory },
          signedUrlVerificationsPerSecond: verificationsPerSecond(3),
        },
        null,
        2,
      ),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
