import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The error codes clients may see in `extensions.code` (see the contract). */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  /** card payments are not available here; pay by mobile money, bank transfer or cash (recorded by an operator) */
  MANUAL_PAYMENT_REQUIRED: 'MANUAL_PAYMENT_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** An error whose message and code are meant for the client. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
    this.name = 'AppError';
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
  get httpStatus(): number | undefined {
    return HTTP_STATUS[this.code];
  }
}

export const Unauthenticated = (message = 'Authentication required') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const Forbidden = (message = 'You are not allowed to do this') => new AppError(ErrorCode.FORBIDDEN, message);
export const NotFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const BadInput = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, details);
export const RateLimited = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.RATE_LIMITED, `Too many requests; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
export const QuotaExceeded = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.QUOTA_EXCEEDED, message, details);
export const ManualPaymentRequired = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.MANUAL_PAYMENT_REQUIRED, message, details);
export const PayloadTooLarge = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.PAYLOAD_TOO_LARGE, message, details);
export const UnsupportedMediaType = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message, details);

/** Codes produced by graphql-js / Apollo Server themselves that are safe to show. */
const SAFE_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Masks anything that is not a deliberate client error: the client gets
 * INTERNAL_SERVER_ERROR with the request id; the cause goes to the log.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  requestId: string | undefined,
  log: (cause: unknown) => void,
  original?: unknown,
): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const { stacktrace: _stack, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (SAFE_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
    return { ...formatted, extensions: { ...extensions, code } };
  }
  log(original ?? formatted);
  return {
    message: `Internal server error${requestId ? ` (request ${requestId})` : ''}`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
  };
}
