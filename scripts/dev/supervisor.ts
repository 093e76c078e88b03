import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { createLineFormatter } from './log-format.js';
import { ROOT, type ProcessSpec } from './processes.js';

export interface Supervised {
  spec: ProcessSpec;
  child: ChildProcess;
  ready: Promise<number>;
}

/** Forks one process with IPC; `ready` resolves with its port when it reports ready. */
export function startProcess(spec: ProcessSpec, env: NodeJS.ProcessEnv, index: number, width: number, onExit: (code: number | null) => void): Supervised {
  const child = fork(path.join(ROOT, spec.entry), [], {
    cwd: ROOT,
    env: { ...env, [spec.portVar]: String(spec.port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const format = createLineFormatter(spec.name, index, width, Boolean(process.stdout.isTTY));
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${format(line)}\n`));
  }
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (msg: { type?: string; port?: number }) => {
      if (msg?.type === 'ready') resolve(msg.port ?? spec.port);
    });
    child.once('exit', (code) => reject(new Error(`${spec.name} exited with code ${code} before it was ready`)));
  });
  const healthy = ready.then(waitUntilReady);
  healthy.catch(() => undefined);
  child.once('exit', (code) => onExit(code));
  return { spec, child, ready: healthy };
}

/** Polls the process's /ready until its dependencies answer. */
async function waitUntilReady(port: number): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return port;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** SIGTERM to every child, SIGKILL to those still running after `timeoutMs`. */
export async function stopAll(processes: Supervised[], timeoutMs: number): Promise<void> {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}
