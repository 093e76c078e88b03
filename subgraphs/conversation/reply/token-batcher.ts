/**
 * Coalesces a reply's token deltas: a delta arriving when nothing was sent
 * for `windowMs` goes out at once (the first token is never delayed); deltas
 * of a burst are joined and sent when the window ends. Each send is one
 * TOKEN event with the next index (0, 1, 2…), sends never overlap and keep
 * their order, so the deltas still concatenate to the text. Fewer, larger
 * events keep fan-out to many subscribers cheap when a model streams fast.
 */
export class TokenBatcher {
  private buffer = '';
  private index = 0;
  private lastSentAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly send: (delta: string, index: number) => Promise<void>,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a delta; never waits for the send (call `flush` before anything that must follow the tokens). */
  push(delta: string): void {
    if (!delta) return;
    this.buffer += delta;
    if (this.timer) return;
    const wait = this.lastSentAt + this.windowMs - this.now();
    if (wait <= 0) this.sendBuffered();
    else this.timer = setTimeout(() => this.sendBuffered(), wait);
  }

  /** Sends what is buffered and waits for every send so far; rethrows the first send's failure. */
  async flush(): Promise<void> {
    this.sendBuffered();
    await this.chain;
    if (this.failure) throw this.failure;
  }

  /** Drops anything buffered (the reply stopped). */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.buffer = '';
  }

  /** Number of TOKEN events sent (or queued) so far. */
  get sent(): number {
    return this.index;
  }

  private sendBuffered(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.buffer) return;
    const delta = this.buffer;
    const index = this.index++;
    this.buffer = '';
    this.lastSentAt = this.now();
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await this.send(delta, index);
      } catch (err) {
        this.failure = err;
      }
    });
  }
}
