import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, type Batch, type RecnasErrorCode } from '@recnas/core';
import type { CtrReader, ReadReport } from '@recnas/data-loaders';
import type { ReaderWorkerMessage, SerializedError } from './ctr-reader-messages.js';

/** The compiled worker module (from src/ under vitest, the built dist/ copy: workers cannot load .ts). */
function workerModule(): URL | undefined {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/stages/ctr-reader-worker.js', here) : new URL('./ctr-reader-worker.js', here);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

function revive(error: SerializedError): RecnasError {
  return new RecnasError(error.code as RecnasErrorCode, error.message, error.details);
}

/** Delivers worker messages to an async consumer, one at a time, in order. */
class MessageQueue {
  private readonly messages: Array<ReaderWorkerMessage | Error> = [];
  private waiting: ((message: ReaderWorkerMessage | Error) => void) | undefined;

  push(message: ReaderWorkerMessage | Error): void {
    if (this.waiting === undefined) {
      this.messages.push(message);
      return;
    }
    const wake = this.waiting;
    this.waiting = undefined;
    wake(message);
  }

  next(): Promise<ReaderWorkerMessage | Error> {
    const queued = this.messages.shift();
    return queued === undefined ? new Promise((resolve) => (this.waiting = resolve)) : Promise.resolve(queued);
  }
}

/**
 * `reader` with its parsing moved to a worker thread: each pass starts a worker that opens the same data
 * source (`workerData`, plain data), parses it and streams the chunks here, up to READ_AHEAD_CHUNKS ahead, so this
 * thread only routes, batches and trains on them. Chunks, the pass's report and
 * progress are the in-thread reader's. Returns `reader` unchanged when the worker module is not built.
 */
export function parsingInWorker(reader: CtrReader, workerData: unknown): CtrReader {
  const module = workerModule();
  if (module === undefined) return reader;
  let lastReport: E.Either<RecnasError, ReadReport> = E.left(new RecnasError('USAGE', `no complete pass over ${reader.path} yet`));
  let lastProgress = reader.progress();
  async function* pass(): AsyncGenerator<Batch> {
    const worker = new Worker(module as URL, { workerData });
    const queue = new MessageQueue();
    worker.on('message', (message: ReaderWorkerMessage) => queue.push(message));
    worker.on('error', (error) => queue.push(error));
    worker.on('exit', (code) => queue.push(new RecnasError('WORKER_FAILED', `the reader worker for ${reader.path} exited (code ${code}) before its pass ended`)));
    try {
      for (;;) {
        const message = await queue.next();
        if (message instanceof Error) {
          throw message instanceof RecnasError ? message : new RecnasError('WORKER_FAILED', `the reader worker for ${reader.path} failed: ${message.message}`);
        }
        if (message.type === 'chunk') {
          lastProgress = message.progress;
          worker.postMessage('ack');
          yield message.chunk;
          continue;
        }
        if (!message.report.ok && message.report.thrown === true) throw revive(message.report.error);
        lastReport = message.report.ok ? E.right(message.report.value) : E.left(revive(message.report.error));
        return;
      }
    } finally {
      worker.removeAllListeners('exit');
      await worker.terminate();
    }
  }
  return {
    path: reader.path,
    schema: reader.schema,
    denseFields: reader.denseFields,
    sparseFields: reader.sparseFields,
    vocabSizes: reader.vocabSizes,
    [Symbol.asyncIterator]: () => pass(),
    report: () => lastReport,
    progress: () => lastProgress,
  };
}
