import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PdfMessage, PdfRequest } from './pdf.messages.js';

/** Heap the PDF thread may use: a hostile PDF fails its own read instead of taking the worker down. */
const PDF_THREAD_HEAP_MB = 1024;

type Listener = (message: PdfMessage | { type: 'crash'; error: Error }) => void;

let thread: Worker | null = null;
const listeners = new Map<number, Listener>();
let nextId = 1;

/** The shared PDF thread, started on first use; it keeps the process alive only while it reads. */
function pdfThread(): Worker {
  if (thread) return thread;
  const started = new Worker(path.join(__dirname, 'pdf.thread.js'), { resourceLimits: { maxOldGenerationSizeMb: PDF_THREAD_HEAP_MB } });
  started.on('message', (message: PdfMessage) => listeners.get(message.id)?.(message));
  const crash = (error: Error) => {
    if (thread === started) thread = null;
    for (const listener of [...listeners.values()]) listener({ type: 'crash', error });
  };
  started.on('error', crash);
  started.on('exit', (code) => crash(new Error(`the PDF thread stopped (exit code ${code})`)));
  thread = started;
  return started;
}

const send = (request: PdfRequest) => pdfThread().postMessage(request);

/**
 * Reads `file` in the PDF thread, handing each message to `onMessage` until
 * `done` or `error`; returns a function that cancels the read (between pages).
 */
export function readPdf(file: string, onMessage: Listener): () => void {
  const id = nextId++;
  const forget = () => {
    if (!listeners.delete(id)) return false;
    if (listeners.size === 0) thread?.unref();
    return true;
  };
  listeners.set(id, (message) => {
    if (message.type === 'done' || message.type === 'error' || message.type === 'crash') forget();
    onMessage(message);
  });
  send({ type: 'read', id, file });
  thread?.ref();
  return () => {
    if (forget()) send({ type: 'cancel', id });
  };
}

/** Stops the PDF thread (at shutdown; it is started again on the next read). */
export async function closePdfThread(): Promise<void> {
  const running = thread;
  thread = null;
  await running?.terminate();
}
