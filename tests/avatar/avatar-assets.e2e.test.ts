import { readFile } from 'node:fs/promises';
import { AssetUrlSigner } from '../../subgraphs/avatar/assets/url-signer.js';
import { DEFAULT_AVATAR_PATH } from '../../subgraphs/avatar/default-avatar/default-avatar.js';
import { ANIMATION_HINTS } from '../../internal/animation-hints.js';
import { registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { entityAvatar, onHost, TEST_URL_KEY } from './avatar-client.js';

let stack: Stack;
let admin: Session;
let gatewayBase: string;
let defaultGlb: Buffer;
/** a fresh signed URL of the default avatar, on the gateway's host */
let modelUrl: string;

const signer = new AssetUrlSigner(Buffer.from(TEST_URL_KEY), { ttlSeconds: 3600, publicBaseUrl: 'http://localhost:4000' });
const DEFAULT_PATH = '/assets/avatar/default/model.glb';
const flipFirst = (sig: string) => (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'avatar'], workers: [], env: { AVATAR_URL_SIGNING_KEY: TEST_URL_KEY } });
  gatewayBase = new URL(stack.gatewayUrl).origin;
  admin = await registerAdmin(stack.client());
  defaultGlb = await readFile(DEFAULT_AVATAR_PATH);
  const res = await entityAvatar(stack.url('avatar'), admin.token, 'persona-without-upload');
  modelUrl = onHost(res.data._entities[0].avatar.modelUrl, gatewayBase);
});
afterAll(async () => {
  await stack?.stop();
});

test('animationHints returns the fixed vocabulary through the gateway', async () => {
  expect((await stack.client(admin.token).ok('query AnimationHints { animationHints }')).animationHints).toEqual([...ANIMATION_HINTS]);
});

test('a persona without an upload has the default avatar, read from the shipped file', async () => {
  const res = await entityAvatar(stack.url('avatar'), admin.token, 'persona-without-upload');
  const avatar = res.data._entities[0].avatar;
  expect(avatar).toMatchObject({ isDefault: true, version: 0, mimeType: 'model/gltf-binary', scale: expect.closeTo(1, 6), sizeBytes: defaultGlb.length });
  expect(avatar.animations.map((a: { name: string }) => a.name)).toEqual(['Idle', 'Talking', 'Nodding']);
  expect(avatar.animationMap).toContainEqual({ hint: 'talking', clip: 'Talking' });
  expect(avatar.animationMap).toHaveLength(ANIMATION_HINTS.length);
  expect(avatar.modelUrl).toMatch(/^http:\/\/localhost:4000\/assets\/avatar\/default\/model\.glb\?v=0&expires=\d+&sig=[\w-]{43}$/);
  const lifetime = new Date(avatar.expiresAt).getTime() - Date.now();
  expect(lifetime).toBeLessThanOrEqual(3600_000);
  expect(lifetime).toBeGreaterThan(3000_000);
});

test('an anonymous _entities call gets no avatar', async () => {
  const res = await entityAvatar(stack.url('avatar'), undefined, 'persona-without-upload');
  expect(res.data._entities).toEqual([null]);
});

describe('the asset route, through the gateway', () => {
  test('serves the file with its content type, ETag, caching matched to the URL lifetime, and CORS', async () => {
    const res = await fetch(modelUrl, { headers: { origin: 'https://app.bwenge.example' } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(defaultGlb)).toBe(true);
    expect(res.headers.get('content-type')).toBe('model/gltf-binary');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const maxAge = Number(/private, max-age=(\d+), immutable/.exec(res.headers.get('cache-control') ?? '')?.[1]);
    const expires = Number(new URL(modelUrl).searchParams.get('expires'));
    expect(Math.abs(maxAge - (expires - Date.now() / 1000))).toBeLessThan(5);
  });

  test('If-None-Match with the ETag answers 304 without a body', async () => {
    const etag = (await fetch(modelUrl, { method: 'HEAD' })).headers.get('etag')!;
    const res = await fetch(modelUrl, { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(304);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    expect((await fetch(modelUrl, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  test('Range requests get 206 with the exact bytes, and 416 past the end', async () => {
    const partial = await fetch(modelUrl, { headers: { range: 'bytes=4-11' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 4-11/${defaultGlb.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(defaultGlb.subarray(4, 12))).toBe(true);
    const tail = await fetch(modelUrl, { headers: { range: 'bytes=-16' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(defaultGlb.subarray(-16))).toBe(true);
    const beyond = await fetch(modelUrl, { headers: { range: `bytes=${defaultGlb.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${defaultGlb.length}`);
    const stale = await fetch(modelUrl, { headers: { range: 'bytes=0-3', 'if-range': '"not-the-etag"' } });
    expect(stale.status).toBe(200);
  });

  test('a CORS preflight for a range request is allowed', async () => {
    const res = await fetch(modelUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.bwenge.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/range/);
  });

  test.each([
    ['a tampered signature', (url: URL) => url.searchParams.set('sig', flipFirst(url.searchParams.get('sig')!))],
    ['a later expiry', (url: URL) => url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 60))],
    ['another version', (url: URL) => url.searchParams.set('v', '1')],
    ['no signature', (url: URL) => url.searchParams.delete('sig')],
  ])('%s gets 403', async (_case, tamper) => {
    const url = new URL(modelUrl);
    tamper(url);
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('an expired URL gets 403 even with a valid signature; the same URL still valid would pass', async () => {
    const past = Math.floor(Date.now() / 1000) - 5;
    expect((await fetch(onHost(signer.urlFor(DEFAULT_PATH, 0, past), gatewayBase))).status).toBe(403);
    expect((await fetch(onHost(signer.urlFor(DEFAULT_PATH, 0, past + 600), gatewayBase))).status).toBe(200);
  });

  test('a valid signature for a version that does not exist gets 404', async () => {
    expect((await fetch(onHost(signer.urlFor(DEFAULT_PATH, 7, Math.floor(Date.now() / 1000) + 600), gatewayBase))).status).toBe(404);
  });

  test('the subgraph serves the same route directly', async () => {
    expect((await fetch(onHost(modelUrl, stack.url('avatar')))).status).toBe(200);
  });
});
