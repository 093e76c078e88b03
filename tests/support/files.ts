import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A temporary folder for one test file's fixtures. */
export const tempDir = (tag: string) => mkdtemp(path.join(os.tmpdir(), `bwenge-${tag}-`));

/**
 * Writes `bytes` random bytes to `dir/name` chunk by chunk (the test process
 * never holds the file) and returns its path and sha256.
 */
export async function randomFile(dir: string, name: string, bytes: number): Promise<{ path: string; sha256: string; size: number }> {
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = bytes; left > 0; left -= chunk.length) {
    const part = randomFillSync(chunk).subarray(0, Math.min(chunk.length, left));
    hash.update(part);
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { path: file, sha256: hash.digest('hex'), size: bytes };
}

/** CPU time a process has used so far (user + system, ms), from /proc (Linux). */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** A memory figure of a process from /proc, in KiB: VmRSS (now) or VmHWM (peak since start). */
export async function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}
