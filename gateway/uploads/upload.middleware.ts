import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { graphqlUploadExpress, type FileUpload } from 'graphql-upload-ts';
import type { Logger } from '../../internal/logger.js';
import { sendGraphQLError } from '../http-errors.js';
import { uploadsIn } from './multipart.js';

export interface UploadLimits {
  /** largest file, in bytes */
  maxFileBytes: number;
  maxFiles: number;
  /** largest `operations` / `map` field, in bytes */
  maxFieldBytes: number;
}

const isMultipart = (req: Request) => Boolean(req.is('multipart/form-data'));

/**
 * After an early refusal Node drains the unread body to keep the connection;
 * for a large or unknown body, closing is cheaper (the client may then see
 * the answer or a reset, as with any proxy refusing an upload early).
 */
function closeUnlessSmall(req: Request, res: Response, maxFieldBytes: number): void {
  const declared = Number(req.headers['content-length'] ?? Number.POSITIVE_INFINITY);
  if (declared > 2 * maxFieldBytes) res.setHeader('connection', 'close');
}

/**
 * Refuses what can be refused before reading the body: a multipart request
 * without the CSRF preflight header (Apollo Server would refuse it anyway,
 * but only after the whole file was received), and one whose declared
 * length cannot fit the limits.
 */
function refuseEarly(limits: UploadLimits): RequestHandler {
  // the files, the two JSON fields, and room for part headers and boundaries
  const maxBody = limits.maxFiles * limits.maxFileBytes + 2 * limits.maxFieldBytes + 65_536;
  return (req, res, next) => {
    if (!isMultipart(req)) return next();
    if (!req.headers['apollo-require-preflight'] && !req.headers['x-apollo-operation-name']) {
      closeUnlessSmall(req, res, limits.maxFieldBytes);
      return sendGraphQLError(
        res,
        400,
        'BAD_REQUEST',
        'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF): a multipart request needs a non-empty `apollo-require-preflight` header',
      );
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      closeUnlessSmall(req, res, limits.maxFieldBytes);
      return sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', `Upload exceeds the limit of ${limits.maxFileBytes} bytes per file`, {
        maxFileBytes: limits.maxFileBytes,
      });
    }
    next();
  };
}

/** Resolves once a file is completely in its temporary spool file; rejects if it was cut off (size limit, client gone). */
function spooled(file: FileUpload): Promise<void> {
  const capacitor = file.capacitor;
  return new Promise((resolve, reject) => {
    if (capacitor.writableFinished) return resolve();
    if (capacitor.destroyed) return reject(capacitor.errored ?? new Error('Upload was interrupted'));
    capacitor.once('finish', () => resolve());
    capacitor.once('error', reject);
    capacitor.once('close', () => reject(capacitor.errored ?? new Error('Upload was interrupted')));
  });
}

/**
 * Waits until every file of the request is on the gateway's disk before the
 * operation runs. The size limit is then known to hold before a single byte
 * goes to a subgraph ("nothing forwarded" for a refused upload), and a slow
 * client never holds a subgraph connection open. Files stay on disk
 * (graphql-upload-ts spools them), never whole in memory.
 */
function awaitSpooled(limits: UploadLimits, log: Logger): RequestHandler {
  return async (req, res, next) => {
    if (!isMultipart(req)) return next();
    try {
      for (const upload of uploadsIn(req.body)) await spooled(await upload.promise);
      next();
    } catch (err) {
      uploadFailed(limits, log)(err, req, res, next);
    }
  };
}

/** Maps graphql-upload-ts failures (http-errors with a status) to GraphQL-shaped answers. */
function uploadFailed(limits: UploadLimits, log: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!isMultipart(req)) return next(err);
    const status = (err as { status?: number }).status;
    if (res.headersSent) return;
    if (status === 413) {
      return sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', `Upload exceeds the limit of ${limits.maxFileBytes} bytes per file or ${limits.maxFiles} files`, {
        maxFileBytes: limits.maxFileBytes,
        maxFiles: limits.maxFiles,
      });
    }
    if (status === 499 || req.socket.destroyed) return; // the client left; nobody to answer
    if (status === 400) return sendGraphQLError(res, 400, 'BAD_REQUEST', (err as Error).message);
    log.warn({ err }, 'upload failed');
    sendGraphQLError(res, 400, 'BAD_REQUEST', 'The upload could not be read');
  };
}

/**
 * The gateway's handling of GraphQL multipart requests (the upload spec):
 * early refusals, parsing into temporary spool files, waiting for the files,
 * and error mapping. The operation then runs with Upload values in its
 * variables; SubgraphDataSource forwards them as multipart.
 */
export function gatewayUploads(limits: UploadLimits, log: Logger): (RequestHandler | ((err: unknown, req: Request, res: Response, next: NextFunction) => void))[] {
  const parse = graphqlUploadExpress({ maxFileSize: limits.maxFileBytes, maxFiles: limits.maxFiles, maxFieldSize: limits.maxFieldBytes }) as RequestHandler;
  return [refuseEarly(limits), parse, awaitSpooled(limits, log), uploadFailed(limits, log)];
}
