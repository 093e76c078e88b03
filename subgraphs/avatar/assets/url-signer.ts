import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedUrl {
  url: string;
  expiresAt: Date;
}

export type Verdict = { ok: true; version: number; expiresAt: number } | { ok: false; reason: 'missing' | 'malformed' | 'signature' | 'expired' };

/** The query a signed asset URL carries. */
export interface SignedQuery {
  v?: unknown;
  expires?: unknown;
  sig?: unknown;
}

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding
const DIGITS = (max: number) => new RegExp(`^\\d{1,${max}}$`);

/**
 * Signed, expiring asset URLs: HMAC-SHA256 over (path, version, expiry),
 * so changing any of them (another persona's path, another version, a later
 * expiry) breaks the signature. Expiries are rounded down to a step of
 * ttl/12 (5 min for 1 h): every request within a step gets the same URL, so
 * browsers and the HTTP cache can reuse the download; a URL then lives
 * between ttl − step and ttl seconds.
 */
export class AssetUrlSigner {
  private readonly step: number;

  constructor(
    private readonly key: Buffer,
    private readonly options: { ttlSeconds: number; publicBaseUrl: string },
  ) {
    if (key.length < 32) throw new Error('asset URL signing key must be at least 32 bytes');
    this.step = Math.max(1, Math.floor(options.ttlSeconds / 12));
  }

  sign(path: string, version: number, nowMs = Date.now()): SignedUrl {
    const nowSeconds = Math.floor(nowMs / 1000);
    const expires = Math.max(nowSeconds + 1, Math.floor((nowSeconds + this.options.ttlSeconds) / this.step) * this.step);
    return { url: this.urlFor(path, version, expires), expiresAt: new Date(expires * 1000) };
  }

  /** A URL with an explicit expiry (tests and tools; `sign` is what the API hands out). */
  urlFor(path: string, version: number, expires: number): string {
    const base = this.options.publicBaseUrl.replace(/\/$/, '');
    return `${base}${path}?v=${version}&expires=${expires}&sig=${this.signature(path, version, expires).toString('base64url')}`;
  }

  verify(path: string, query: SignedQuery, nowMs = Date.now()): Verdict {
    const { v, expires, sig } = query;
    if (v === undefined || expires === undefined || sig === undefined) return { ok: false, reason: 'missing' };
    if (typeof v !== 'string' || typeof expires !== 'string' || typeof sig !== 'string') return { ok: false, reason: 'malformed' };
    if (!DIGITS(9).test(v) || !DIGITS(12).test(expires) || !SIGNATURE.test(sig)) return { ok: false, reason: 'malformed' };
    const version = Number(v);
    const expiresAt = Number(expires);
    const expected = this.signature(path, version, expiresAt);
    if (!timingSafeEqual(expected, Buffer.from(sig, 'base64url'))) return { ok: false, reason: 'signature' };
    if (expiresAt * 1000 <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, version, expiresAt };
  }

  private signature(path: string, version: number, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`bwenge-avatar-asset\n${path}\n${version}\n${expires}`).digest();
  }
}
