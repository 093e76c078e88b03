import pino, { type Logger, type LoggerOptions } from 'pino';
import { requestScope } from './request-scope.js';
import { traceIdsForLog } from './tracing/span.js';

export type { Logger };

/** JSON logs on stdout (or `destination`), one line per event, tagged with the service name. */
export function createLogger(service: string, level: string = 'info', destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // every line logged while serving a request or a job carries its request id and trace
    mixin: () => {
      const scope = requestScope.current();
      return { ...(scope ? { requestId: scope.requestId } : {}), ...traceIdsForLog() };
    },
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', '*.password', 'authorization', '*.authorization', 'token', '*.token', 'refreshToken', '*.refreshToken'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
