import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { K8S_PROCESSES, type K8sProcess } from '../../scripts/k8s/processes.js';

/** Reading the deployment files and each process's config shape, for the deploy tests. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const readText = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

export type EnvShape = Record<string, z.ZodType>;
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string>; [k: string]: unknown }; spec?: any; data?: any; stringData?: any };

/** The process's envShape, or null when its config module is not in this checkout (yet). */
export function envShapeOf(p: K8sProcess): EnvShape | null {
  const file = path.join(ROOT, 'dist', `${p.configModule}.js`);
  if (!existsSync(file)) return null;
  return (require(file) as { envShape: EnvShape }).envShape;
}

/** Variables a process cannot start without: no default and not optional. */
export const requiredVars = (shape: EnvShape) => Object.keys(shape).filter((key) => !shape[key]!.safeParse(undefined).success);

/** `dist/x/main.js` → does `x/main.ts` exist? */
export const sourceOfEntry = (entry: string) => entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
export const entryExists = (entry: string) => existsSync(path.join(ROOT, sourceOfEntry(entry)));

/** Every name some process of this checkout reads (its envShape). */
export function knownVarNames(): Set<string> {
  const names = new Set<string>();
  for (const p of K8S_PROCESSES) Object.keys(envShapeOf(p) ?? {}).forEach((n) => names.add(n));
  return names;
}

export const missingConfigReason = (p: K8sProcess) => `${p.name}: ${p.configModule}.ts is not in this checkout yet (checked after the merge)`;

export function parseDocuments(file: string): Manifest[] {
  const docs = parseAllDocuments(readText(file));
  for (const doc of docs) if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return docs.map((doc) => doc.toJS() as Manifest).filter(Boolean);
}

export const yamlFilesUnder = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFilesUnder(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );

export const loadCompose = () => parse(readText('docker-compose.yml'), { merge: true }) as { services: Record<string, any>; volumes: Record<string, unknown> };

/** KEY=value lines of .env.example (comments and blanks skipped). */
export function envExample(): Map<string, string> {
  const entries = readText('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]);
  return new Map(entries);
}

export { K8S_PROCESSES, type K8sProcess };

/** Runs `node dist/scripts/<name>.js args…` from the repository root; resolves with its exit code and output. */
export function runScript(name: string, args: string[] = [], env?: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'dist', 'scripts', `${name}.js`), ...args], { cwd: ROOT, env: env ?? process.env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
