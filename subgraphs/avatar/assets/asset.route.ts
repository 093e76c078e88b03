import { pipeline } from 'node:stream/promises';
import cors from 'cors';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../../../internal/logger.js';
import type { AssetCatalog } from './asset-catalog.js';
import { noneMatch, parseRange } from './http-range.js';
import type { AssetUrlSigner } from './url-signer.js';

export interface AssetRouteOptions {
  signer: AssetUrlSigner;
  catalog: AssetCatalog;
  /** comma-separated origins, or * */
  corsOrigins: string;
  log: Logger;
}

function refuse(res: Response, status: number, reason: string): void {
  res.setHeader('cache-control', 'no-store');
  res.status(status).json({ error: status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', reason });
}

/**
 * GET/HEAD of model files by signed URL (mounted at /assets/avatar; the
 * gateway passes the same path through). Order: signature and expiry (403),
 * the version still kept (404), then conditional and range handling. The
 * content at a signed URL never changes, so it is cacheable until the URL
 * expires; `private` keeps shared caches from holding one school's files.
 */
export function assetRouter(options: AssetRouteOptions): Router {
  const router = express.Router();
  const origins = options.corsOrigins.split(',').map((o) => o.trim()).filter(Boolean);
  router.use(
    cors({
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'HEAD', 'OPTIONS'],
      allowedHeaders: ['range', 'if-none-match', 'if-range'],
      exposedHeaders: ['content-length', 'content-range', 'accept-ranges', 'etag', 'x-request-id'],
      maxAge: 600,
    }),
  );
  router.get('/*path', async (req: Request, res: Response) => {
    const path = req.baseUrl + req.path;
    const verdict = options.signer.verify(path, req.query as Record<string, unknown>);
    if (!verdict.ok) return refuse(res, 403, verdict.reason === 'expired' ? 'the URL has expired' : 'invalid signature');
    const file = await options.catalog(path, verdict.version);
    if (!file) return refuse(res, 404, 'this model version no longer exists');

    res.setHeader('content-type', file.mimeType);
    res.setHeader('etag', file.etag);
    res.setHeader('accept-ranges', 'bytes');
    res.setHeader('cache-control', `private, max-age=${Math.max(0, verdict.expiresAt - Math.floor(Date.now() / 1000))}, immutable`);
    res.setHeader('x-content-type-options', 'nosniff');
    if (noneMatch(req.headers['if-none-match'], file.etag)) return void res.status(304).end();

    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== file.etag ? ({ kind: 'full' } as const) : parseRange(req.headers.range, file.size);
    if (range.kind === 'unsatisfiable') {
      res.setHeader('content-range', `bytes */${file.size}`);
      return void res.status(416).end();
    }
    const slice = range.kind === 'partial' ? { start: range.start, end: range.end } : undefined;
    if (slice) {
      res.status(206);
      res.setHeader('content-range', `bytes ${slice.start}-${slice.end}/${file.size}`);
    }
    res.setHeader('content-length', String(slice ? slice.end - slice.start + 1 : file.size));
    if (req.method === 'HEAD') return void res.end();
    try {
      await pipeline(file.open(slice), res);
    } catch (err) {
      // a client that goes away mid-download is normal; anything else is worth a line
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') options.log.warn({ err, path }, 'model file could not be sent');
      res.destroy();
    }
  });
  return router;
}
