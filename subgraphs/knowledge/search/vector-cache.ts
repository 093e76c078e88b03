/**
 * Least-recently-used cache of loaded vector sets, bounded by bytes. A set
 * larger than the whole budget is still kept (alone): evicting it would only
 * reload it on the next query.
 */
export interface Sized {
  readonly byteLength: number;
}

export class ByteLru<V extends Sized> {
  /** each value with the size it was accounted at (values may grow in place; set() again re-accounts) */
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry?.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    this.entries.set(key, { value, bytes: value.byteLength });
    this.bytes += value.byteLength;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.budgetBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }
}
