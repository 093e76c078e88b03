import { once } from 'node:events';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { bearerToken, type TokenVerifier } from '../../../internal/auth/verifier.js';
import { AppError, ErrorCode } from '../../../internal/errors.js';
import type { Logger } from '../../../internal/logger.js';
import type { AnswerRunner } from './answer.runner.js';
import { askRequestSchema } from './answer.request.js';
import type { AnswerService } from './answer.service.js';

export const ANSWER_STREAM_PATH = '/internal/answers/stream';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
};

function sendError(res: Response, err: unknown, log: Logger): void {
  if (err instanceof AppError && STATUS[err.code]) {
    res.status(STATUS[err.code]!).json({ code: err.code, message: err.message, ...err.extensions });
    return;
  }
  log.error({ err }, 'answer stream failed before streaming');
  res.status(500).json({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
}

export interface AnswerStreamDeps {
  verifier: TokenVerifier;
  answers: AnswerService;
  runner: AnswerRunner;
  log: Logger;
}

/**
 * POST /internal/answers/stream — the streamed answer the conversation
 * subgraph relays to students (contract in docs/persona.md). Errors before
 * the first byte are HTTP 400/401/403/404 with JSON { code, message };
 * then one NDJSON event per line. A client that disconnects aborts the
 * model call.
 */
export function mountAnswerStream(app: Express, deps: AnswerStreamDeps): void {
  app.post(ANSWER_STREAM_PATH, express.json({ limit: '512kb' }), async (req: Request, res: Response) => {
    const cancel = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) cancel.abort();
    });
    let prepared;
    let caller;
    try {
      const token = bearerToken(req.headers.authorization);
      if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
      caller = { claims: await deps.verifier.verify(token), token };
      const body = askRequestSchema.safeParse(req.body);
      if (!body.success) {
        const issue = body.error.issues[0]!;
        throw new AppError(ErrorCode.BAD_USER_INPUT, `Invalid request body: ${issue.path.join('.') || 'body'} ${issue.message}`, { field: issue.path.join('.') });
      }
      prepared = await deps.answers.prepare(caller, body.data, cancel.signal);
    } catch (err) {
      if (!cancel.signal.aborted) sendError(res, err, deps.log);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    try {
      for await (const event of deps.runner.run(prepared, caller, cancel.signal, true)) {
        if (cancel.signal.aborted) break;
        if (!res.write(`${JSON.stringify(event)}\n`)) await once(res, 'drain', { signal: cancel.signal });
      }
    } catch (err) {
      if (!cancel.signal.aborted) {
        deps.log.error({ err }, 'answer stream failed');
        res.write(`${JSON.stringify({ type: 'error', code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' })}\n`);
      }
    }
    res.end();
  });
  // malformed JSON bodies: the contract's { code, message }, not express's HTML page
  app.use(ANSWER_STREAM_PATH, (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    res.status(400).json({ code: ErrorCode.BAD_USER_INPUT, message: 'Request body must be JSON: { personaId, question, history }' });
  });
}
