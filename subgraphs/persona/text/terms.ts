// English and French function words (pilots are in Rwanda): they carry no topic.
const STOPWORDS = new Set(
  (
    'a an the and or but if then than so of to in on at by for with from into onto about as is are was were be been being am do does did ' +
    'have has had having i me my we our you your he she it its they them their this that these those there here what which who whom whose ' +
    'when where why how can could would should will shall may might must not no yes please tell explain describe give show me us just ' +
    'also very more most some any all each other such only own same too le la les un une des du de et ou est sont que qui quoi comment ' +
    'pourquoi dans sur pour par avec ce cette ces il elle ils elles je tu nous vous mon ton son'
  ).split(' '),
);

/** A crude stem: enough that "cells" meets "cell" and "explained" meets "explain". */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The topic words of a text, lower-cased and stemmed, without function words. */
export function contentTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const word of text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^\p{L}\p{N}]+/u)) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    terms.add(stem(word));
  }
  return terms;
}

/** How many of `query`'s terms occur in `terms`. */
export function overlap(query: Set<string>, terms: Set<string>): number {
  let shared = 0;
  for (const term of query) if (terms.has(term)) shared++;
  return shared;
}

/** Sentences of a passage (keeps the end punctuation). */
export function sentences(text: string): string[] {
  return (text.replace(/\s+/g, ' ').match(/[^.!?]+(?:[.!?]+|$)/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 1);
}

/** A text cut into streamable pieces: each word with the spaces before it. */
export const wordPieces = (text: string): string[] => text.match(/\s*\S+/g) ?? [];
