import type { PubSub } from '../../internal/pubsub.js';
import { publishProgress } from '../../subgraphs/knowledge/source/source-progress.js';
import type { SourceService } from '../../subgraphs/knowledge/source/source.service.js';

const MIN_STEP = 0.02;
const MIN_INTERVAL_MS = 250;

/**
 * Writes a running source's progress (0..1) and publishes it, at most every
 * 2 % and 250 ms, so a 200-page PDF does not write 200 rows. Progress only grows.
 */
export class ProgressReporter {
  private reported = 0;
  private lastAt = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly sourceId: string,
    private readonly sources: SourceService,
    private readonly pubsub: PubSub,
  ) {}

  report(progress: number): void {
    const value = Math.min(0.99, Math.max(this.reported, progress));
    const now = Date.now();
    if (value - this.reported < MIN_STEP || now - this.lastAt < MIN_INTERVAL_MS) return;
    this.reported = value;
    this.lastAt = now;
    this.pending = this.pending.then(async () => {
      const row = await this.sources.setProgress(this.sourceId, value).catch(() => null);
      if (row && row.status === 'PROCESSING') await publishProgress(this.pubsub, row).catch(() => undefined);
    });
  }

  /** Waits for the writes in flight (before the final status is written). */
  flush(): Promise<void> {
    return this.pending;
  }
}
