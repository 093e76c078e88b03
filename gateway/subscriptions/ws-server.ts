import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Express } from 'express';
import { getVariableValues, GraphQLError, type ExecutionArgs, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { CloseCode, MessageType, stringifyMessage, type SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { TokenVerifier } from '../../internal/auth/verifier.js';
import { AppError, ErrorCode, maskError } from '../../internal/errors.js';
import type { Logger } from '../../internal/logger.js';
import type { RateLimiter } from '../../internal/rate-limit.js';
import { requestScope } from '../../internal/request-scope.js';
import { hitRateLimits, type RateLimits } from '../auth.middleware.js';
import type { GatewayContext } from '../datasource.js';
import { limitError, type QueryLimits } from '../limits/query-limits.plugin.js';
import { authenticateConnection, clientIpOf, ConnectionRefused, newConnectionState, operationRequestId, type ConnectionState } from './connection.js';
import type { OperationCache } from './operation-cache.js';
import type { SubscriptionRoute } from './routing.js';
import { TransportError, UpstreamErrors } from './upstream-subscription.js';
import type { UpstreamPool } from './upstream.js';

export interface GatewaySubscriptionsOptions {
  httpServer: http.Server;
  /** the gateway's express app: client addresses follow its 'trust proxy' */
  app: Express;
  /** queries and mutations sent over the socket run through it, like HTTP ones */
  apollo: ApolloServer<GatewayContext>;
  operations: OperationCache;
  upstream: UpstreamPool;
  verifier: TokenVerifier;
  limiter: RateLimiter;
  rateLimits: RateLimits;
  queryLimits: QueryLimits;
  maxSubscriptionsPerConnection: number;
  keepAliveMs: number;
  /** largest message a client may send */
  maxPayloadBytes: number;
  log: Logger;
}

/** What each operation carries from onSubscribe to execute / subscribe. */
interface OperationContext {
  kind: 'subscription' | 'execute';
  requestId: string;
  state: ConnectionState;
  payload: SubscribePayload;
  route?: SubscriptionRoute;
}

type Ctx = { connectionParams?: Readonly<Record<string, unknown>>; extra: Extra };

const appError = (code: ErrorCode, message: string, details: Record<string, unknown> = {}) => [new AppError(code, message, details)];

/**
 * graphql-ws on the gateway's /graphql (same port as HTTP). Connections
 * authenticate once, from connectionParams; each subscription is validated
 * against the API schema, checked against the query limits, routed to the
 * subgraph that owns its root field and forwarded over that subgraph's one
 * multiplexed upstream connection, with the user's identity in the
 * operation's `extensions`. Queries and mutations on the same socket run
 * through the gateway's own Apollo Server with the HTTP context.
 */
export function attachGatewaySubscriptions(options: GatewaySubscriptionsOptions): { dispose(): Promise<void>; stats(): { connections: number; subscriptions: number } } {
  const { log } = options;
  const states = new WeakMap<object, ConnectionState>();
  let connections = 0;
  let subscriptions = 0;
  const track = (state: ConnectionState, id: string, running: boolean) => {
    if (running === state.subscriptions.has(id)) return;
    if (running) state.subscriptions.add(id);
    else state.subscriptions.delete(id);
    subscriptions += running ? 1 : -1;
  };

  /** Ends the connection's subscriptions with UNAUTHENTICATED, then closes it. */
  const expire = (ctx: Ctx, state: ConnectionState) => {
    const socket = ctx.extra.socket;
    const payload = [{ message: 'Access token expired', extensions: { code: ErrorCode.UNAUTHENTICATED } }];
    for (const id of state.subscriptions) socket.send(stringifyMessage({ id, type: MessageType.Error, payload }));
    socket.close(CloseCode.Unauthorized, 'Access token expired');
  };

  const format = (error: GraphQLError | GraphQLFormattedError, requestId: string): GraphQLFormattedError[] => {
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    if (original instanceof UpstreamErrors) return original.errors.flatMap((e) => format(e, requestId));
    if (error instanceof TransportError || original instanceof TransportError) return [(error as GraphQLError).toJSON()];
    const formatted = error instanceof GraphQLError ? error.toJSON() : error;
    return [maskError(formatted, requestId, (cause) => log.error({ err: cause, requestId }, 'unexpected subscription error'), original ?? error)];
  };

  const prepare = async (ctx: Ctx, id: string, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const state = states.get(ctx)!;
    if (state.expiresAt !== null && Date.now() >= state.expiresAt) {
      setImmediate(() => expire(ctx, state));
      return appError(ErrorCode.UNAUTHENTICATED, 'Access token expired');
    }
    try {
      const refused = await hitRateLimits(options.limiter, options.rateLimits, state.clientIp, state.claims?.sub);
      if (refused) return appError(ErrorCode.RATE_LIMITED, `Too many requests; retry in ${refused.retryAfterSeconds} s`, { retryAfterSeconds: refused.retryAfterSeconds });
    } catch (err) {
      log.warn({ err }, 'rate limiter unavailable'); // as over HTTP: Redis trouble must not take the API down
    }
    const prepared = options.operations.prepare(payload.query, payload.operationName);
    if (Array.isArray(prepared)) return prepared;
    const { document, operation, route } = prepared as Exclude<typeof prepared, readonly GraphQLError[]>;
    const requestId = operationRequestId(state, id);
    const base = { schema: options.operations.apiSchema, document, operationName: payload.operationName, variableValues: payload.variables };
    if (operation.operation !== 'subscription') return { ...base, contextValue: { kind: 'execute', requestId, state, payload } satisfies OperationContext };

    if (state.subscriptions.size >= options.maxSubscriptionsPerConnection) {
      return appError(ErrorCode.RATE_LIMITED, `Too many subscriptions on this connection: at most ${options.maxSubscriptionsPerConnection} may run at once`, {
        limit: 'subscriptionsPerConnection',
        max: options.maxSubscriptionsPerConnection,
      });
    }
    const variables = getVariableValues(options.operations.apiSchema, operation.variableDefinitions ?? [], payload.variables ?? {});
    if (variables.errors) return variables.errors.map((e) => new AppError(ErrorCode.BAD_USER_INPUT, e.message));
    const tooBig = limitError(document, operation, payload.variables ?? {}, options.queryLimits);
    if (tooBig) return [tooBig];
    if (Array.isArray(route)) return route;
    track(state, id, true);
    return { ...base, contextValue: { kind: 'subscription', requestId, state, payload, route: route as SubscriptionRoute } satisfies OperationContext };
  };

  const forward = (args: ExecutionArgs) => {
    const op = args.contextValue as OperationContext;
    const { authorization, clientIp } = op.state;
    return options.upstream.subscribe(op.route!.subgraph, {
      query: op.route!.query,
      operationName: op.payload.operationName,
      variables: op.payload.variables,
      extensions: { authorization, requestId: op.requestId, clientIp },
    });
  };

  const execute = async (args: ExecutionArgs): Promise<FormattedExecutionResult> => {
    const op = args.contextValue as OperationContext;
    const { query, variables, operationName, extensions } = op.payload;
    const contextValue: GatewayContext = { requestId: op.requestId, authorization: op.state.authorization, clientIp: op.state.clientIp };
    try {
      const response = await requestScope.run({ requestId: op.requestId }, () =>
        options.apollo.executeOperation(
          { query, variables: variables ?? undefined, operationName: operationName ?? undefined, extensions: extensions ?? undefined },
          { contextValue },
        ),
      );
      if (response.body.kind === 'single') return response.body.singleResult;
      return { errors: [{ message: 'Incremental delivery (@defer) is not available over WebSocket', extensions: { code: 'BAD_REQUEST' } }] };
    } catch (err) {
      return { errors: format(err as GraphQLError, op.requestId) };
    }
  };

  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const server = useServer(
    {
      onConnect: async (ctx) => {
        try {
          const auth = await authenticateConnection(ctx.connectionParams, options.verifier);
          const state = newConnectionState(auth, clientIpOf(options.app, ctx.extra.request));
          states.set(ctx, state);
          connections += 1;
          if (state.expiresAt !== null) {
            state.expiryTimer = setTimeout(() => expire(ctx, state), Math.min(Math.max(state.expiresAt - Date.now(), 0), 2 ** 31 - 1));
          }
          return true;
        } catch (err) {
          const refused = err instanceof ConnectionRefused ? err : new ConnectionRefused(CloseCode.InternalServerError, 'Internal server error');
          if (!(err instanceof ConnectionRefused)) log.error({ err }, 'graphql-ws connection failed');
          ctx.extra.socket.close(refused.code, refused.reason);
          return false;
        }
      },
      onSubscribe: prepare,
      execute: execute as never,
      subscribe: forward as never,
      onNext: (_ctx, _id, _payload, args, result) => {
        const op = args.contextValue as OperationContext;
        // Apollo already formatted what execute returns; subgraph events are masked here
        if (op.kind !== 'subscription' || !result.errors) return result as FormattedExecutionResult;
        return { ...result, errors: result.errors.flatMap((e) => format(e, op.requestId)) } as FormattedExecutionResult;
      },
      onError: (ctx, id, _payload, errors) => {
        const state = states.get(ctx);
        if (state) track(state, id, false);
        return errors.flatMap((e) => format(e, operationRequestId(state, id)));
      },
      onComplete: (ctx, id) => {
        const state = states.get(ctx);
        if (state) track(state, id, false);
      },
      onClose: (ctx) => {
        const state = states.get(ctx);
        if (!state) return;
        clearTimeout(state.expiryTimer);
        subscriptions -= state.subscriptions.size;
        connections -= 1;
        states.delete(ctx);
      },
    },
    wsServer,
    options.keepAliveMs,
  );

  return {
    stats: () => ({ connections, subscriptions }),
    async dispose() {
      await server.dispose();
    },
  };
}
