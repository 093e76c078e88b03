import { BadInput } from '../../../internal/errors.js';

/**
 * Small assertions for walking an untrusted glTF document. Every failure is
 * a BAD_USER_INPUT that names the JSON path, so an uploader can find the
 * problem in their exporter's output.
 */
export type Json = Record<string, unknown>;

export function invalid(message: string): never {
  throw BadInput(`Invalid 3D model: ${message}`, { field: 'file' });
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `doc[key]` as an array of objects ([] when absent). */
export function objects(doc: Json, key: string, path = key): Json[] {
  const value = doc[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(`${path} must be an array`);
  value.forEach((item, i) => {
    if (!isObject(item)) invalid(`${path}[${i}] must be an object`);
  });
  return value as Json[];
}

export function object(value: unknown, path: string): Json {
  if (!isObject(value)) invalid(`${path} must be an object`);
  return value;
}

export function optionalObject(value: unknown, path: string): Json | undefined {
  return value === undefined ? undefined : object(value, path);
}

/** A non-negative integer (optionally at least `min`). */
export function uint(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) invalid(`${path} must be an integer ≥ ${min}`);
  return value;
}

export function optionalUint(value: unknown, path: string, min = 0): number | undefined {
  return value === undefined ? undefined : uint(value, path, min);
}

/** An index into a top-level array of `count` items. */
export function index(value: unknown, path: string, count: number, what: string): number {
  const i = uint(value, path);
  if (i >= count) invalid(`${path} refers to ${what} ${i}, but there ${count === 1 ? 'is 1' : `are ${count}`}`);
  return i;
}

export function optionalIndex(value: unknown, path: string, count: number, what: string): number | undefined {
  return value === undefined ? undefined : index(value, path, count, what);
}

export function indexArray(value: unknown, path: string, count: number, what: string, options: { nonEmpty?: boolean } = {}): number[] {
  if (value === undefined && !options.nonEmpty) return [];
  if (!Array.isArray(value) || (options.nonEmpty && value.length === 0)) invalid(`${path} must be a${options.nonEmpty ? ' non-empty' : 'n'} array`);
  const seen = new Set<number>();
  return value.map((item, i) => {
    const n = index(item, `${path}[${i}]`, count, what);
    if (seen.has(n)) invalid(`${path} lists ${what} ${n} twice`);
    seen.add(n);
    return n;
  });
}

/** An array of finite numbers, of exactly `length` items when given. */
export function numbers(value: unknown, path: string, length?: number): number[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length) || value.some((n) => typeof n !== 'number' || !Number.isFinite(n))) {
    invalid(`${path} must be an array of ${length ?? ''}${length === undefined ? '' : ' '}finite numbers`);
  }
  return value as number[];
}

export function optionalNumbers(value: unknown, path: string, length?: number): number[] | undefined {
  return value === undefined ? undefined : numbers(value, path, length);
}

export function optionalString(value: unknown, path: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') invalid(`${path} must be a string`);
  return value;
}

export function oneOf<T extends string | number>(value: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) invalid(`${path} must be one of ${allowed.join(', ')}`);
  return value as T;
}
