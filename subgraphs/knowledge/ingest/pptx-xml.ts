import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** preserveOrder output: each node is `{ tag: children, ':@'?: attributes }` or `{ '#text': value }`. */
type XmlNode = Record<string, unknown>;

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false });

export const parseXml = (xml: string) => parser.parse(xml) as XmlNode[];

const tagOf = (node: XmlNode) => Object.keys(node).find((key) => key !== ':@')!;
const childrenOf = (node: XmlNode) => (Array.isArray(node[tagOf(node)]) ? (node[tagOf(node)] as XmlNode[]) : []);
const attributesOf = (node: XmlNode) => (node[':@'] ?? {}) as Record<string, string>;

/** Every element named `tag` under `nodes`, in document order (not inside each other's matches). */
export function findAll(nodes: XmlNode[], tag: string): XmlNode[] {
  const found: XmlNode[] = [];
  for (const node of nodes) {
    if (tagOf(node) === tag) found.push(node);
    else found.push(...findAll(childrenOf(node), tag));
  }
  return found;
}

export const attribute = (node: XmlNode, name: string): string | undefined => attributesOf(node)[name];

/** A DrawingML paragraph's text: its runs and fields, line breaks as spaces. */
function paragraphText(paragraph: XmlNode): string {
  let text = '';
  const walk = (nodes: XmlNode[]) => {
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === 'a:t') text += childrenOf(node).map((t) => String(t['#text'] ?? '')).join('');
      else if (tag === 'a:br') text += ' ';
      else walk(childrenOf(node));
    }
  };
  walk(childrenOf(paragraph));
  return text.replace(/\s+/g, ' ').trim();
}

/** Placeholders that repeat on every slide and say nothing about its content. */
const NOISE_PLACEHOLDERS = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);

/** The placeholder type of a shape (`p:sp`), if it is one. */
function placeholderOf(shape: XmlNode): string | undefined {
  const placeholder = findAll(childrenOf(shape), 'p:ph')[0];
  return placeholder ? (attribute(placeholder, 'type') ?? 'body') : undefined;
}

/**
 * The lines of a slide or notes page: one per paragraph, in shape order.
 * `only` keeps the shapes of one placeholder type (notes pages: "body").
 */
export function slideLines(xml: string, only?: string): string[] {
  const lines: string[] = [];
  const document = parseXml(xml);
  const shapes = findAll(document, 'p:sp');
  const tables = only ? [] : findAll(document, 'a:tbl');
  for (const shape of shapes) {
    const placeholder = placeholderOf(shape);
    if (only ? placeholder !== only : placeholder && NOISE_PLACEHOLDERS.has(placeholder)) continue;
    lines.push(...findAll(childrenOf(shape), 'a:p').map(paragraphText).filter(Boolean));
  }
  for (const table of tables) {
    for (const row of findAll(childrenOf(table), 'a:tr')) {
      const cells = findAll(childrenOf(row), 'a:tc').map((cell) => findAll(childrenOf(cell), 'a:p').map(paragraphText).filter(Boolean).join(' '));
      if (cells.some(Boolean)) lines.push(cells.join(' | '));
    }
  }
  return lines;
}

/** A part's relationships: id → target part path inside the package. */
export function relationshipTargets(relsXml: string, partPath: string): Map<string, { type: string; target: string }> {
  const targets = new Map<string, { type: string; target: string }>();
  for (const rel of findAll(parseXml(relsXml), 'Relationship')) {
    const id = attribute(rel, 'Id');
    const target = attribute(rel, 'Target');
    if (!id || !target || attribute(rel, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(partPath), target));
    targets.set(id, { type: attribute(rel, 'Type') ?? '', target: resolved });
  }
  return targets;
}

/** The relationships part of `partPath` ("ppt/slides/slide1.xml" → "ppt/slides/_rels/slide1.xml.rels"). */
export const relsPathOf = (partPath: string) => path.posix.join(path.posix.dirname(partPath), '_rels', `${path.posix.basename(partPath)}.rels`);
