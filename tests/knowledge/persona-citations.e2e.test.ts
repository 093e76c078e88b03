import { addMember, registerAdmin } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { ASK, createPersona } from '../persona/persona-support.js';
import { makeTextPdf } from './fixtures/index.js';
import { search, settled, uploadOk } from './knowledge-client.js';

let stack: Stack;

beforeAll(async () => {
  // the real chain: persona's retrieval calls knowledge's searchKnowledge with the student's token
  stack = await Stack.start({ subgraphs: ['identity', 'persona', 'knowledge'], workers: ['ingest-worker'] });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

test("askPersona answers from a really uploaded PDF and cites its chunk, and never another organization's", async () => {
  const admin = await registerAdmin(stack.client());
  const student = await addMember(admin, 'STUDENT');
  const personaId = await createPersona(admin.client);
  const pdf = await makeTextPdf([
    'Photosynthesis happens in the chloroplasts of green leaves. Chlorophyll absorbs sunlight to make glucose and release oxygen.',
    'Respiration in the mitochondria releases the energy stored in glucose.',
  ]);
  const source = await settled(admin.client, (await uploadOk(admin.client, personaId, pdf, 'biology.pdf', 'Biology, chapter 2')).id);
  expect(source.status).toBe('READY');
  const [expected] = await search(student.client, personaId, 'Where does photosynthesis happen?', 1);

  const { askPersona } = await student.client.ok(ASK, { personaId, question: 'Where does photosynthesis happen?' });
  expect(askPersona.refused).toBe(false);
  expect(askPersona.citations).toContainEqual(expect.objectContaining({ sourceId: source.id, sourceTitle: 'Biology, chapter 2', chunkId: expected!.chunkId }));
  expect(askPersona.text).toMatch(/chloroplast/i);

  // another school's persona with the same question finds nothing of this one
  const other = await registerAdmin(stack.client());
  const otherPersona = await createPersona(other.client);
  const elsewhere = (await other.client.ok(ASK, { personaId: otherPersona, question: 'Where does photosynthesis happen?' })).askPersona;
  expect(elsewhere.citations).toEqual([]);
}, 180_000);
