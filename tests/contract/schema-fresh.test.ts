import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeAll } from '../../scripts/compose.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

test('subgraph SDLs, rover.yaml and the supergraph are composed without errors and checked in up to date', async () => {
  const { files, errors } = await composeAll();
  expect(errors).toEqual([]);
  const stale: string[] = [];
  for (const [file, content] of Object.entries(files)) {
    const current = await readFile(path.join(ROOT, file), 'utf8').catch(() => null);
    if (current !== content) stale.push(file);
  }
  // run `npm run compose` and commit the result
  expect(stale).toEqual([]);
});
