import { z } from 'zod';

/** What analytics stores for one event: the envelope plus the payload fields reports group by. */
export interface EventRow {
  id: string;
  orgId: string;
  userId: string | null;
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
  personaId: string | null;
  subjectId: string | null;
  messageRole: string | null;
}

/** The envelope of internal/events (DomainEvent), checked because other processes produce it. */
const envelope = z.object({
  id: z.string().min(1).max(200),
  type: z.string().regex(/^(client:)?[a-z][a-z0-9_]{0,63}$/, 'lower_snake_case, optionally client:'),
  orgId: z.guid(),
  userId: z.guid().nullish(),
  occurredAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO-8601 timestamp'),
  payload: z.record(z.string(), z.unknown()).nullish(),
});

export class InvalidEvent extends Error {}

/** Which payload field names the thing an event is about (counted once per subject). */
const SUBJECT_FIELD: Record<string, string> = {
  conversation_started: 'conversationId',
  message_sent: 'conversationId',
  answer_refused: 'conversationId',
  persona_created: 'personaId',
  persona_deleted: 'personaId',
  source_ready: 'sourceId',
  source_failed: 'sourceId',
  source_deleted: 'sourceId',
  plan_changed: 'to',
};

/** Optional payload ids: kept when they are short strings (or numbers), ignored otherwise. */
function idField(payload: Record<string, unknown>, field: string | undefined): string | null {
  const value = field ? payload[field] : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}

/** Checks an envelope from the queue and copies out the fields reports use; throws InvalidEvent. */
export function toEventRow(data: unknown): EventRow {
  const parsed = envelope.safeParse(data);
  if (!parsed.success) {
    throw new InvalidEvent(parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; '));
  }
  const event = parsed.data;
  const payload = event.payload ?? {};
  const role = event.type === 'message_sent' ? idField(payload, 'role') : null;
  return {
    id: event.id,
    orgId: event.orgId.toLowerCase(),
    userId: event.userId?.toLowerCase() ?? null,
    type: event.type,
    occurredAt: new Date(event.occurredAt),
    payload,
    personaId: idField(payload, 'personaId'),
    subjectId: idField(payload, SUBJECT_FIELD[event.type]),
    messageRole: role?.toLowerCase() ?? null,
  };
}
