/**
 * Text → weighted features for the offline embedder: normalized word
 * unigrams, word bigrams and character trigrams of each word.
 */

// Small on purpose: function words that carry no topic (English and French,
// the platform's two main teaching languages).
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this those to was we were what when ' +
    'where which who why will with would you your ' +
    'au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me mes moi mon ne nos notre nous ' +
    'on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous est sont'
  ).split(' '),
);

/** Lowercase, accents and punctuation stripped, split on anything that is not a letter or digit. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Light stemming: plural "-s"/"-es"/"-ies" folded, so "cells" meets "cell". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Content terms of a text, in order: stop words dropped, stemmed. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem);
}

export interface FeatureCounts {
  unigrams: Map<string, number>;
  bigrams: Map<string, number>;
  trigrams: Map<string, number>;
}

const count = (map: Map<string, number>, feature: string) => map.set(feature, (map.get(feature) ?? 0) + 1);

export function featureCounts(text: string): FeatureCounts {
  const features: FeatureCounts = { unigrams: new Map(), bigrams: new Map(), trigrams: new Map() };
  const list = terms(text);
  for (let i = 0; i < list.length; i++) {
    const term = list[i]!;
    count(features.unigrams, term);
    if (i > 0) count(features.bigrams, `${list[i - 1]} ${term}`);
    // trigrams of the word with boundary marks: tolerates typos and other inflections
    const padded = `^${term}$`;
    for (let j = 0; j + 3 <= padded.length; j++) count(features.trigrams, padded.slice(j, j + 3));
  }
  return features;
}
