import { addDays, daysEndingWith, isLocalDate, isoWeekStart, lastFullWeekStart, localDate } from './calendar.js';

const KIGALI = 'Africa/Kigali'; // UTC+2, no daylight saving

describe('calendar in the organization time zone', () => {
  test('an instant late on Sunday UTC is already Monday in Kigali', () => {
    expect(localDate(new Date('2025-03-02T21:30:00Z'), KIGALI)).toBe('2025-03-02');
    expect(localDate(new Date('2025-03-02T22:30:00Z'), KIGALI)).toBe('2025-03-03');
    expect(localDate(new Date('2025-03-02T22:30:00Z'), 'UTC')).toBe('2025-03-02');
  });

  test('ISO weeks start on Monday, including across months and years', () => {
    expect(isoWeekStart('2025-03-03')).toBe('2025-03-03'); // a Monday
    expect(isoWeekStart('2025-03-09')).toBe('2025-03-03'); // its Sunday
    expect(isoWeekStart('2025-03-10')).toBe('2025-03-10');
    expect(isoWeekStart('2025-01-01')).toBe('2024-12-30');
    expect(isoWeekStart('2024-03-01')).toBe('2024-02-26');
  });

  test('the last full week is the one before the current one, in local time', () => {
    // Monday 00:30 in Kigali (still Sunday in UTC): the week that just ended is last full week
    expect(lastFullWeekStart(new Date('2025-03-09T22:30:00Z'), KIGALI)).toBe('2025-03-03');
    // Sunday 23:30 in Kigali: that week is not over yet
    expect(lastFullWeekStart(new Date('2025-03-09T21:30:00Z'), KIGALI)).toBe('2025-02-24');
  });

  test('day arithmetic and ranges', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysEndingWith('2025-03-02', 3)).toEqual(['2025-02-28', '2025-03-01', '2025-03-02']);
  });

  test('only real calendar dates are local dates', () => {
    expect(['2025-03-03', '2024-02-29'].map(isLocalDate)).toEqual([true, true]);
    expect(['2025-02-29', '2025-3-3', '2025-03-03T00:00:00Z', ''].map(isLocalDate)).toEqual([false, false, false, false]);
  });
});
