import type { ApolloServerPlugin } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { tracer } from './span.js';

/** Probe and scrape routes: called every few seconds, never interesting in a trace. */
const UNTRACED = new Set(['/health', '/ready', '/metrics']);

/**
 * A SERVER span per incoming HTTP request, continuing the caller's trace
 * from its traceparent header (the gateway sets it on subgraph fetches).
 */
export function traceRequests(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (UNTRACED.has(req.path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(
      `${req.method} ${req.path}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Names the request's span after the GraphQL operation and marks operations that answered errors. */
export function graphqlTracingPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? 'unknown';
          span.updateName(`${type} ${operationName ?? 'anonymous'}`);
          span.setAttributes({ 'graphql.operation.type': type, 'graphql.operation.name': operationName ?? '' });
        },
        async willSendResponse({ errors }) {
          if (errors?.length) span.setStatus({ code: SpanStatusCode.ERROR, message: errors[0]!.message });
        },
      };
    },
  };
}
