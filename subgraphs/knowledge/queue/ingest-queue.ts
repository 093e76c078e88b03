import { Queue } from 'bullmq';
import { createRedis, type Redis } from '../../../internal/redis.js';
import { addInSpan } from '../../../internal/tracing/jobs.js';

/** The BullMQ queue (under REDIS_KEY_PREFIX) the knowledge subgraph fills and the ingest worker drains. */
export const INGEST_QUEUE = 'knowledge-ingest';

export type IngestReason = 'upload' | 'reindex' | 'recovery';

/** No secrets and no file contents: the worker reads the row and the blob. */
export interface IngestJobData {
  sourceId: string;
  orgId: string;
  reason: IngestReason;
}

export interface IngestQueueOptions {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/**
 * Enqueues ingest runs. An upload's job id is the source id (a retried
 * request queues it once); a reindex or a recovery gets its own id, since
 * the source's earlier job may still be kept as completed or failed.
 */
export class IngestQueue {
  private readonly connection: Redis;
  readonly queue: Queue<IngestJobData>;

  constructor(options: IngestQueueOptions) {
    this.connection = createRedis(options.redisUrl, { name: 'knowledge-ingest-queue', forQueues: true });
    this.queue = new Queue<IngestJobData>(INGEST_QUEUE, {
      connection: this.connection,
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: options.attempts,
        backoff: { type: 'exponential', delay: options.backoffMs },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      },
    });
  }

  async enqueue(data: IngestJobData): Promise<void> {
    const jobId = data.reason === 'upload' ? data.sourceId : `${data.sourceId}.${data.reason}.${Date.now()}`;
    // the job carries the trace context: the ingest worker's span continues the upload's trace
    await addInSpan(INGEST_QUEUE, data, (traced) => this.queue.add(data.reason, traced, { jobId }));
  }

  /** Source ids with a job waiting, delayed or in hand. */
  async sourcesInQueue(): Promise<Set<string>> {
    const jobs = await this.queue.getJobs(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);
    return new Set(jobs.filter(Boolean).map((job) => job.data.sourceId));
  }

  ping(): Promise<string> {
    return this.connection.ping();
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
