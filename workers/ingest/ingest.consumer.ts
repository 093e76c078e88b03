import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Counter, type Registry } from 'prom-client';
import type { EventPublisher } from '../../internal/events/events.js';
import type { Logger } from '../../internal/logger.js';
import type { PubSub } from '../../internal/pubsub.js';
import type { Redis } from '../../internal/redis.js';
import { INGEST_QUEUE, type IngestJobData } from '../../subgraphs/knowledge/queue/ingest-queue.js';
import { publishProgress } from '../../subgraphs/knowledge/source/source-progress.js';
import type { SourceService } from '../../subgraphs/knowledge/source/source.service.js';
import type { SourceRow } from '../../subgraphs/knowledge/source/source.view.js';
import type { IngestRunner } from './ingest-runner.js';
import { processInSpan } from '../../internal/tracing/jobs.js';

export interface ConsumerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockMs: number;
  runner: IngestRunner;
  sources: SourceService;
  pubsub: PubSub;
  events: EventPublisher;
  log: Logger;
  registry: Registry;
}

export interface IngestConsumer {
  worker: Worker<IngestJobData>;
  /** Stops taking jobs; jobs in hand get `graceMs` to finish, then are handed back to the queue. */
  close(graceMs: number): Promise<void>;
}

const isUserError = (err: unknown): err is Error & { reason: string } => (err as Error | undefined)?.name === 'IngestError' && !(err as { retryable?: boolean }).retryable;
const brief = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 300);

/**
 * The ingest queue's consumer. A user error (IngestError) fails the source
 * at once with its reason and no retries (UnrecoverableError); anything else
 * is retried with exponential backoff and, after the last attempt, fails the
 * source with a readable reason — a source never stays PENDING or
 * PROCESSING for a job that is gone. On shutdown a job still in hand after
 * the grace period is aborted and returned to the queue (no attempt spent).
 */
export function createIngestConsumer(options: ConsumerOptions): IngestConsumer {
  const { runner, sources, pubsub, events, log } = options;
  const outcomes = new Counter({ name: 'ingest_jobs_total', help: 'Ingest runs by outcome', labelNames: ['outcome'], registers: [options.registry] });
  const inHand = new Map<string, AbortController>();
  let stopping = false;

  /** Tells subscribers the new state; a FAILED source is also a domain event. */
  const settle = async (row: SourceRow | null) => {
    if (!row) return;
    await publishProgress(pubsub, row).catch(() => undefined);
    if (row.status === 'FAILED') {
      await events.publish({ type: 'source_failed', orgId: row.orgId, userId: row.createdById, payload: { sourceId: row.id, personaId: row.personaId, kind: row.kind, error: row.error } });
    }
  };

  const processor = async (job: Job<IngestJobData>, token?: string) => {
    const abort = new AbortController();
    inHand.set(job.id!, abort);
    const { sourceId } = job.data;
    try {
      const outcome = await runner.run(sourceId, abort.signal);
      outcomes.inc({ outcome });
      return outcome;
    } catch (err) {
      if (stopping && abort.signal.aborted) {
        // handed back: another worker (or this one after a restart) runs it again
        await job.moveToDelayed(Date.now(), token);
        await settle(await sources.requeue(sourceId));
        outcomes.inc({ outcome: 'returned' });
        throw new DelayedError();
      }
      if (isUserError(err)) {
        await settle(await sources.markFailed(sourceId, err.reason));
        outcomes.inc({ outcome: 'failed' });
        log.info({ sourceId, reason: err.reason }, 'knowledge source failed');
        throw new UnrecoverableError(err.reason);
      }
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        await settle(await sources.markFailed(sourceId, `Processing failed ${attempts} times; the last error was: ${brief(err)}. Try reindexing it later.`));
        outcomes.inc({ outcome: 'failed' });
      } else {
        await settle(await sources.requeue(sourceId));
        outcomes.inc({ outcome: 'retried' });
      }
      log.warn({ err, sourceId, attempt: job.attemptsMade + 1, attempts }, 'ingest run failed');
      throw err;
    } finally {
      inHand.delete(job.id!);
    }
  };

  // each job continues the trace of the request that queued it
  const worker = new Worker<IngestJobData>(INGEST_QUEUE, (job, token) => processInSpan(job, () => processor(job, token)), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    // a job whose worker died is picked up again twice before it counts as failed
    maxStalledCount: 2,
  });
  worker.on('failed', (job, err) => {
    // failures outside the processor (a job stalled too often) still end as FAILED
    if (job && /stalled/i.test(err.message)) {
      void sources
        .markFailed(job.data.sourceId, 'Processing was interrupted too many times (the ingest worker stopped while handling this file). Try reindexing it.')
        .then(settle)
        .catch((e: unknown) => log.error({ err: e }, 'could not mark a stalled source failed'));
    }
  });
  worker.on('error', (err) => log.error({ err }, 'ingest consumer error'));

  return {
    worker,
    async close(graceMs) {
      stopping = true;
      const closing = worker.close();
      const timer = setTimeout(() => inHand.forEach((abort) => abort.abort(new Error('the worker is shutting down'))), graceMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
