import { OFFLINE_PREFACE, OfflineProvider, offlineAnswer } from './offline.provider.js';
import type { LlmRequest } from './provider.js';

const request = (question: string): LlmRequest => ({
  messages: [{ role: 'user', content: question }],
  model: null,
  temperature: 0,
  maxTokens: 300,
  question,
  context: [
    { tag: 1, chunkId: 'a', text: 'Cells are small. Mitochondria make energy for the cell.', score: 0.9, location: null, source: { id: 's', title: 'T' } },
    { tag: 2, chunkId: 'b', text: 'Leaves are green. Photosynthesis produces glucose and oxygen.', score: 0.5, location: null, source: { id: 's', title: 'T' } },
  ],
});

test('quotes the sentences that answer the question, each tagged with its chunk, after saying what it is', () => {
  const text = offlineAnswer(request('What does photosynthesis produce?'));
  expect(text).toBe(`${OFFLINE_PREFACE}\n\n“Photosynthesis produces glucose and oxygen.” [2]`);
});

test('streams word by word and stops when aborted', async () => {
  const controller = new AbortController();
  const pieces: string[] = [];
  const run = (async () => {
    for await (const part of new OfflineProvider().stream(request('What do mitochondria make?'), controller.signal)) {
      if (part.delta) pieces.push(part.delta);
      if (pieces.length === 3) controller.abort();
    }
  })();
  await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  expect(pieces.join('')).toBe('Here is what');
});
