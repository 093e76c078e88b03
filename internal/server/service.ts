import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { requestIdFrom, requestScope } from '../request-scope.js';
import { traceRequests } from '../tracing/http.js';

export type ReadinessChecks = Record<string, () => Promise<unknown>>;

export interface ServiceAppOptions {
  log: Logger;
  metrics: Metrics;
  readiness?: ReadinessChecks;
}

/**
 * Express app with what every process exposes: request ids, HTTP metrics, a trace span per request,
 * `/health` (alive), `/ready` (dependencies answer) and `/metrics`.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const end = options.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? req.path.split('/')[1] ?? '', status: String(res.statusCode) }));
    requestScope.run({ requestId }, next);
  });
  app.use(traceRequests());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const failing = await failingChecks(options.readiness ?? {});
    if (failing.length) res.status(503).json({ status: 'not ready', failing });
    else res.json({ status: 'ready' });
  });
  app.get('/metrics', (req, res) => options.metrics.handler(req, res));
  return app;
}

async function failingChecks(checks: ReadinessChecks): Promise<string[]> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref())]);
        return null;
      } catch {
        return name;
      }
    }),
  );
  return results.filter((n): n is string => n !== null);
}

/** Listens on `port` (0 picks a free one) and resolves with the bound port. */
export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes an HTTP server: stops accepting, ends idle keep-alive sockets, waits for the rest. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
