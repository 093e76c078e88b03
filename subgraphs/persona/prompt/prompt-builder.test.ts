import { buildMessages } from './prompt-builder.js';

test('system prompt: identity and tone, rules, platform then persona safety rules, tagged context; then history and the question', () => {
  const messages = buildMessages({
    persona: { name: 'Gabriel', description: 'the biology teacher', tone: 'warm', rules: ['Ask a follow-up question'], safetyRules: ['No medical advice'] },
    question: 'What is osmosis?',
    history: [
      { role: 'user', text: 'old' },
      { role: 'assistant', text: 'older answer' },
      { role: 'user', text: 'recent' },
    ],
    context: [{ tag: 1, chunkId: 'c-9', text: 'Osmosis moves water.', score: 1, location: { label: 'page 4' }, source: { id: 's', title: 'Cells' } }],
    maxHistoryMessages: 2,
  });
  const system = messages[0]!.content;
  const order = ['You are Gabriel, a tutor: the biology teacher.', 'Speak in this tone: warm.', '- Ask a follow-up question', 'keep every answer age-appropriate', '- No medical advice', '[1] from “Cells”, page 4 (chunk c-9)\nOsmosis moves water.'];
  const positions = order.map((part) => system.indexOf(part));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(messages.slice(1)).toEqual([
    { role: 'assistant', content: 'older answer' },
    { role: 'user', content: 'recent' },
    { role: 'user', content: 'What is osmosis?' },
  ]);
});
