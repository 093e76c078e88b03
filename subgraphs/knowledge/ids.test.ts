import { chunkIdOf, isUuid } from './ids.js';

test('a chunk id is a UUID fixed by source and index, distinct across both', () => {
  const source = '0b5c1a64-8f0e-4b6a-9d44-1f6f1c3e2a10';
  const id = chunkIdOf(source, 3);
  expect(isUuid(id)).toBe(true);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(chunkIdOf(source, 3)).toBe(id);
  expect(chunkIdOf(source, 4)).not.toBe(id);
  expect(chunkIdOf('1b5c1a64-8f0e-4b6a-9d44-1f6f1c3e2a10', 3)).not.toBe(id);
});

test('ids that are not UUIDs name nothing', () => {
  expect(['', 'abc', '1', '0b5c1a64-8f0e-4b6a-9d44-1f6f1c3e2a1', "x' OR 1=1"].map(isUuid)).toEqual([false, false, false, false, false]);
});
