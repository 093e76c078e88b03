import type { Section } from './ingest.types.js';

/** Label of text that comes before a document's first heading. */
export const BEFORE_FIRST_HEADING = 'beginning';

/**
 * Builds the sections of a document with headings (Markdown, DOCX): each
 * heading becomes a heading section and the text under it one section, both
 * located by the heading path, e.g. "Chapter 1 › Photosynthesis".
 */
export class OutlineSections {
  private readonly trail: string[] = [];
  private readonly sections: Section[] = [];
  private body: string[] = [];

  private get location() {
    const path = this.trail.filter(Boolean).join(' › ');
    return path ? { label: path, heading: path } : { label: BEFORE_FIRST_HEADING };
  }

  private flush() {
    const text = this.body.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    if (text) this.sections.push({ text, location: this.location });
    this.body = [];
  }

  /** A heading of `level` (1 = top); deeper levels of the trail are dropped. */
  heading(level: number, title: string): void {
    const clean = title.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    this.flush();
    this.trail.length = Math.max(0, level - 1);
    this.trail[level - 1] = clean;
    this.sections.push({ text: clean, location: this.location, heading: true });
  }

  /** A line of text under the current heading (an empty line separates paragraphs). */
  line(text: string): void {
    this.body.push(text);
  }

  finish(): Section[] {
    this.flush();
    return this.sections;
  }
}
