import type { Extraction } from './ingest.types.js';
import { plainBlockLine, plainInline } from './markdown-inline.js';
import { OutlineSections } from './outline.js';
import { readUtf8 } from './text.extractor.js';

const ATX = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;

/** The lines after a leading YAML front matter block (`---` … `---`), which is metadata, not text. */
function withoutFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trim() !== '---') return lines;
  const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  return end > 0 ? lines.slice(end + 1) : lines;
}

/** Markdown: a section per heading, labelled with the heading path; Markdown syntax reduced to plain text. */
export async function extractMarkdown(file: string): Promise<Extraction> {
  const lines = withoutFrontMatter((await readUtf8(file)).split('\n'));
  const outline = new OutlineSections();
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark && (fence === null || fence === fenceMark)) {
      fence = fence === null ? fenceMark : null;
      continue;
    }
    if (fence !== null) {
      outline.line(line);
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      outline.heading(atx[1].length, plainInline(atx[2]));
      continue;
    }
    const underline = lines[i + 1];
    if (line.trim() && underline !== undefined && /^\s{0,3}(=+|-+)\s*$/.test(underline) && !/^\s*[-*+]\s/.test(line)) {
      outline.heading(underline.trim().startsWith('=') ? 1 : 2, plainInline(line));
      i++;
      continue;
    }
    const text = plainBlockLine(line);
    if (text !== null) outline.line(text);
  }
  return { sections: outline.finish(), units: 1, ocrUnits: 0 };
}
