import http from 'node:http';
import type { Express, Request, Response } from 'express';
import type { Logger } from '../internal/logger.js';
import { sendGraphQLError } from './http-errors.js';

export interface PassthroughRoute {
  /** path prefix on the gateway, e.g. /assets/avatar */
  prefix: string;
  /** base URL of the subgraph that serves it */
  target: string;
}

/**
 * Plain HTTP routes a subgraph serves behind the gateway's host (signed
 * avatar assets, Stripe webhooks). The request streams through untouched —
 * method, headers, raw body (webhook signatures are computed over it) and
 * the response, including status, range and caching headers.
 */
export function mountPassthrough(app: Express, routes: PassthroughRoute[], log: Logger): void {
  for (const route of routes) {
    app.use(route.prefix, (req: Request, res: Response) => {
      const target = new URL(route.prefix + req.url, route.target);
      const upstream = http.request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.ip ?? '' } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (err) => {
        log.warn({ err, prefix: route.prefix }, 'passthrough target unavailable');
        if (!res.headersSent) sendGraphQLError(res, 502, 'INTERNAL_SERVER_ERROR', 'Upstream service unavailable');
        else res.destroy();
      });
      req.on('aborted', () => upstream.destroy());
      req.pipe(upstream);
    });
  }
}
