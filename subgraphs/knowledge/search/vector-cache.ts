/**
 * Least-recently-used cache of loaded vector sets, bounded by bytes. A set
 * larger than the whole budget is still kept (alone): evicting it would only
 * reload it on the next query.
 */
export interface Sized {
  readonly byteLength: number;
}

export class ByteLru<V extends Sized> {
  private readonly entries = new Map<string, V>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    this.bytes += value.byteLength;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.budgetBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.bytes -= old.byteLength;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.byteLength;
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
