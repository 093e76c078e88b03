import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadUrlSigningKey } from './signing-key.js';

test('a configured key is used as given; without one a 32-byte key is generated and kept', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bwenge-avatar-key-'));
  expect((await loadUrlSigningKey('x'.repeat(40), dataDir)).toString()).toBe('x'.repeat(40));
  const generated = await loadUrlSigningKey(undefined, dataDir);
  expect(generated).toHaveLength(32);
  expect((await loadUrlSigningKey(undefined, dataDir)).equals(generated)).toBe(true);
});
