import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { addMember, codes, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';
import { createPersona } from '../persona/persona-support.js';
import { makeExeBytes } from './fixtures/index.js';
import { DELETE, search, settled, SOURCE, SOURCES, upload, uploadOk } from './knowledge-client.js';

const MAX_BYTES = 2 * 1024 * 1024;
const NOTES = [
  '# Photosynthesis',
  '',
  'Green plants turn light energy into chemical energy. Chlorophyll in the chloroplasts absorbs red and blue light.',
  '',
  '## The Calvin cycle',
  '',
  'The Calvin cycle fixes carbon dioxide from the air into glucose, using the ATP made by the light reactions.',
].join('\n');

let stack: Stack;
let db: pg.Client;
let admin: Session;
let teacher: Session;
let student: Session;
let personaId: string;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'persona', 'knowledge'], workers: ['ingest-worker'], env: { MAX_UPLOAD_BYTES: String(MAX_BYTES) } });
  db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  admin = await registerAdmin(stack.client());
  teacher = await addMember(admin, 'TEACHER');
  student = await addMember(admin, 'STUDENT');
  personaId = await createPersona(teacher.client);
}, 120_000);
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

const blobFiles = (orgId: string) => readdir(path.join(testRun().dataDir, 'blobs', 'knowledge', orgId)).catch(() => [] as string[]);
const rowCount = async (sql: string, id: string) => Number((await db.query(sql, [id])).rows[0].count);

describe('uploadKnowledge through the gateway', () => {
  test('a teacher uploads Markdown: PENDING at once, then READY with its headings as locations, searchable, listed on the persona', async () => {
    const created = await uploadOk(teacher.client, personaId, Buffer.from(NOTES), 'photosynthesis.md', 'Photosynthesis notes');
    expect(created).toMatchObject({ title: 'Photosynthesis notes', kind: 'MARKDOWN', status: 'PENDING', sizeBytes: Buffer.byteLength(NOTES) });

    const ready = await settled(teacher.client, created.id);
    expect(ready).toMatchObject({ status: 'READY', progress: 1, error: null, embeddingModel: 'offline-hash-v1' });
    expect(ready.chunkCount).toBeGreaterThan(0);

    const hits = await search(student.client, personaId, 'How does the Calvin cycle fix carbon dioxide?');
    expect(hits[0]!.text).toContain('Calvin cycle fixes carbon dioxide');
    expect(hits[0]!.location.heading ?? hits[0]!.location.label).toMatch(/Calvin cycle/);
    expect(hits[0]!.source).toEqual({ id: created.id, title: 'Photosynthesis notes' });

    const page = await student.client.ok(`query($id: ID!) { persona(id: $id) { id knowledgeSources { id title kind status chunkCount } } }`, { id: personaId });
    expect(page.persona.knowledgeSources).toContainEqual({ id: created.id, title: 'Photosynthesis notes', kind: 'MARKDOWN', status: 'READY', chunkCount: ready.chunkCount });
    expect((await student.client.ok(SOURCES, { personaId })).knowledgeSources.map((s: { id: string }) => s.id)).toContain(created.id);
  });

  test('refused uploads leave no row and no file: empty, renamed .exe, over the size limit, a student, another organization', async () => {
    const before = await blobFiles(admin.orgId);
    const count = () => rowCount('SELECT count(*) FROM knowledge_sources WHERE persona_id = $1', personaId);
    const rows = await count();

    expect(codes(await upload(teacher.client, personaId, Buffer.alloc(0), 'empty.txt'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await upload(teacher.client, personaId, makeExeBytes(), 'lesson.pdf'))).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    const tooBig = await upload(teacher.client, personaId, Buffer.alloc(MAX_BYTES + 1, 'a'), 'big.txt');
    expect(codes(tooBig)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(codes(await upload(student.client, personaId, Buffer.from('hello'), 'hello.txt'))).toEqual(['FORBIDDEN']);

    const other = await registerAdmin(stack.client());
    expect(codes(await upload(other.client, personaId, Buffer.from('hello'), 'hello.txt'))).toEqual(['NOT_FOUND']);

    expect(await count()).toBe(rows);
    expect(await blobFiles(admin.orgId)).toEqual(before);
  });

  test('another organization neither reads, lists, searches nor deletes the sources', async () => {
    const created = await uploadOk(teacher.client, personaId, Buffer.from('Lake Kivu lies on the border between Rwanda and Congo.'), 'kivu.txt');
    await settled(teacher.client, created.id);
    const other = await registerAdmin(stack.client());
    expect((await other.client.ok(SOURCE, { id: created.id })).knowledgeSource).toBeNull();
    expect((await other.client.ok(SOURCES, { personaId })).knowledgeSources).toEqual([]);
    expect(await search(other.client, personaId, 'Lake Kivu Rwanda Congo', 50)).toEqual([]);
    expect(codes(await other.client.request(DELETE, { id: created.id }))).toEqual(['NOT_FOUND']);
    expect((await search(teacher.client, personaId, 'Lake Kivu border'))[0]!.source.id).toBe(created.id);
  });

  test('delete removes the row, its chunks, its vectors and its file', async () => {
    const created = await uploadOk(teacher.client, personaId, Buffer.from('Nyungwe forest is home to chimpanzees and colobus monkeys.'), 'nyungwe.txt');
    await settled(teacher.client, created.id);
    const files = await blobFiles(admin.orgId);
    expect(await rowCount('SELECT count(*) FROM knowledge_chunks WHERE source_id = $1', created.id)).toBeGreaterThan(0);
    expect(await rowCount('SELECT count(*) FROM knowledge_vectors WHERE source_id = $1', created.id)).toBeGreaterThan(0);

    expect(await teacher.client.ok(DELETE, { id: created.id })).toEqual({ deleteKnowledgeSource: true });
    expect((await teacher.client.ok(SOURCE, { id: created.id })).knowledgeSource).toBeNull();
    expect(await rowCount('SELECT count(*) FROM knowledge_chunks WHERE source_id = $1', created.id)).toBe(0);
    expect(await rowCount('SELECT count(*) FROM knowledge_vectors WHERE source_id = $1', created.id)).toBe(0);
    expect((await blobFiles(admin.orgId)).length).toBe(files.length - 1);
    expect(await search(teacher.client, personaId, 'Nyungwe chimpanzees colobus', 50)).not.toContainEqual(expect.objectContaining({ source: expect.objectContaining({ id: created.id }) }));
    expect(codes(await student.client.request(DELETE, { id: created.id }))).toEqual(['FORBIDDEN']);
  });

  test("the organization's storage usage grows by the file's size on upload and shrinks back on delete", async () => {
    const used = async () => (await admin.client.ok('{ me { organization { usage { storageBytesUsed } } } }')).me.organization.usage.storageBytesUsed as number;
    const before = await used();
    const bytes = Buffer.from('Gorillas live in the Volcanoes national park. '.repeat(50));
    const created = await uploadOk(teacher.client, personaId, bytes, 'gorillas.txt');
    expect(await used()).toBe(before + bytes.length);
    expect(codes(await upload(teacher.client, personaId, makeExeBytes(), 'x.txt'))).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    expect(await used()).toBe(before + bytes.length);
    await settled(teacher.client, created.id);
    await teacher.client.ok(DELETE, { id: created.id });
    expect(await used()).toBe(before);
  });
});
