import { OutlineSections } from './outline.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

const TOKEN = /<(\/?)([a-z][a-z0-9]*)[^>]*>|([^<]+)/gi;

/**
 * Sections of the simple HTML mammoth writes: h1–h6 open sections (heading
 * path labels), paragraphs and list items become lines, a table row becomes
 * "cell | cell".
 */
export function htmlToSections(html: string) {
  const outline = new OutlineSections();
  let text = '';
  let headingLevel = 0;
  let row: string[] | null = null;
  let cell = '';
  const endParagraph = () => {
    const line = text.replace(/[ \t]+/g, ' ').trim();
    if (line) outline.line(line);
    text = '';
  };
  for (const [, closing, rawTag, content] of html.matchAll(TOKEN)) {
    if (content !== undefined) {
      if (row) cell += decodeEntities(content);
      else text += decodeEntities(content);
      continue;
    }
    const tag = rawTag.toLowerCase();
    const heading = /^h([1-6])$/.exec(tag);
    if (heading && !closing) {
      endParagraph();
      headingLevel = Number(heading[1]);
    } else if (heading) {
      outline.heading(headingLevel, text);
      text = '';
    } else if (tag === 'tr') {
      if (!closing) row = [];
      else if (row) {
        if (row.some(Boolean)) outline.line(row.join(' | '));
        row = null;
      }
    } else if ((tag === 'td' || tag === 'th') && closing && row) {
      row.push(cell.replace(/\s+/g, ' ').trim());
      cell = '';
    } else if (tag === 'br') {
      if (row) cell += ' ';
      else text += '\n';
    } else if (row && tag === 'p' && closing) cell += ' ';
    else if (tag === 'li' && !closing) {
      endParagraph();
      text = '- ';
    } else if ((tag === 'p' || tag === 'li') && closing) endParagraph();
    else if (tag === 'table' && closing) outline.line('');
  }
  endParagraph();
  return outline.finish();
}
