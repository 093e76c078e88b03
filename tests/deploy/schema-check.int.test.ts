import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runScript } from './manifests.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'schema-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `npm run schema:check -- <args>` as CI runs it (composes the real subgraphs). */
const schemaCheck = (args: string[]) => runScript('schema-check', args);

test('against a base whose API had a field the subgraphs no longer serve, schema:check fails and names it', async () => {
  const current = await readFile(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  // the base had Query.legacyVersion, served by identity
  const base = current.replace(/^type Query\n((?:  @join__type\(.*\)\n)+)\{\n/m, (head) => `${head}  legacyVersion: String @join__field(graph: IDENTITY)\n`);
  expect(base).not.toBe(current);
  const file = path.join(dir, 'base.graphql');
  await writeFile(file, base);

  const failed = await schemaCheck(['--base', file]);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain('FIELD_REMOVED: Query.legacyVersion was removed.');

  const allowed = await schemaCheck(['--base', file, '--allow-breaking']);
  expect(allowed.code).toBe(0);

  // (the passing case is .ci/run's own `npm run schema:check`)
}, 120_000);

test('a base file that does not exist is an error, not a pass', async () => {
  const missing = await schemaCheck(['--base', path.join(dir, 'nope.graphql')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('ENOENT');
}, 120_000);
