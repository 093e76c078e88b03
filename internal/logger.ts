import pino, { type Logger } from 'pino';
import { requestScope } from './request-scope.js';

export type { Logger };

/** JSON logs on stdout, one line per event, tagged with the service name. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // every line logged while serving a request carries its id
    mixin: () => {
      const scope = requestScope.current();
      return scope ? { requestId: scope.requestId } : {};
    },
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', '*.password', 'authorization', '*.authorization', 'token', '*.token', 'refreshToken', '*.refreshToken'],
      censor: '[redacted]',
    },
  });
}
