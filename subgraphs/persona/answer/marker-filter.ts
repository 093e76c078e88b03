const MARKER = /^\[\s*\d+(?:\s*,\s*\d+)*\s*\]$/;
const PARTIAL_MARKER = /^\[[\d\s,]*$/;
const MAX_MARKER_LENGTH = 24;

/**
 * Removes citation tags ("[2]", "[1, 3]") from streamed text — the student
 * sees citations, not tags — and remembers which tags were cited. Deltas
 * may split a tag anywhere, so a possible tag (and the spaces before it) is
 * held back until it is known.
 */
export class CitationMarkerFilter {
  private pending = '';
  private readonly cited: number[] = [];

  /** `tagCount`: tags are 1..tagCount; "[0]" or "[7]" beyond it is text (e.g. code), not a citation. */
  constructor(private readonly tagCount: number) {}

  /** Clean text for `delta` (possibly empty while a tag is undecided). */
  push(delta: string): string {
    let out = '';
    for (const ch of delta) {
      const bracket = this.pending.indexOf('[');
      if (bracket < 0) {
        if (ch === '[' || /\s/.test(ch)) this.pending += ch;
        else {
          out += this.pending + ch;
          this.pending = '';
        }
        continue;
      }
      this.pending += ch;
      const candidate = this.pending.slice(bracket);
      if (ch === ']') {
        const tags = (candidate.match(/\d+/g) ?? []).map(Number);
        if (MARKER.test(candidate) && tags.every((t) => t >= 1 && t <= this.tagCount)) {
          for (const tag of tags) this.cite(tag);
          this.pending = '';
        } else {
          out += this.pending;
          this.pending = '';
        }
      } else if (!PARTIAL_MARKER.test(candidate) || candidate.length > MAX_MARKER_LENGTH) {
        out += this.pending;
        this.pending = '';
      }
    }
    return out;
  }

  /** Whatever is still held back, once the stream has ended. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /** Tags in order of first citation. */
  citedTags(): number[] {
    return [...this.cited];
  }

  private cite(tag: number): void {
    if (!this.cited.includes(tag)) this.cited.push(tag);
  }
}
