/** A piece of text the chunker never cuts inside (a sentence, or a line of a list), with the whitespace that came before it. */
export interface TextPiece {
  text: string;
  /** "\n\n" before a paragraph, "\n" before a line, " " between sentences */
  gap: string;
}

/**
 * Where sentences end: end punctuation (and closing quotes) followed by
 * whitespace and not a lower-case word ("e.g. the" goes on), a blank line,
 * or a line break before a list item.
 */
const BOUNDARY = /[.!?…]+["'”’)\]]*(\s+)(?![a-z])|(\n[ \t]*\n\s*)|(\n[ \t]*)(?=(?:[-*•▪–]|\d{1,3}[.)])\s)/gu;

const gapOf = (whitespace: string) => (/\n\s*\n/.test(whitespace) ? '\n\n' : whitespace.includes('\n') ? '\n' : ' ');

/** Sentences and list lines of `text`, trimmed, each with the gap before it. */
const STRENGTH: Record<string, number> = { '': 0, ' ': 1, '\n': 2, '\n\n': 3 };
const stronger = (a: string, b: string) => (STRENGTH[a] >= STRENGTH[b] ? a : b);

/** Sentences and list lines of `text`, trimmed, each with the gap before it. */
export function splitSentences(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let start = 0;
  let pendingGap = '\n\n';
  const push = (end: number, nextGap: string) => {
    const piece = text.slice(start, end).trim();
    if (piece) {
      pieces.push({ text: piece, gap: pendingGap });
      pendingGap = nextGap;
    } else {
      pendingGap = stronger(pendingGap, nextGap);
    }
  };
  for (const match of text.matchAll(BOUNDARY)) {
    const whitespace = match[1] ?? match[2] ?? match[3] ?? '';
    push(match.index + match[0].length - whitespace.length, gapOf(whitespace));
    start = match.index + match[0].length;
  }
  push(text.length, ' ');
  return pieces;
}

/**
 * A piece longer than `maxChars` cut on word boundaries into pieces of at
 * most `maxChars`; a single word longer than that (a URL, a base64 blob) is
 * the only thing ever cut inside.
 */
export function splitLongPiece(piece: TextPiece, maxChars: number): TextPiece[] {
  if (piece.text.length <= maxChars) return [piece];
  const parts: TextPiece[] = [];
  let current = '';
  let currentGap = piece.gap;
  const flush = (nextGap: string) => {
    if (!current) return;
    parts.push({ text: current, gap: currentGap });
    current = '';
    currentGap = nextGap;
  };
  // lines first (table rows, verses), then words
  for (const line of piece.text.split('\n')) {
    if (current && current.length + 1 + line.length <= maxChars) {
      current += `\n${line}`;
      continue;
    }
    flush('\n');
    for (const word of line.split(/\s+/).filter(Boolean)) {
      for (let at = 0; at < word.length; at += maxChars) {
        const part = word.slice(at, at + maxChars);
        if (current && current.length + 1 + part.length > maxChars) flush(' ');
        current = current ? `${current} ${part}` : part;
      }
    }
  }
  flush(' ');
  return parts;
}
