import { codes, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { createPersona } from '../persona/persona-support.js';
import { makeEncryptedPdf, makeTextPdf, makeZipBombDocx, truncate } from './fixtures/index.js';
import { settled, upload, uploadOk } from './knowledge-client.js';

// the real limit is 100 MB; a lower one keeps the test fast and takes the same path
const MAX_BYTES = 1024 * 1024;

let stack: Stack;
let admin: Session;
let personaId: string;

beforeAll(async () => {
  stack = await Stack.start({
    subgraphs: ['identity', 'persona', 'knowledge'],
    workers: ['ingest-worker'],
    env: { MAX_UPLOAD_BYTES: String(MAX_BYTES) },
    // the gateway's own limit above the subgraph's: the subgraph's limit is the one tested
    gatewayEnv: { MAX_UPLOAD_BYTES: String(4 * MAX_BYTES) },
  });
  admin = await registerAdmin(stack.client());
  personaId = await createPersona(admin.client);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

/** Uploads a file the upload accepts and waits for the worker's verdict. */
async function ingested(bytes: Buffer, filename: string) {
  const created = await uploadOk(admin.client, personaId, bytes, filename);
  return settled(admin.client, created.id, 120_000);
}

describe('files the worker cannot read end FAILED with a reason, never stuck', () => {
  test('a truncated PDF', async () => {
    const pdf = truncate(await makeTextPdf(['Half of this file never arrived.', 'The second page.']), 0.5);
    const source = await ingested(pdf, 'half.pdf');
    expect(source).toMatchObject({ status: 'FAILED', chunkCount: 0 });
    expect(source.error).toMatch(/damaged|truncated|incomplete|could not be read/i);
  });

  test('an encrypted PDF', async () => {
    const source = await ingested(makeEncryptedPdf(), 'secret.pdf');
    expect(source).toMatchObject({ status: 'FAILED', chunkCount: 0 });
    expect(source.error).toMatch(/password|encrypt/i);
  });

  test('a zip-bomb DOCX', async () => {
    const source = await ingested(await makeZipBombDocx(), 'bomb.docx');
    expect(source).toMatchObject({ status: 'FAILED', chunkCount: 0 });
    expect(source.error).toMatch(/too large|compress|archive|bomb/i);
  });
});

describe('uploads refused before anything is stored', () => {
  test('over MAX_UPLOAD_BYTES while streaming: PAYLOAD_TOO_LARGE', async () => {
    const res = await upload(admin.client, personaId, Buffer.alloc(MAX_BYTES + 1, 'x'), 'big.txt');
    expect(codes(res)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  test('over the gateway limit too: refused by the gateway with PAYLOAD_TOO_LARGE', async () => {
    const res = await upload(admin.client, personaId, Buffer.alloc(4 * MAX_BYTES + 1, 'x'), 'bigger.txt');
    expect(codes(res)).toEqual(['PAYLOAD_TOO_LARGE']);
  });
});
