import { CitationMarkerFilter } from './marker-filter.js';

function run(deltas: string[], tagCount = 3) {
  const filter = new CitationMarkerFilter(tagCount);
  const text = deltas.map((d) => filter.push(d)).join('') + filter.flush();
  return { text, cited: filter.citedTags() };
}

test('removes tags (and the space before them) even when deltas split them, remembering the order of first citation', () => {
  expect(run(['Glucose [', '2', '] and oxygen [1, 2].'])).toEqual({ text: 'Glucose and oxygen.', cited: [2, 1] });
  expect(run(['A', ' ', '[', '3', ']', '.'])).toEqual({ text: 'A.', cited: [3] });
});

test('keeps brackets that are not citations: text, code, tags outside the context', () => {
  expect(run(['see [note] and arr[0] or [7]'])).toEqual({ text: 'see [note] and arr[0] or [7]', cited: [] });
  expect(run(['an unfinished [2'])).toEqual({ text: 'an unfinished [2', cited: [] });
});

test('keeps ordinary spacing', () => {
  expect(run(['Plants  make', ' food.\n\nNext'])).toEqual({ text: 'Plants  make food.\n\nNext', cited: [] });
});
