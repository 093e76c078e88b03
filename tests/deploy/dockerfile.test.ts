import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, entryExists, readText } from './manifests.js';

const dockerfile = readText('Dockerfile');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => line.trim() && !line.trim().startsWith('#'));
const jsonArgs = (instruction: string) => {
  const line = instructions.find((l) => l.startsWith(`${instruction} `))!;
  return JSON.parse(line.slice(line.indexOf('['))) as string[];
};

test('the default command and the HEALTHCHECK run entry points that exist', () => {
  const cmd = jsonArgs('CMD');
  expect(cmd[0]).toBe('node');
  expect(entryExists(cmd[1]!)).toBe(true);
  const healthcheck = jsonArgs('HEALTHCHECK');
  expect(healthcheck.slice(0, 2)).toEqual(['node', 'dist/scripts/healthcheck.js']);
  expect(entryExists('dist/scripts/healthcheck.js')).toBe(true);
});

test('builds with dev dependencies and ships only production ones, argon2 rebuilt in both, as a numeric non-root user', () => {
  expect(dockerfile).toMatch(/npm ci --ignore-scripts/);
  expect(dockerfile).toMatch(/npm ci --omit=dev --ignore-scripts/);
  expect(dockerfile.match(/npm rebuild argon2/g)?.length).toBe(2);
  expect(dockerfile).toMatch(/npm run build/);
  const user = instructions.filter((l) => l.startsWith('USER ')).pop()!.split(/\s+/)[1]!;
  expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
});

test('every file the runtime stage copies from the build context exists in the repository', () => {
  const copied = instructions
    .filter((l) => l.startsWith('COPY --from=build /app/'))
    .map((l) => l.split(/\s+/)[2]!.replace('/app/', ''))
    .filter((file) => !file.startsWith('dist') && file !== 'package.json');
  expect(copied).toEqual(expect.arrayContaining(['prisma/migrations', 'schema']));
  for (const file of copied) expect([file, existsSync(path.join(ROOT, file))]).toEqual([file, true]);
});
