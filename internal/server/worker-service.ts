import http from 'node:http';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { closeServer, createServiceApp, listen, type ReadinessChecks } from './service.js';

/** A worker process as runProcess sees it: /health, /ready, /metrics on its port, and one close. */
export interface WorkerService {
  log: Logger;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export interface WorkerServiceOptions {
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** stops the consumers (finishing or handing back the jobs in hand), then what they used; runs once */
  stop(): Promise<void>;
}

/** The HTTP side every BullMQ worker process shares; `close` stops the work first, then the port. */
export function createWorkerService(options: WorkerServiceOptions): WorkerService {
  const httpServer = http.createServer(createServiceApp({ log: options.log, metrics: options.metrics, readiness: options.readiness }));
  let closing: Promise<void> | null = null;
  return {
    log: options.log,
    listen: (port, host = '0.0.0.0') => listen(httpServer, port, host),
    close() {
      closing ??= (async () => {
        await options.stop();
        await closeServer(httpServer);
      })();
      return closing;
    },
  };
}
