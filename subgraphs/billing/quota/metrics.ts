import type { QuotaMetric } from '../../../internal/quota/quota.js';

export const QUOTA_METRICS: readonly QuotaMetric[] = ['messages', 'storageBytes', 'seats'];

/** The QuotaMetric enum of the database. */
export type DbMetric = 'MESSAGES' | 'STORAGE_BYTES' | 'SEATS';
export const DB_METRIC: Record<QuotaMetric, DbMetric> = { messages: 'MESSAGES', storageBytes: 'STORAGE_BYTES', seats: 'SEATS' };

export const isQuotaMetric = (value: unknown): value is QuotaMetric => QUOTA_METRICS.includes(value as QuotaMetric);

/**
 * What a counter holds before its first reservation. Every organization is
 * created by `register` with exactly one member, its founding ADMIN, so its
 * seat count starts at 1 (see docs/billing.md, "Seats").
 */
export const BASELINE: Record<QuotaMetric, number> = { messages: 0, storageBytes: 0, seats: 1 };

const EPOCH = new Date(0);

/** Messages count per calendar month (UTC); storage and seats never reset. */
export function periodStartOf(metric: QuotaMetric, now = new Date()): Date {
  return metric === 'messages' ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)) : EPOCH;
}

export function nextMonthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}
