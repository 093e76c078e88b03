import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A secret kept in <dataDir>/keys/<name> (mode 0600): read when it exists,
 * otherwise made by `generate` and written once, so restarts in development
 * keep issued tokens and URLs valid. Production passes secrets through
 * config instead. If two processes start together, the first writer wins
 * and the other reads its secret.
 */
export async function loadOrCreateSecret(dataDir: string, name: string, generate: () => string): Promise<string> {
  const dir = path.resolve(dataDir, 'keys');
  const file = path.join(dir, name);
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = generate();
  try {
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFile(file, 'utf8');
  }
}
