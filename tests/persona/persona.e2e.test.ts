import { addMember, codes, GraphQLClient, registerAdmin, type Session } from '../support/client.js';
import type { Stack } from '../support/stack.js';
import { ASK, CREATE_PERSONA, createPersona, DELETE_PERSONA, GABRIEL, PERSONA, PERSONAS, UPDATE_PERSONA } from './persona-support.js';
import { startPersonaStack, type PersonaStack } from './support/persona-stack.js';

let ps: PersonaStack;
let stack: Stack;

beforeAll(async () => {
  ps = await startPersonaStack();
  stack = ps.stack;
});
afterAll(() => ps?.stop());

const personaRows = async (orgId: string) =>
  (await ps.db.query('SELECT id, name, deleted_at FROM persona_personas WHERE org_id = $1', [orgId])).rows as { id: string; name: string; deleted_at: Date | null }[];

/** `_entities` straight on the persona subgraph, as the gateway asks for a Persona reference. */
async function resolveReferences(session: Session, ids: string[]) {
  const client = new GraphQLClient(`${stack.url('persona')}/graphql`, session.token);
  const data = await client.ok(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Persona { id name deletedAt } } }`, {
    reps: ids.map((id) => ({ __typename: 'Persona', id })),
  });
  return data._entities as ({ id: string; name: string; deletedAt: string | null } | null)[];
}

describe('create and read', () => {
  test('an ADMIN creates a persona with every field; defaults fill the LLM settings; the org reads it', async () => {
    const admin = await registerAdmin(stack.client());
    const data = await admin.client.ok(CREATE_PERSONA, { input: { ...GABRIEL, name: '  Gabriel  ' } });
    expect(data.createPersona).toMatchObject({ ...GABRIEL, llm: { provider: 'OFFLINE', model: null, temperature: 0.3, maxTokens: 512 }, deletedAt: null });
    const student = await addMember(admin, 'STUDENT');
    expect((await student.client.ok(PERSONA, { id: data.createPersona.id })).persona).toEqual(data.createPersona);
  });

  test('a TEACHER creates with explicit LLM settings, and persona_created is published', async () => {
    const admin = await registerAdmin(stack.client());
    const teacher = await addMember(admin, 'TEACHER');
    const llm = { provider: 'GEMINI', model: 'gemini-2.0-flash', temperature: 0.7, maxTokens: 800 };
    const id = await createPersona(teacher.client, { name: 'Amani', llm });
    expect((await teacher.client.ok(PERSONA, { id })).persona).toMatchObject({ name: 'Amani', rules: [], safetyRules: [], samplePrompts: [], llm });
    const created = (await ps.published('persona_created')).find((job) => job.data.payload.personaId === id);
    expect(created?.data).toMatchObject({ orgId: admin.orgId, userId: teacher.userId, payload: { personaId: id, name: 'Amani' } });
  });

  test('personas is a Relay connection of live personas, oldest first', async () => {
    const admin = await registerAdmin(stack.client());
    const ids = [];
    for (const name of ['One', 'Two', 'Three']) ids.push(await createPersona(admin.client, { name }));
    const first = (await admin.client.ok(PERSONAS, { first: 2 })).personas;
    expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await admin.client.ok(PERSONAS, { first: 2, after: first.pageInfo.endCursor })).personas;
    expect(rest.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids.slice(2));
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges[0].cursor });
  });

  test('bad page arguments are BAD_USER_INPUT', async () => {
    const admin = await registerAdmin(stack.client());
    expect(codes(await admin.client.request(PERSONAS, { first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await admin.client.request(PERSONAS, { first: 101 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await admin.client.request(PERSONAS, { after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
  });

  test('anonymous callers are UNAUTHENTICATED', async () => {
    expect(codes(await stack.client().request(PERSONAS))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await stack.client().request(CREATE_PERSONA, { input: GABRIEL }))).toEqual(['UNAUTHENTICATED']);
  });

  test('an unknown or malformed id reads as null', async () => {
    const admin = await registerAdmin(stack.client());
    expect((await admin.client.ok(PERSONA, { id: '00000000-0000-4000-8000-000000000000' })).persona).toBeNull();
    expect((await admin.client.ok(PERSONA, { id: 'not-a-uuid' })).persona).toBeNull();
  });
});

describe('validation', () => {
  test.each([
    ['an empty name', { name: '   ' }, 'name'],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, 'name'],
    ['a blank rule', { name: 'G', rules: ['ok', ' '] }, 'rules'],
    ['too many sample prompts', { name: 'G', samplePrompts: Array.from({ length: 21 }, (_, i) => `q${i}`) }, 'samplePrompts'],
    ['a temperature above 2', { name: 'G', llm: { temperature: 2.5 } }, 'llm.temperature'],
    ['zero max tokens', { name: 'G', llm: { maxTokens: 0 } }, 'llm.maxTokens'],
    ['a model name with spaces', { name: 'G', llm: { model: 'gpt 4; drop table' } }, 'llm.model'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_case, input, field) => {
    const admin = await registerAdmin(stack.client());
    const res = await admin.client.request(CREATE_PERSONA, { input });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await personaRows(admin.orgId)).toEqual([]);
  });

  test('an unknown provider is refused by the schema', async () => {
    const admin = await registerAdmin(stack.client());
    const res = await admin.client.request(CREATE_PERSONA, { input: { name: 'G', llm: { provider: 'CLAUDE' } } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('update', () => {
  test('changes only the named fields; description is cleared with ""', async () => {
    const admin = await registerAdmin(stack.client());
    const id = await createPersona(admin.client);
    const data = await admin.client.ok(UPDATE_PERSONA, { id, input: { tone: 'playful', description: '', llm: { temperature: 1 } } });
    expect(data.updatePersona).toMatchObject({ ...GABRIEL, tone: 'playful', description: null, llm: { provider: 'OFFLINE', temperature: 1, maxTokens: 512 } });
  });

  test('an empty update and invalid values are BAD_USER_INPUT and change nothing', async () => {
    const admin = await registerAdmin(stack.client());
    const id = await createPersona(admin.client);
    expect(codes(await admin.client.request(UPDATE_PERSONA, { id, input: {} }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await admin.client.request(UPDATE_PERSONA, { id, input: { name: 'Renamed', rules: [''] } }))).toEqual(['BAD_USER_INPUT']);
    expect((await personaRows(admin.orgId)).map((r) => r.name)).toEqual(['Gabriel']);
  });
});

describe('permissions and tenants', () => {
  test('a STUDENT reads but cannot create, update or delete', async () => {
    const admin = await registerAdmin(stack.client());
    const id = await createPersona(admin.client);
    const student = await addMember(admin, 'STUDENT');
    expect((await student.client.ok(PERSONAS)).personas.edges).toHaveLength(1);
    expect(codes(await student.client.request(CREATE_PERSONA, { input: { name: 'Mine' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await student.client.request(UPDATE_PERSONA, { id, input: { name: 'Hacked' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await student.client.request(DELETE_PERSONA, { id }))).toEqual(['FORBIDDEN']);
    expect(await personaRows(admin.orgId)).toEqual([expect.objectContaining({ name: 'Gabriel', deleted_at: null })]);
  });

  test("org B neither sees nor changes org A's persona, nor resolves it by reference", async () => {
    const a = await registerAdmin(stack.client());
    const b = await registerAdmin(stack.client());
    const id = await createPersona(a.client);
    expect((await b.client.ok(PERSONA, { id })).persona).toBeNull();
    expect((await b.client.ok(PERSONAS)).personas.edges).toEqual([]);
    expect(codes(await b.client.request(UPDATE_PERSONA, { id, input: { name: 'Stolen' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await b.client.request(DELETE_PERSONA, { id }))).toEqual(['NOT_FOUND']);
    expect(codes(await b.client.request(ASK, { personaId: id, question: 'Hello?' }))).toEqual(['NOT_FOUND']);
    expect(await resolveReferences(b, [id])).toEqual([null]);
    expect(await personaRows(a.orgId)).toEqual([expect.objectContaining({ name: 'Gabriel', deleted_at: null })]);
  });

  test('references resolve in order, only within the caller’s organization', async () => {
    const a = await registerAdmin(stack.client());
    const b = await registerAdmin(stack.client());
    const [a1, a2, b1] = [await createPersona(a.client, { name: 'A1' }), await createPersona(a.client, { name: 'A2' }), await createPersona(b.client, { name: 'B1' })];
    const resolved = await resolveReferences(a, [a2, b1, 'garbage', a1]);
    expect(resolved.map((p) => p?.name ?? null)).toEqual(['A2', null, null, 'A1']);
  });
});

describe('soft delete', () => {
  test('a deleted persona leaves listings and reads, stays resolvable by reference, cannot change, and refuses to answer', async () => {
    const admin = await registerAdmin(stack.client());
    const id = await createPersona(admin.client);
    const keep = await createPersona(admin.client, { name: 'Keeper' });
    expect((await admin.client.ok(DELETE_PERSONA, { id })).deletePersona).toBe(true);

    expect((await admin.client.ok(PERSONAS)).personas.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([keep]);
    expect((await admin.client.ok(PERSONA, { id })).persona).toBeNull();
    const [ref] = await resolveReferences(admin, [id]);
    expect(ref).toMatchObject({ id, name: 'Gabriel', deletedAt: expect.any(String) });

    expect(codes(await admin.client.request(UPDATE_PERSONA, { id, input: { name: 'Back' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await admin.client.request(DELETE_PERSONA, { id }))).toEqual(['NOT_FOUND']);
    const asked = await admin.client.request(ASK, { personaId: id, question: 'What is photosynthesis?' });
    expect(codes(asked)).toEqual(['BAD_USER_INPUT']);
    expect(asked.errors![0]!.extensions!.reason).toBe('PERSONA_DELETED');
    expect(asked.errors![0]!.message).toMatch(/deleted/);
    const rows = await personaRows(admin.orgId);
    expect(rows.find((r) => r.id === id)?.deleted_at).toBeInstanceOf(Date);
  });
});
