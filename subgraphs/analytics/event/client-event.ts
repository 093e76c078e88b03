import { BadInput } from '../../../internal/errors.js';

export const CLIENT_TYPE_MAX_LENGTH = 64;
const LOWER_SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export interface ClientEvent {
  type: `client:${string}`;
  payload: Record<string, unknown>;
}

/**
 * Validates a trackEvent input. Client types live under `client:` so an app
 * can never forge a domain event (message_sent, login, …) that reports count.
 */
export function clientEvent(type: string, payload: unknown, maxPayloadBytes: number): ClientEvent {
  if (type.length > CLIENT_TYPE_MAX_LENGTH || !LOWER_SNAKE_CASE.test(type)) {
    throw BadInput(`type must be lower_snake_case (a-z, 0-9, _), start with a letter and have at most ${CLIENT_TYPE_MAX_LENGTH} characters`, {
      field: 'type',
    });
  }
  const body = payload ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw BadInput('payload must be a JSON object', { field: 'payload' });
  }
  const bytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
  if (bytes > maxPayloadBytes) {
    throw BadInput(`payload is ${bytes} bytes of JSON; the limit is ${maxPayloadBytes}`, { field: 'payload', reason: 'PAYLOAD_TOO_LARGE', limit: maxPayloadBytes });
  }
  return { type: `client:${type}`, payload: body as Record<string, unknown> };
}
