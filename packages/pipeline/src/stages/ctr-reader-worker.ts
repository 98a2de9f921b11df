// Worker-thread entry of `parsingInWorker`: opens the data source's reader and streams its parsed chunks
// to the parent, at most READ_AHEAD_CHUNKS ahead of what the parent has consumed, then the pass's report.
import { parentPort, workerData } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import type { RecnasError } from '@recnas/core';
import { openCtrReader, type CtrDataSource } from './ctr-data.js';
import { READ_AHEAD_CHUNKS, type ReaderWorkerMessage, type SerializedError } from './ctr-reader-messages.js';

function serialize(error: unknown): SerializedError {
  const recnas = error as Partial<RecnasError>;
  return {
    code: typeof recnas.code === 'string' ? recnas.code : 'INVARIANT',
    message: error instanceof Error ? error.message : String(error),
    details: recnas.details ?? {},
  };
}

const port = parentPort;
if (port === null) throw new Error('ctr-reader-worker must run in a worker thread');
const post = (message: ReaderWorkerMessage): void => port.postMessage(message);

let unacknowledged = 0;
let resume: (() => void) | undefined;
port.on('message', () => {
  unacknowledged -= 1;
  resume?.();
  resume = undefined;
});

async function stream(): Promise<void> {
  const reader = openCtrReader(workerData as CtrDataSource);
  if (E.isLeft(reader)) {
    post({ type: 'end', report: { ok: false, error: serialize(reader.left) } });
    return;
  }
  try {
    for await (const chunk of reader.right) {
      if (unacknowledged >= READ_AHEAD_CHUNKS) await new Promise<void>((wake) => (resume = wake));
      unacknowledged += 1;
      post({ type: 'chunk', chunk, progress: reader.right.progress() });
    }
  } catch (error) {
    post({ type: 'end', report: { ok: false, error: serialize(error), thrown: true } });
    return;
  }
  const report = reader.right.report();
  post({ type: 'end', report: E.isRight(report) ? { ok: true, value: report.right } : { ok: false, error: serialize(report.left) } });
}

void stream().finally(() => port.close());
