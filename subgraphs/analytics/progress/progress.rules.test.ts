import { engagementScore, trend } from './progress.rules.js';

describe('engagement score', () => {
  test('is 0 without activity and 100 at or above every target', () => {
    expect(engagementScore({ activeDays: 0, messages: 0, conversations: 0 })).toBe(0);
    expect(engagementScore({ activeDays: 12, messages: 40, conversations: 8 })).toBe(100);
    expect(engagementScore({ activeDays: 28, messages: 500, conversations: 90 })).toBe(100);
  });

  test('weighs days 50, messages 30, conversations 20', () => {
    expect(engagementScore({ activeDays: 6, messages: 0, conversations: 0 })).toBe(25);
    expect(engagementScore({ activeDays: 0, messages: 20, conversations: 0 })).toBe(15);
    expect(engagementScore({ activeDays: 0, messages: 0, conversations: 2 })).toBe(5);
    // 50*3/12 + 30*5/40 + 20*1/8 = 12.5 + 3.75 + 2.5 = 18.75
    expect(engagementScore({ activeDays: 3, messages: 5, conversations: 1 })).toBe(19);
  });
});

describe('trend', () => {
  test.each([
    [0, 0, 'STABLE'],
    [2, 1, 'STABLE'], // too small to mean anything
    [3, 0, 'IMPROVING'],
    [0, 3, 'DECLINING'],
    [12, 10, 'STABLE'],
    [13, 10, 'IMPROVING'],
    [58, 50, 'STABLE'], // +16%
    [60, 50, 'IMPROVING'], // +20%
    [40, 50, 'DECLINING'], // -20%
    [41, 50, 'STABLE'],
  ])('this week %i, last week %i → %s', (thisWeek, lastWeek, expected) => {
    expect(trend(thisWeek, lastWeek)).toBe(expected);
  });
});
