import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from '../../../internal/errors.js';
import type { Logger } from '../../../internal/logger.js';
import { requestScope } from '../../../internal/request-scope.js';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  // 402 Payment Required: the plan's limit is reached and a bigger plan lifts it
  [ErrorCode.QUOTA_EXCEEDED]: 402,
};

/**
 * Answers the billing subgraph's plain HTTP routes in GraphQL's error shape
 * (`{ errors: [{ message, extensions: { code } }] }`), so callers read one
 * format; anything that is not an AppError is masked and logged.
 */
export function sendError(res: Response, err: unknown, log: Logger): void {
  if (err instanceof AppError) {
    res.status(STATUS[err.code] ?? 400).json({ errors: [{ message: err.message, extensions: err.extensions }] });
    return;
  }
  const requestId = requestScope.current()?.requestId;
  log.error({ err }, 'unexpected error on an HTTP route');
  res.status(500).json({ errors: [{ message: `Internal server error (request ${requestId})`, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
}

/** An async express handler whose failures go through sendError. */
export function route(log: Logger, handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, _next: NextFunction) => {
    handler(req, res).catch((err) => sendError(res, err, log));
  };
}

/** Malformed JSON bodies answer BAD_USER_INPUT instead of express's HTML page. */
export function jsonBodyErrors(log: Logger) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (err as { type?: string })?.type;
    if (type === 'entity.parse.failed' || type === 'entity.too.large') {
      res.status(400).json({ errors: [{ message: 'Request body must be a small JSON object', extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    if (err) return sendError(res, err, log);
    next();
  };
}
