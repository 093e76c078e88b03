import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Supergraph } from '@apollo/federation-internals';
import { findBreakingChanges, findDangerousChanges, type GraphQLSchema } from 'graphql';
import { composeAll, staleFiles } from './compose.js';

/**
 * `npm run schema:check`: composes the subgraphs (fails on composition
 * errors or stale checked-in schema files) and compares the client-facing
 * API schema with the base one — `--base <file>`, else
 * schema/supergraph.graphql where this branch left `main` (git merge-base;
 * on main itself, its own), else the checked-in supergraph. Breaking
 * changes (removed or retyped fields, removed types or enum values,
 * arguments made or added required, inputs tightened, outputs loosened) fail
 * it unless `--allow-breaking` is given.
 */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const SUPERGRAPH = 'schema/supergraph.graphql';

/** The API schema clients see: federation and join directives and internal types removed. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export interface SchemaChange {
  type: string;
  description: string;
}

export interface SchemaCheck {
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
}

/** Breaking and dangerous changes from one supergraph's API schema to another's. */
export function compareSupergraphs(baseSdl: string, nextSdl: string): SchemaCheck {
  const before = apiSchemaOf(baseSdl);
  const after = apiSchemaOf(nextSdl);
  return { breaking: findBreakingChanges(before, after), dangerous: findDangerousChanges(before, after) };
}

/** The supergraph to compare against, and where it came from. */
export async function baseSupergraph(args: string[]): Promise<{ sdl: string; from: string }> {
  const flag = args.indexOf('--base');
  if (flag >= 0) {
    const file = args[flag + 1];
    if (!file) throw new Error('--base needs a file');
    return { sdl: await readFile(path.resolve(file), 'utf8'), from: file };
  }
  for (const ref of ['main', 'origin/main']) {
    try {
      // where this branch left main: only the branch's own changes count, not main's newer ones
      const { stdout: base } = await run('git', ['merge-base', 'HEAD', ref], { cwd: ROOT });
      const { stdout } = await run('git', ['show', `${base.trim()}:${SUPERGRAPH}`], { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 });
      return { sdl: stdout, from: `${SUPERGRAPH} at ${base.trim().slice(0, 12)} (merge base with ${ref})` };
    } catch {
      // no git, no such branch, or it has no supergraph yet
    }
  }
  return { sdl: await readFile(path.join(ROOT, SUPERGRAPH), 'utf8'), from: `${SUPERGRAPH} (checked in; main is unavailable)` };
}

const list = (changes: SchemaChange[]) => changes.map((c) => `  - ${c.type}: ${c.description}`).join('\n');

async function main() {
  const args = process.argv.slice(2);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const base = await baseSupergraph(args);
  const { files, errors } = await composeAll();
  if (errors.length) {
    process.stderr.write(`Composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}\n`);
    process.exit(1);
  }
  const stale = await staleFiles(files);
  if (stale.length) {
    process.stderr.write(`Stale schema files (run \`npm run compose\` and commit):\n${stale.map((f) => `  - ${f}`).join('\n')}\n`);
    process.exit(1);
  }
  const { breaking, dangerous } = compareSupergraphs(base.sdl, files[SUPERGRAPH]!);
  say(`Composed ${Object.keys(files).length - 2} subgraphs; API schema compared with ${base.from}.`);
  if (dangerous.length) say(`Dangerous changes (clients may behave differently):\n${list(dangerous)}`);
  if (!breaking.length) return say('No breaking changes.');
  process.stderr.write(`Breaking changes:\n${list(breaking)}\n`);
  if (args.includes('--allow-breaking')) return say('Breaking changes allowed (--allow-breaking).');
  process.exit(1);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
