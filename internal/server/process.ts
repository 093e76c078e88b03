import type { Logger } from '../logger.js';
import { ConfigError, loadConfig } from '../config/env.js';
import { startTracing, tracingEnv, type Tracing } from '../tracing/provider.js';

export interface Closable {
  close(): Promise<void>;
}

/**
 * Runs a process's main with tracing started (internal/tracing): on SIGTERM/SIGINT it closes what `start` returned
 * (bounded by `timeoutMs`) and exits. A process spawned with IPC (the dev
 * launcher, the e2e harness) is told the bound port.
 */
export async function runProcess(
  name: string,
  start: () => Promise<{ service: Closable; port?: number; log: Logger; shutdownTimeoutMs: number }>,
): Promise<void> {
  let started: Awaited<ReturnType<typeof start>>;
  let tracing: Tracing;
  try {
    // before anything serves: spans need the provider (service.name = the process name)
    tracing = startTracing(name, loadConfig(tracingEnv));
    started = await start();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${name}: ${err.message}\n`);
    } else {
      process.stderr.write(`${name}: failed to start: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  }
  const { service, port, log, shutdownTimeoutMs } = started;
  log.info({ port }, `${name} ready`);
  process.send?.({ type: 'ready', name, port });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${name} shutting down`);
    const timer = setTimeout(() => {
      log.error(`${name} did not stop within ${shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    try {
      await service.close();
      // the last spans (this shutdown's included) go out before exit; a dead collector only loses them
      await tracing.shutdown();
      log.info(`${name} stopped`);
      process.exit(0);
    } catch (err) {
      log.error({ err }, `${name} failed to stop cleanly`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('disconnect', () => void stop('parent gone'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
}
