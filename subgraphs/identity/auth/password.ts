import argon2 from 'argon2';
import { BadInput } from '../../../internal/errors.js';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;

/** Why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return 'Password must mix at least two of: lower case, upper case, digits, symbols';
  const lower = password.toLowerCase();
  const mail = email.toLowerCase();
  const local = mail.split('@')[0] ?? '';
  if (lower === mail || (local.length >= 4 && lower.includes(local))) return 'Password must not contain your e-mail address';
  return null;
}

export function assertStrongPassword(password: string, email: string): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw BadInput(weakness, { field: 'password' });
}

export const hashPassword = (password: string) => argon2.hash(password, HASH_OPTIONS);

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password. With no stored hash (unknown e-mail) it still runs
 * one argon2 verification, so both failures take about the same time.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummyHash ??= argon2.hash('not-a-real-password-0', HASH_OPTIONS);
  const target = hash ?? (await dummyHash);
  const ok = await argon2.verify(target, password).catch(() => false);
  return hash !== null && ok;
}
