import { noneMatch, parseRange } from './http-range.js';

test.each([
  [undefined, { kind: 'full' }],
  ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
  ['bytes=100-', { kind: 'partial', start: 100, end: 999 }],
  ['bytes=-10', { kind: 'partial', start: 990, end: 999 }],
  ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
  ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
  ['bytes=1000-', { kind: 'unsatisfiable' }],
  ['bytes=-0', { kind: 'unsatisfiable' }],
  ['bytes=5-1', { kind: 'full' }],
  ['bytes=0-1,5-6', { kind: 'full' }],
  ['items=0-1', { kind: 'full' }],
  ['bytes=-', { kind: 'full' }],
])('Range %p of a 1000-byte file → %p', (header, expected) => {
  expect(parseRange(header, 1000)).toEqual(expected);
});

test('If-None-Match matches a listed tag, a weak form of it or *', () => {
  expect(noneMatch('"a", "b"', '"b"')).toBe(true);
  expect(noneMatch('W/"b"', '"b"')).toBe(true);
  expect(noneMatch('*', '"b"')).toBe(true);
  expect(noneMatch('"c"', '"b"')).toBe(false);
  expect(noneMatch(undefined, '"b"')).toBe(false);
});
