/** Inline Markdown reduced to the words a reader sees: link and image targets, emphasis, code ticks and HTML tags go. */
export function plainInline(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1');
}

/** A block-level line without its Markdown markers, or null when the line carries no text (rules, table separators, link definitions). */
export function plainBlockLine(line: string): string | null {
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return null;
  if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) return null;
  if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(line)) return null;
  let text = line.replace(/^\s{0,3}(>\s?)+/, '');
  if (/^\s*\|.*\|\s*$/.test(text)) {
    text = text.trim().slice(1, -1).split('|').map((cell) => cell.trim()).join(' | ');
  }
  text = text.replace(/^(\s*)[*+]\s+/, '$1- ');
  return plainInline(text);
}
