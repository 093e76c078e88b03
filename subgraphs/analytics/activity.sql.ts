import { Prisma } from '../../internal/db/prisma.js';

/**
 * What the reports count, as SQL over `analytics_events e` (docs/analytics.md).
 * Kept in one place so the weekly report, progress and the dashboard agree.
 */

/** A message a user sent: message_sent, except the persona's own replies. */
export const USER_MESSAGE = Prisma.sql`(e.type = 'message_sent' AND e.message_role IS DISTINCT FROM 'assistant')`;

/**
 * Something a user did themselves. Pipeline outcomes (source_ready/failed),
 * billing changes and client events (which any app can send) do not make
 * anyone active.
 */
export const USER_ACTIVITY = Prisma.sql`(e.user_id IS NOT NULL AND (
  e.type IN ('user_registered', 'login', 'persona_created', 'conversation_started', 'answer_refused') OR ${USER_MESSAGE}))`;

/** `e.occurred_at` as a calendar date in `zone`. */
export const localDay = (zone: string) => Prisma.sql`(e.occurred_at AT TIME ZONE ${zone})::date`;

/** The instant local midnight of `date` (YYYY-MM-DD, plus `days`) is in `zone`. */
export const localMidnight = (date: string, zone: string, days = 0) =>
  Prisma.sql`((${date}::date + ${days}::int)::timestamp AT TIME ZONE ${zone})`;
