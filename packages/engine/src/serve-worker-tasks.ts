import { parentPort, workerData } from 'node:worker_threads';
import { RecnasError } from '@recnas/core';
import { serializeError, type WorkerReply } from './worker-pool.js';

/**
 * The worker side of `createWorkerPool`: runs `setup(workerData)` once (load a checkpoint, read data), then
 * answers every task with `handle(task, context)`. Call it at the top level of the worker module.
 */
export function serveWorkerTasks<Context, Task, Result>(
  setup: (data: unknown) => Promise<Context> | Context,
  handle: (task: Task, context: Context) => Promise<Result> | Result,
): void {
  const port = parentPort;
  if (port === null) throw new RecnasError('INVARIANT', 'serveWorkerTasks must run inside a worker thread');
  const post = (reply: WorkerReply): void => port.postMessage(reply);
  Promise.resolve()
    .then(() => setup(workerData))
    .then(
      (context) => {
        // Tasks run one at a time in arrival order (the pool sends one per worker at a time).
        let chain = Promise.resolve();
        port.on('message', ({ id, task }: { id: number; task: Task }) => {
          chain = chain.then(async () => {
            try {
              post({ kind: 'result', id, result: await handle(task, context) });
            } catch (error) {
              post({ kind: 'error', id, error: serializeError(error) });
            }
          });
        });
        post({ kind: 'ready' });
      },
      (error: unknown) => post({ kind: 'setup-failed', error: serializeError(error) }),
    );
}
