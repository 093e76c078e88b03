import { access } from 'node:fs/promises';
import path from 'node:path';
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import { IngestError, type OcrEngine } from './ingest.types.js';
import { ocrReadableImage } from './ocr-image.js';

export interface OcrPoolOptions {
  /** tesseract workers at most (each a thread of ~100 MB); created on first use */
  size: number;
  /** folder of eng.traineddata.gz; default: @tesseract.js-data/eng's 4.0.0_best_int (offline) */
  langPath?: string;
  /** told about worker errors, which never throw out of the pool */
  onError?: (message: string) => void;
}

/** The English LSTM data shipped in an npm package: nothing is fetched at run time. */
export const defaultLangPath = () => path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

interface Job {
  image: Buffer;
  signal?: AbortSignal;
  resolve: (text: string) => void;
  reject: (error: unknown) => void;
}

/** tesseract.js reports a picture it cannot decode with this message. */
const UNREADABLE = /attempting to read image/i;

/**
 * A pool of up to `size` tesseract.js workers, created lazily, fully
 * offline. Jobs queue in order; an aborted job is dropped from the queue, or
 * its worker terminated (and replaced on demand) if it was running.
 */
export function createOcrPool(options: OcrPoolOptions): OcrEngine & { readonly started: number } {
  const size = Math.max(1, options.size);
  const langPath = options.langPath ?? defaultLangPath();
  const idle: TesseractWorker[] = [];
  const queue: Job[] = [];
  let started = 0;
  let closed = false;

  /**
   * tesseract.js's createWorker never settles when the language data fails
   * to load (and its thread lives on): check the file first, and reject on
   * the error handler's first report.
   */
  const startWorker = async () => {
    const data = path.join(langPath, 'eng.traineddata.gz');
    await access(data).catch(() => {
      throw new Error(`the OCR language data ${data} is missing`);
    });
    return new Promise<TesseractWorker>((resolve, reject) => {
      createWorker('eng', OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        // without a handler, a failed job or language load is thrown from a message callback and kills the process
        errorHandler: (error: unknown) => {
          options.onError?.(String(error));
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      }).then(resolve, reject);
    });
  };

  async function run(job: Job, worker: TesseractWorker): Promise<void> {
    let aborted = false;
    const abort = () => {
      aborted = true;
      started--;
      void worker.terminate(); // tesseract cannot stop a job; its promise is left unsettled with the worker
      job.reject(job.signal!.reason);
      pump();
    };
    job.signal?.addEventListener('abort', abort, { once: true });
    try {
      const { data } = await worker.recognize(job.image);
      job.resolve(data.text);
    } catch (error) {
      const message = String(error instanceof Error ? error.message : error);
      job.reject(UNREADABLE.test(message) ? new IngestError('the image cannot be read: its picture data is damaged or in an unsupported format') : error);
    } finally {
      job.signal?.removeEventListener('abort', abort);
      if (!aborted) release(worker);
    }
  }

  function release(worker: TesseractWorker) {
    if (closed) {
      started--;
      void worker.terminate();
    } else {
      idle.push(worker);
      pump();
    }
  }

  function pump() {
    while (queue.length && (idle.length || started < size)) {
      const job = queue.shift()!;
      const worker = idle.pop();
      if (worker) {
        void run(job, worker);
        continue;
      }
      started++;
      startWorker().then(
        (fresh) => {
          if (job.signal?.aborted) job.reject(job.signal.reason);
          if (closed || job.signal?.aborted) release(fresh);
          else void run(job, fresh);
        },
        (error: unknown) => {
          started--;
          job.reject(new Error(`OCR engine failed to start: ${String(error)}`));
          pump(); // the next queued job tries a fresh worker (and fails alike if the cause remains)
        },
      );
    }
  }

  return {
    get started() {
      return started;
    },
    recognize(image, signal) {
      if (closed) return Promise.reject(new Error('the OCR pool is closed'));
      if (signal?.aborted) return Promise.reject(signal.reason);
      const readable = ocrReadableImage(image);
      if (!readable) return Promise.reject(new IngestError('the image cannot be read by OCR: its format is not supported'));
      return new Promise<string>((resolve, reject) => {
        const job: Job = { image: readable, signal, resolve, reject };
        signal?.addEventListener(
          'abort',
          () => {
            const at = queue.indexOf(job);
            if (at >= 0) {
              queue.splice(at, 1);
              reject(signal.reason);
            }
          },
          { once: true },
        );
        queue.push(job);
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the OCR pool is closed'));
      const workers = idle.splice(0);
      started -= workers.length;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
