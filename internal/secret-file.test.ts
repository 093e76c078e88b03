import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateSecret } from './secret-file.js';

test('a secret is generated once into <dataDir>/keys with mode 0600, then read back', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bwenge-secret-'));
  let generated = 0;
  const generate = () => `secret-${++generated}`;
  expect(await loadOrCreateSecret(dataDir, 'thing.key', generate)).toBe('secret-1');
  expect(await loadOrCreateSecret(dataDir, 'thing.key', generate)).toBe('secret-1');
  expect(generated).toBe(1);
  const file = path.join(dataDir, 'keys', 'thing.key');
  expect(await readFile(file, 'utf8')).toBe('secret-1');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
});

test('two processes starting together end up with the same secret', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bwenge-secret-'));
  const [a, b] = await Promise.all([loadOrCreateSecret(dataDir, 'k', () => 'from-a'), loadOrCreateSecret(dataDir, 'k', () => 'from-b')]);
  expect(a).toBe(b);
});
