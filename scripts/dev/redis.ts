import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * REDIS_URL when something answers there; otherwise a private redis-server
 * in <dataDir>/redis when one is installed; otherwise a clear way out.
 */
export async function connectOrStartRedis(url: string, dataDir: string, privatePort: number, log: (line: string) => void): Promise<RedisHandle> {
  if (await answers(url)) return { url, stop: async () => undefined };
  const installed = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!installed) {
    throw new Error(
      `Nothing answers at REDIS_URL=${url} and redis-server is not installed.\n` +
        '  Start Redis (e.g. `apt-get install redis-server`, `brew install redis`, or `docker run -p 6379:6379 redis:7`)\n' +
        '  or point REDIS_URL at a running one.',
    );
  }
  const dir = path.resolve(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  log(`no Redis at ${url}; starting a private redis-server on port ${privatePort} in ${dir}`);
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(privatePort), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  const privateUrl = `redis://127.0.0.1:${privatePort}`;
  for (let i = 0; i < 50 && !(await answers(privateUrl)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(privateUrl))) throw new Error(`redis-server did not start on port ${privatePort}`);
  return {
    url: privateUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
