import { createReadStream, openAsBlob } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import { codes, readResponse, registerAdmin, type GraphQLResponse, type Session } from '../support/client.js';
import { memoryKb, randomFile, tempDir } from '../support/files.js';
import { PROBE_STATS, startProbeStack, UPLOAD_PROBE } from '../support/probe.js';
import type { Stack } from '../support/stack.js';

const MiB = 1024 * 1024;
const LIMIT = 48 * MiB;

let stack: Stack;
let admin: Session;
let dir: string;

beforeAll(async () => {
  stack = await startProbeStack({ gatewayEnv: { MAX_UPLOAD_BYTES: String(LIMIT) } });
  admin = await registerAdmin(stack.client());
  dir = await tempDir('uploads');
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const uploadRequestsAtProbe = async () => (await admin.client.ok(PROBE_STATS)).probeStats.uploadRequests as number;

/** A multipart upload sent as a stream: chunked, no Content-Length, so only the streaming limit can stop it. */
async function chunkedUpload(file: string, token: string): Promise<GraphQLResponse> {
  const boundary = 'chunked-test-boundary';
  async function* body() {
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    yield Buffer.from(field('operations', JSON.stringify({ query: UPLOAD_PROBE, variables: { file: null } })) + field('map', '{"0":["variables.file"]}'));
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    for await (const chunk of createReadStream(file)) yield chunk as Buffer;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` },
    body: body(),
    duplex: 'half',
  } as RequestInit);
  return readResponse<any>(res);
}

test('a multi-MB file reaches the subgraph byte for byte, with the uploader identity', async () => {
  const file = await randomFile(dir, 'lesson.bin', 8 * MiB + 123);
  const res = await admin.client.upload(UPLOAD_PROBE, { file: null, label: 'Leçon 1' }, {
    file: { body: await openAsBlob(file.path, { type: 'application/pdf' }), filename: 'Leçon 1 — ADN.pdf' },
  });
  expect(res.errors).toBeUndefined();
  expect(res.data.uploadProbe).toEqual({
    size: file.size,
    sha256: file.sha256,
    filename: 'Leçon 1 — ADN.pdf',
    mimetype: 'application/pdf',
    label: 'Leçon 1',
    userId: admin.userId,
  });
});

test('a chunked upload (no Content-Length) under the limit arrives intact', async () => {
  const file = await randomFile(dir, 'chunked.bin', 3 * MiB);
  const res = await chunkedUpload(file.path, admin.token);
  expect(res.errors).toBeUndefined();
  expect(res.data.uploadProbe).toMatchObject({ size: file.size, sha256: file.sha256 });
});

test('the gateway streams: its peak RSS does not grow by the size of the file', async () => {
  const file = await randomFile(dir, 'large.bin', 40 * MiB);
  const gatewayPid = stack.pids().gateway!;
  const peakBefore = await memoryKb(gatewayPid, 'VmHWM');
  const res = await admin.client.upload(UPLOAD_PROBE, { file: null }, { file: { body: await openAsBlob(file.path), filename: 'large.bin' } });
  expect(res.data.uploadProbe).toMatchObject({ size: file.size, sha256: file.sha256 });
  const grewKb = (await memoryKb(gatewayPid, 'VmHWM')) - peakBefore;
  // buffering the file would add at least its 40 MiB; streaming stays far below
  expect(grewKb * 1024).toBeLessThan(file.size / 2);
});

describe('over the limit', () => {
  let tooBig: { path: string; size: number };
  beforeAll(async () => {
    tooBig = await randomFile(dir, 'too-big.bin', Math.ceil(LIMIT * 1.01));
  });

  test('101% of MAX_UPLOAD_BYTES → 413 PAYLOAD_TOO_LARGE, and nothing reaches the subgraph', async () => {
    const before = await uploadRequestsAtProbe();
    const res = await admin.client.upload(UPLOAD_PROBE, { file: null }, { file: { body: await openAsBlob(tooBig.path), filename: 'too-big.bin' } });
    expect([res.status, codes(res)]).toEqual([413, ['PAYLOAD_TOO_LARGE']]);
    expect(res.errors![0]!.extensions).toMatchObject({ maxFileBytes: LIMIT });
    expect(await uploadRequestsAtProbe()).toBe(before);
  });

  test('the same file sent chunked (no Content-Length) is stopped while streaming, nothing forwarded', async () => {
    const before = await uploadRequestsAtProbe();
    const res = await chunkedUpload(tooBig.path, admin.token);
    expect([res.status, codes(res)]).toEqual([413, ['PAYLOAD_TOO_LARGE']]);
    expect(await uploadRequestsAtProbe()).toBe(before);
  });
});

test('a declared length beyond every limit is refused before the body is read', async () => {
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(10 * 1024 * MiB), 'apollo-require-preflight': 'true' },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.flushHeaders(); // headers only: the 10 GiB never come
  });
  expect(status).toBe(413);
  expect(JSON.parse(body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
});

test('a multipart request without the CSRF preflight header is refused, nothing forwarded', async () => {
  const before = await uploadRequestsAtProbe();
  const res = await admin.client.upload(UPLOAD_PROBE, { file: null }, { file: { body: new Blob(['hello']), filename: 'a.txt' } }, {});
  expect([res.status, codes(res)]).toEqual([400, ['BAD_REQUEST']]);
  expect(res.errors![0]!.message).toMatch(/CSRF/);
  expect(await uploadRequestsAtProbe()).toBe(before);
});

test('a malformed multipart request gets 400 BAD_REQUEST', async () => {
  const form = new FormData();
  form.append('operations', '{not json');
  form.append('map', '{}');
  const res = await readResponse(await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form }));
  expect([res.status, codes(res)]).toEqual([400, ['BAD_REQUEST']]);
});

test('a bad token is refused before the upload is read', async () => {
  const res = await admin.client.withToken('a.b.c').upload(UPLOAD_PROBE, { file: null }, { file: { body: new Blob(['x']), filename: 'x' } });
  expect([res.status, codes(res)]).toEqual([401, ['UNAUTHENTICATED']]);
});
