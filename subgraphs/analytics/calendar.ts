/**
 * Calendar dates (YYYY-MM-DD) in an organization's time zone. Reports work
 * on local dates; SQL turns them into instants with AT TIME ZONE, so the
 * only zone arithmetic in JavaScript is "what local date is this instant".
 */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date `instant` falls on in `zone`. */
export function localDate(instant: Date, zone: string): LocalDate {
  let format = formatters.get(zone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(zone, format);
  }
  return format.format(instant);
}

// Plain dates are computed as UTC midnights: no zone, no DST, exact days.
const toUtc = (date: LocalDate) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** The Monday of the ISO week (Monday–Sunday) that contains `date`. */
export function isoWeekStart(date: LocalDate): LocalDate {
  const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

/** The most recent ISO week that has fully ended at `now` in `zone`. */
export function lastFullWeekStart(now: Date, zone: string): LocalDate {
  return addDays(isoWeekStart(localDate(now, zone)), -7);
}

/** The `days` local dates ending with `last`, oldest first. */
export function daysEndingWith(last: LocalDate, days: number): LocalDate[] {
  return Array.from({ length: days }, (_, i) => addDays(last, i - days + 1));
}

export const isLocalDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && fromUtc(toUtc(value)) === value;
