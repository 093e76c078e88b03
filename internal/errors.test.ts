import { AppError, ErrorCode, maskError } from './errors.js';

test('client errors keep their message and code; stack traces are dropped', () => {
  const logged: unknown[] = [];
  const formatted = maskError(
    { message: 'Invalid cursor', extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at x'] } },
    'req-1',
    (c) => logged.push(c),
  );
  expect(formatted).toEqual({ message: 'Invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
  expect(logged).toEqual([]);
});

test('anything else is masked with the request id and its cause is logged', () => {
  const logged: unknown[] = [];
  const cause = new Error('relation "identity_users" does not exist');
  const formatted = maskError({ message: cause.message, path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, 'req-2', (c) => logged.push(c), cause);
  expect(formatted).toEqual({ message: 'Internal server error (request req-2)', path: ['me'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-2' } });
  expect(logged).toEqual([cause]);
});

test('AppError carries its code and an HTTP status where one applies', () => {
  expect(new AppError(ErrorCode.RATE_LIMITED, 'slow down').httpStatus).toBe(429);
  expect(new AppError(ErrorCode.NOT_FOUND, 'x').httpStatus).toBeUndefined();
});
