import { registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { makeExeBytes } from '../knowledge/fixtures/index.js';
import { settled, uploadOk } from '../knowledge/knowledge-client.js';
import { createPersona, DASHBOARD, eventually, WEEKLY_REPORT } from './analytics.support.js';

// Across domains with nothing faked: knowledge's ingest worker publishes
// source_ready / source_failed, the analytics worker stores them, and the
// reports count a source once it is READY — never a failed one.
let stack: Stack;
let admin: Session;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'persona', 'knowledge', 'analytics'], workers: ['ingest-worker', 'analytics-worker'] });
  admin = await registerAdmin(stack.client());
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

test('a READY source counts in the dashboard and the weekly report; a FAILED one does not', async () => {
  const personaId = await createPersona(admin.client, 'Gabriel');
  const good = await uploadOk(admin.client, personaId, Buffer.from('Photosynthesis makes glucose in the chloroplasts of green leaves.'), 'notes.txt');
  // a PDF header then garbage: accepted as a PDF at upload, FAILED by the worker
  const broken = await uploadOk(admin.client, personaId, Buffer.concat([Buffer.from('%PDF-1.7\n'), makeExeBytes()]), 'broken.pdf');
  expect((await settled(admin.client, good.id)).status).toBe('READY');
  expect((await settled(admin.client, broken.id)).status).toBe('FAILED');

  const totals = await eventually(async () => {
    const data = await admin.client.ok(DASHBOARD);
    return data.dashboard.totals.knowledgeSources === 1 && data.dashboard.totals;
  }, 'the dashboard counting the READY source');
  expect(totals).toMatchObject({ knowledgeSources: 1, personas: 1 });
  const report = (await admin.client.ok(WEEKLY_REPORT, { weekOf: new Date().toISOString() })).weeklyReport; // this week (the default is the last full one)
  expect(report.knowledgeSourcesAdded).toBe(1);
});
