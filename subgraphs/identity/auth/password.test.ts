import argon2 from 'argon2';
import { hashPassword, passwordWeakness, verifyPassword } from './password.js';

test.each([
  ['short-1A', /at least 10/],
  ['abcdefghijkl', /mix at least two/],
  ['ABCDEFGHIJKL', /mix at least two/],
  ['12345678901', /mix at least two/],
  ['gabriel.b@school.rw', /e-mail/],
  ['xx-gabriel.b-2026', /e-mail/],
])('%s is too weak', (password, reason) => {
  expect(passwordWeakness(password, 'gabriel.b@school.rw')).toMatch(reason);
});

test('a long mixed password is accepted', () => {
  expect(passwordWeakness('Kigali-Hills-2026', 'gabriel.b@school.rw')).toBeNull();
});

test('hashes are argon2id and verify', async () => {
  const hash = await hashPassword('Kigali-Hills-2026');
  expect(hash).toMatch(/^\$argon2id\$/);
  expect(await verifyPassword(hash, 'Kigali-Hills-2026')).toBe(true);
  expect(await verifyPassword(hash, 'kigali-hills-2026')).toBe(false);
});

test('an unknown user still costs one argon2 verification (no timing oracle)', async () => {
  const spy = jest.spyOn(argon2, 'verify');
  expect(await verifyPassword(null, 'whatever-password-1')).toBe(false);
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();
});
