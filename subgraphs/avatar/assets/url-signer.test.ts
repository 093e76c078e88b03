import { randomBytes } from 'node:crypto';
import { AssetUrlSigner } from './url-signer.js';

const signer = new AssetUrlSigner(randomBytes(32), { ttlSeconds: 3600, publicBaseUrl: 'https://bwenge.example/' });
const PATH = '/assets/avatar/personas/p-1/model.glb';
const NOW = Date.UTC(2026, 10, 24, 12, 3, 20);
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

test('a signed URL points at the public base URL, lives at most the TTL and verifies', () => {
  const { url, expiresAt } = signer.sign(PATH, 3, NOW);
  expect(url.startsWith(`https://bwenge.example${PATH}?v=3&expires=`)).toBe(true);
  const lifetime = expiresAt.getTime() - NOW;
  expect(lifetime).toBeLessThanOrEqual(3600_000);
  expect(lifetime).toBeGreaterThan(3600_000 - 300_000);
  expect(signer.verify(PATH, queryOf(url), NOW)).toEqual({ ok: true, version: 3, expiresAt: expiresAt.getTime() / 1000 });
});

test('requests within the same 5-minute step get the same URL (cacheable)', () => {
  const step = 300_000;
  const start = Math.floor(NOW / step) * step;
  expect(signer.sign(PATH, 1, start).url).toBe(signer.sign(PATH, 1, start + step - 1).url);
  expect(signer.sign(PATH, 1, start).url).not.toBe(signer.sign(PATH, 1, start + step).url);
});

describe('refused', () => {
  const good = queryOf(signer.sign(PATH, 3, NOW).url);
  test.each([
    ['another version', PATH, { ...good, v: '4' }, 'signature'],
    ['another path', '/assets/avatar/personas/p-2/model.glb', good, 'signature'],
    ['a later expiry', PATH, { ...good, expires: String(Number(good.expires) + 3600) }, 'signature'],
    ['a flipped signature character', PATH, { ...good, sig: (good.sig![0] === 'A' ? 'B' : 'A') + good.sig!.slice(1) }, 'signature'],
    ['a truncated signature', PATH, { ...good, sig: good.sig!.slice(0, 20) }, 'malformed'],
    ['no signature', PATH, { v: good.v, expires: good.expires }, 'missing'],
    ['a repeated parameter', PATH, { ...good, v: ['3', '4'] }, 'malformed'],
    ['a non-numeric version', PATH, { ...good, v: '3a' }, 'malformed'],
  ])('%s', (_case, path, query, reason) => {
    expect(signer.verify(path, query, NOW)).toEqual({ ok: false, reason });
  });

  test('an expired URL, and one signed with another key', () => {
    const { url, expiresAt } = signer.sign(PATH, 3, NOW);
    expect(signer.verify(PATH, queryOf(url), expiresAt.getTime())).toEqual({ ok: false, reason: 'expired' });
    const other = new AssetUrlSigner(randomBytes(32), { ttlSeconds: 3600, publicBaseUrl: 'https://bwenge.example' });
    expect(other.verify(PATH, queryOf(url), NOW)).toEqual({ ok: false, reason: 'signature' });
  });
});
