import { BadInput } from '../../../internal/errors.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Delivery proves the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw BadInput('Invalid e-mail address', { field: 'email' });
  return email;
}

export function requireText(raw: string, field: string, max: number): string {
  const value = raw.trim();
  if (!value) throw BadInput(`${field} must not be empty`, { field });
  if (value.length > max) throw BadInput(`${field} must be at most ${max} characters`, { field });
  return value;
}
