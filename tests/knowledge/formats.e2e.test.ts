import { addMember, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { createPersona } from '../persona/persona-support.js';
import { makeDocx, makePptx, makeScannedPdf, makeTextPdf, makeTextPng } from './fixtures/index.js';
import { search, settled, uploadOk, type Hit } from './knowledge-client.js';

let stack: Stack;
let teacher: Session;
let student: Session;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'persona', 'knowledge'], workers: ['ingest-worker'] });
  const admin = await registerAdmin(stack.client());
  teacher = await addMember(admin, 'TEACHER');
  student = await addMember(admin, 'STUDENT');
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

/** Uploads into a fresh persona, waits for READY, and returns what a question finds in the top 3. */
async function ingestAndAsk(bytes: Buffer, filename: string, question: string) {
  const personaId = await createPersona(teacher.client);
  const created = await uploadOk(teacher.client, personaId, bytes, filename);
  const source = await settled(teacher.client, created.id, 120_000);
  expect(source).toMatchObject({ status: 'READY', error: null });
  const hits = await search(student.client, personaId, question, 3);
  return { source, hits };
}

/** The hit whose text matches; fails with the texts found otherwise. */
function found(hits: Hit[], text: RegExp): Hit {
  const hit = hits.find((h) => text.test(h.text));
  if (!hit) throw new Error(`no hit matches ${text}; found: ${JSON.stringify(hits.map((h) => [h.text.slice(0, 200), h.location]))}`);
  return hit;
}

/** A page of about 500 tokens on one topic, so each page makes its own chunk. */
const page = (topic: string, fact: string) => `${fact} ${Array.from({ length: 48 }, (_, i) => `${topic} note ${i + 1} adds more detail for the class.`).join(' ')}`;

describe('each kind of file becomes READY with its text and locations, and a question finds it in the top 3', () => {
  test('a multi-page PDF with a text layer: the answer comes with its page', async () => {
    const pdf = await makeTextPdf([
      page('Cells', 'Chapter one introduces the cell. Every living thing is made of cells.'),
      page('Energy', 'Mitochondria are the powerhouse of the cell: they release energy from glucose by respiration.'),
      page('Proteins', 'Ribosomes build proteins from amino acids, reading the messenger RNA.'),
    ]);
    const { source, hits } = await ingestAndAsk(pdf, 'cells.pdf', 'Which organelle releases energy from glucose?');
    expect(source).toMatchObject({ kind: 'PDF', units: 3 });
    // a chunk may run across a page break: its location names every page it covers ("pages 1–2")
    const hit = found(hits, /Mitochondria are the powerhouse/);
    expect(hit.location.label).toMatch(/^pages? (\d+–)?2(–\d+)?$/);
  });

  test('a scanned PDF page is read by OCR', async () => {
    const pdf = await makeScannedPdf(['THE LONGEST RIVER OF AFRICA', 'FLOWS NORTH TO THE SEA']);
    const { source, hits } = await ingestAndAsk(pdf, 'scan.pdf', 'Which way does the longest river of Africa flow?');
    expect(source).toMatchObject({ kind: 'PDF', units: 1 });
    expect(found(hits, /LONGEST RIVER/i).location).toMatchObject({ page: 1 });
  });

  test('a DOCX with headings and a table: the heading path is the location, the table text is searchable', async () => {
    const docx = await makeDocx([
      { heading: 'Volcanoes of Rwanda', level: 1 },
      { paragraph: 'The Virunga mountains are a chain of volcanoes in the north-west.' },
      { heading: 'Heights', level: 2 },
      { table: [['Volcano', 'Height'], ['Karisimbi', '4507 metres'], ['Muhabura', '4127 metres']] },
    ]);
    const { source, hits } = await ingestAndAsk(docx, 'volcanoes.docx', 'How high is Karisimbi?');
    expect(source.kind).toBe('DOCX');
    const hit = found(hits, /Karisimbi/);
    expect(hit.text).toMatch(/4507 metres/);
    expect(hit.location.heading).toMatch(/Heights/);
  });

  test('a PPTX with speaker notes: slides and notes are located by slide', async () => {
    const pptx = await makePptx([
      { title: 'Fractions', lines: ['A fraction is a part of a whole.'] },
      { title: 'Adding fractions', lines: ['Find a common denominator first.'], notes: 'Remind the class that one half plus one quarter equals three quarters.' },
    ]);
    const { source, hits } = await ingestAndAsk(pptx, 'fractions.pptx', 'What is one half plus one quarter?');
    expect(source).toMatchObject({ kind: 'PPTX', units: 2 });
    expect(found(hits, /one half plus one quarter/).location).toMatchObject({ slide: 2 });
  });

  test('a PNG of text is read by OCR', async () => {
    const png = makeTextPng(['LAKE KIVU IS DEEP', 'AND HOLDS METHANE GAS']);
    const { source, hits } = await ingestAndAsk(png, 'kivu.png', 'Which gas does Lake Kivu hold?');
    expect(source.kind).toBe('IMAGE');
    found(hits, /METHANE/i);
  });

  test('Markdown: headings become locations', async () => {
    const md = '# Grammar\n\nNouns name things.\n\n## Verbs\n\nA verb names an action, such as run, write or sing.\n';
    const { source, hits } = await ingestAndAsk(Buffer.from(md), 'grammar.md', 'What does a verb name?');
    expect(source.kind).toBe('MARKDOWN');
    expect(found(hits, /verb names an action/).location.heading).toMatch(/Verbs/);
  });
});
