/**
 * The two judgements in StudentProgress, as pure functions so their rules
 * are tested on their own (and written out in docs/analytics.md).
 */

export const Trend = { IMPROVING: 'IMPROVING', STABLE: 'STABLE', DECLINING: 'DECLINING' } as const;
export type Trend = (typeof Trend)[keyof typeof Trend];

/** Activity over the last 28 local days (today included). */
export interface RecentActivity {
  activeDays: number;
  messages: number;
  conversations: number;
}

/** Where each part of the score saturates: about 3 active days, 10 messages and 2 conversations a week. */
export const ENGAGEMENT_TARGETS = { activeDays: 12, messages: 40, conversations: 8 } as const;
export const ENGAGEMENT_WEIGHTS = { activeDays: 50, messages: 30, conversations: 20 } as const;

/**
 * 0..100: 50 × min(activeDays/12, 1) + 30 × min(messages/40, 1)
 * + 20 × min(conversations/8, 1), over the last 28 days, rounded.
 * Regular presence weighs most; a burst of messages in one day cannot max it.
 */
export function engagementScore(recent: RecentActivity): number {
  const part = (key: keyof RecentActivity) => ENGAGEMENT_WEIGHTS[key] * Math.min(recent[key] / ENGAGEMENT_TARGETS[key], 1);
  return Math.round(part('activeDays') + part('messages') + part('conversations'));
}

/**
 * Messages sent in the last 7 local days (today included) against the 7
 * days before. A change counts when it is at least 3 messages and at least
 * 20% of the earlier week, so 1 → 2 messages stays STABLE.
 */
export function trend(thisWeek: number, lastWeek: number): Trend {
  const threshold = Math.max(3, 0.2 * lastWeek);
  if (thisWeek - lastWeek >= threshold) return Trend.IMPROVING;
  if (lastWeek - thisWeek >= threshold) return Trend.DECLINING;
  return Trend.STABLE;
}
