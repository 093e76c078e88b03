import type { EventRow } from '../../subgraphs/analytics/event/event-row.js';
import type { StoreOutcome } from '../../subgraphs/analytics/event/event.service.js';

interface Pending {
  row: EventRow;
  resolve: (outcome: StoreOutcome) => void;
  reject: (err: unknown) => void;
}

export interface BatcherOptions {
  /** stores rows, returns the ids that were new */
  store: (rows: EventRow[]) => Promise<Set<string>>;
  maxBatch: number;
  maxWaitMs: number;
}

/**
 * Gathers the rows of the jobs in hand into one INSERT: one round trip for
 * many events instead of one each. A job completes only once its own row is
 * committed, so delivery stays at-least-once. When a batch fails, its rows
 * are stored one by one, so one bad row fails only its own job.
 */
export class EventBatcher {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: BatcherOptions) {}

  add(row: EventRow): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (this.pending.length >= this.options.maxBatch) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.options.maxWaitMs);
    });
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    try {
      settle(batch, await this.options.store(batch.map((p) => p.row)));
    } catch {
      await Promise.all(
        batch.map(async (p) => {
          try {
            settle([p], await this.options.store([p.row]));
          } catch (err) {
            p.reject(err);
          }
        }),
      );
    }
  }
}

/** The first job of an id stored it; any other job with the same id in the batch is a duplicate. */
function settle(batch: Pending[], stored: Set<string>) {
  for (const p of batch) {
    const isNew = stored.delete(p.row.id);
    p.resolve(isNew ? 'stored' : 'duplicate');
  }
}
