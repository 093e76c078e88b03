import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { addMember, codes, GraphQLClient, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';
import { createPersona } from '../persona/persona-support.js';
import { AVATAR_FIELDS, entityAvatar, onHost, TEST_URL_KEY, uploadModel } from './avatar-client.js';
import { gltfWithBufferUri, patchedGlb, pngImage, TWO_CLIP_ANIMATIONS, TWO_CLIP_BOUNDS, twoClipModel } from './gltf-fixtures.js';

const MAX_BYTES = 256 * 1024;
const PERSONA_AVATAR = `query($id: ID!) { persona(id: $id) { id name avatar { ${AVATAR_FIELDS} } } }`;

let stack: Stack;
let db: pg.Client;
let gatewayBase: string;
let admin: Session;
let teacher: Session;
const glb = twoClipModel().toGlb();

beforeAll(async () => {
  stack = await Stack.start({
    subgraphs: ['identity', 'persona', 'avatar'],
    workers: [],
    env: { AVATAR_URL_SIGNING_KEY: TEST_URL_KEY, AVATAR_MAX_BYTES: String(MAX_BYTES) },
  });
  gatewayBase = new URL(stack.gatewayUrl).origin;
  db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  admin = await registerAdmin(stack.client());
  teacher = await addMember(admin, 'TEACHER');
});
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

const storedVersions = async (personaId: string) =>
  (await db.query('SELECT version FROM avatar_models WHERE persona_id = $1 ORDER BY version', [personaId])).rows.map((r) => r.version as number);
const download = async (modelUrl: string) => {
  const res = await fetch(onHost(modelUrl, gatewayBase));
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
};
const blobFiles = async (orgId: string) => readdir(path.join(testRun().dataDir, 'blobs', 'avatar', orgId)).catch(() => [] as string[]);

describe('uploading a model through the gateway', () => {
  test('a teacher uploads a GLB: clips, box, scale and mapping come back exactly, and the persona shows it', async () => {
    const personaId = await createPersona(teacher.client);
    const res = await uploadModel(teacher.client, { personaId, animationMap: [{ hint: 'greeting', clip: 'Wave_Hello' }] }, glb);
    expect(res.errors).toBeUndefined();
    const avatar = res.data.uploadAvatarModel;
    expect(avatar).toMatchObject({ version: 1, isDefault: false, mimeType: 'model/gltf-binary', sizeBytes: glb.length, boundingBox: TWO_CLIP_BOUNDS, animations: TWO_CLIP_ANIMATIONS });
    expect(avatar.scale).toBeCloseTo(1.7 / 3.5, 12);
    const map = Object.fromEntries(avatar.animationMap.map((m: { hint: string; clip: string }) => [m.hint, m.clip]));
    expect(map).toMatchObject({ greeting: 'Wave_Hello', waving: 'Wave_Hello', idle: 'Idle', talking: 'Idle' });

    const shown = (await teacher.client.ok(PERSONA_AVATAR, { id: personaId })).persona.avatar;
    expect(shown).toMatchObject({ version: 1, boundingBox: TWO_CLIP_BOUNDS, animations: TWO_CLIP_ANIMATIONS });
    expect(shown.modelUrl).toMatch(new RegExp(`/assets/avatar/personas/${personaId}/model\\.glb\\?v=1&`));
    expect(await download(shown.modelUrl)).toEqual({ status: 200, type: 'model/gltf-binary', body: glb });
  });

  test('a glTF with its buffer in a data: URI is accepted and served as model/gltf+json', async () => {
    const personaId = await createPersona(teacher.client);
    const gltf = twoClipModel().toGltf();
    const avatar = (await uploadModel(teacher.client, { personaId }, gltf, 'avatar.gltf')).data.uploadAvatarModel;
    expect(avatar).toMatchObject({ version: 1, mimeType: 'model/gltf+json', boundingBox: TWO_CLIP_BOUNDS, animations: TWO_CLIP_ANIMATIONS });
    expect(avatar.modelUrl).toMatch(/\/model\.gltf\?v=1&/);
    expect(await download(avatar.modelUrl)).toEqual({ status: 200, type: 'model/gltf+json', body: gltf });
  });

  test('each upload is the next version; a version is kept until it is replaced twice', async () => {
    const personaId = await createPersona(teacher.client);
    const urls: string[] = [];
    const blobOf = async (version: number) =>
      (await db.query('SELECT blob_key FROM avatar_models WHERE persona_id = $1 AND version = $2', [personaId, version])).rows[0].blob_key as string;
    for (let i = 0; i < 2; i++) urls.push((await uploadModel(teacher.client, { personaId }, glb)).data.uploadAvatarModel.modelUrl);
    const firstFile = path.join(testRun().dataDir, 'blobs', 'avatar', await blobOf(1));
    await expect(access(firstFile)).resolves.toBeUndefined();
    urls.push((await uploadModel(teacher.client, { personaId }, glb)).data.uploadAvatarModel.modelUrl);
    expect(urls.map((u) => new URL(u).searchParams.get('v'))).toEqual(['1', '2', '3']);
    expect(await storedVersions(personaId)).toEqual([2, 3]);
    await expect(access(firstFile)).rejects.toThrow(/ENOENT/);
    expect((await download(urls[0]!)).status).toBe(404);
    expect((await download(urls[1]!)).status).toBe(200);
    expect((await download(urls[2]!)).status).toBe(200);
  });

  test('two uploads at the same time get two different versions', async () => {
    const personaId = await createPersona(teacher.client);
    const results = await Promise.all([uploadModel(teacher.client, { personaId }, glb), uploadModel(teacher.client, { personaId }, glb)]);
    expect(results.map((r) => r.data.uploadAvatarModel.version).sort()).toEqual([1, 2]);
  });

  test('a list of personas gets each one its own avatar (uploaded or default)', async () => {
    const withModel = await createPersona(teacher.client);
    const without = await createPersona(teacher.client);
    await uploadModel(teacher.client, { personaId: withModel }, glb);
    const edges = (await teacher.client.ok('query { personas(first: 100) { edges { node { id avatar { version isDefault } } } } }')).personas.edges;
    const byId = Object.fromEntries(edges.map((e: { node: { id: string; avatar: unknown } }) => [e.node.id, e.node.avatar]));
    expect([byId[withModel], byId[without]]).toEqual([{ version: 1, isDefault: false }, { version: 0, isDefault: true }]);
  });
});

describe('refusals leave nothing behind', () => {
  let personaId: string;
  beforeAll(async () => {
    personaId = await createPersona(teacher.client);
  });
  afterEach(async () => {
    expect(await storedVersions(personaId)).toEqual([]);
    expect(await readdir(path.join(testRun().dataDir, 'tmp', 'avatar')).catch(() => [])).toEqual([]);
  });

  test.each([
    ['a truncated GLB', () => glb.subarray(0, glb.length - 100), 'avatar.glb', 'BAD_USER_INPUT', /truncated/],
    ['a GLB with a lying chunk length', () => patchedGlb(glb, 12, glb.readUInt32LE(12) + 4096), 'avatar.glb', 'BAD_USER_INPUT', /chunk 0 says it holds/],
    ['a glTF with an external uri to /etc/passwd', () => gltfWithBufferUri('/etc/passwd'), 'avatar.gltf', 'BAD_USER_INPUT', /external file "\/etc\/passwd"/],
    ['a 0-byte file', () => Buffer.alloc(0), 'avatar.glb', 'BAD_USER_INPUT', /empty/],
    ['a PNG renamed .glb', () => pngImage(), 'avatar.glb', 'UNSUPPORTED_MEDIA_TYPE', /PNG/],
    ['a file over the size limit', () => Buffer.concat([glb, Buffer.alloc(MAX_BYTES)]), 'avatar.glb', 'PAYLOAD_TOO_LARGE', /limit/],
  ])('%s', async (_case, bytes, filename, code, message) => {
    const res = await uploadModel(teacher.client, { personaId }, bytes(), filename);
    expect(codes(res)).toEqual([code]);
    expect(res.errors![0]!.message).toMatch(message);
  });

  test.each([
    [[{ hint: 'dancing', clip: 'Idle' }], /Unknown animation hint/],
    [[{ hint: 'talking', clip: 'Talk' }], /no clip named "Talk"/],
  ])('an animation map %j is refused', async (animationMap, message) => {
    const res = await uploadModel(teacher.client, { personaId, animationMap }, glb);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.message).toMatch(message);
  });

  test("a STUDENT of the persona's own organization cannot upload; nor can an anonymous caller", async () => {
    const student = await addMember(admin, 'STUDENT');
    expect(codes(await uploadModel(student.client, { personaId }, glb))).toEqual(['FORBIDDEN']);
    expect(codes(await uploadModel(stack.client(), { personaId }, glb))).toEqual(['UNAUTHENTICATED']);
  });

  test("an org B admin cannot upload to org A's persona (NOT_FOUND: its existence is not revealed)", async () => {
    const orgB = await registerAdmin(stack.client());
    const res = await uploadModel(orgB.client, { personaId }, glb);
    expect(codes(res)).toEqual(['NOT_FOUND']);
    expect(await blobFiles(orgB.orgId)).toEqual([]);
  });

  test.each(['00000000-0000-4000-8000-000000000000', 'not-a-persona-id'])('an unknown persona id (%s) is NOT_FOUND', async (unknown) => {
    expect(codes(await uploadModel(teacher.client, { personaId: unknown }, glb))).toEqual(['NOT_FOUND']);
  });
});

test("another org's uploaded avatar does not resolve through a direct _entities call", async () => {
  const personaId = await createPersona(teacher.client);
  await uploadModel(teacher.client, { personaId }, glb);
  const orgB = await registerAdmin(stack.client());
  expect((await entityAvatar(stack.url('avatar'), orgB.token, personaId)).data._entities).toEqual([null]);
  expect((await entityAvatar(stack.url('avatar'), teacher.token, personaId)).data._entities[0].avatar.version).toBe(1);
});

test('the subgraph accepts uploads directly too (same checks)', async () => {
  const direct = new GraphQLClient(`${stack.url('avatar')}/graphql`, teacher.token);
  const personaId = await createPersona(teacher.client);
  expect((await uploadModel(direct, { personaId }, glb)).data.uploadAvatarModel.version).toBe(1);
  expect(codes(await uploadModel(direct, { personaId }, pngImage()))).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
});
