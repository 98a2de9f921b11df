import { Worker } from 'node:worker_threads';
import { RecnasError, isRecnasError, type RecnasErrorCode } from '@recnas/core';

/** A message from a worker: the result or the error of task `id`, or the end of its set-up. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'setup-failed'; readonly error: SerializedError }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly error: SerializedError };

/** A RecnasError (or any error) as it crosses the thread boundary. */
export interface SerializedError {
  readonly code: RecnasErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export function serializeError(error: unknown): SerializedError {
  if (isRecnasError(error)) return { code: error.code, message: error.message, details: JSON.parse(JSON.stringify(error.details ?? {})) as Record<string, unknown> };
  return { code: 'WORKER_FAILED', message: error instanceof Error ? error.message : String(error), details: {} };
}

function revive(error: SerializedError, where: string): RecnasError {
  return new RecnasError(error.code, `${where}: ${error.message}`, error.details);
}

/** Worker threads that each run one task at a time; tasks queue in submission order. */
export interface WorkerPool<Task, Result> {
  readonly size: number;
  /** Runs `task` on the next free worker; rejects with the task's own error (its code kept). */
  run(task: Task): Promise<Result>;
  /** Runs every task, at most `size` at once; results in the order of `tasks`. */
  runAll(tasks: ReadonlyArray<Task>): Promise<Result[]>;
  /** Terminates the workers (pending tasks reject with WORKER_FAILED). */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** The worker module (a file URL or path); it calls `serveWorkerTasks`. */
  readonly module: URL | string;
  readonly size: number;
  /** Passed to every worker's set-up (structured-cloneable). */
  readonly workerData?: unknown;
  /** Extra environment of the workers (RECNAS_BLAS_THREADS=1 is set unless given). */
  readonly env?: Readonly<Record<string, string>>;
}

interface Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  busy: boolean;
  dead: boolean;
}

interface Pending<Result> {
  readonly task: unknown;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: RecnasError) => void;
}

/**
 * Starts `size` worker threads of `module`. Each worker keeps its own tfjs engine and backend (selected
 * the same way as the main thread) with ONE BLAS thread, so `size` workers use `size` cores without
 * oversubscription. Results do not depend on which worker ran a task, so a seeded task gives the same
 * result as a sequential run.
 */
export function createWorkerPool<Task, Result>(options: WorkerPoolOptions): WorkerPool<Task, Result> {
  const queue: Array<Pending<Result>> = [];
  const inFlight = new Map<number, { slot: Slot; pending: Pending<Result> }>();
  let nextId = 0;
  let closed = false;

  const slots: Slot[] = Array.from({ length: options.size }, (_, index) => {
    const worker = new Worker(options.module, {
      workerData: options.workerData,
      env: { ...process.env, RECNAS_BLAS_THREADS: '1', ...options.env },
    });
    let markReady: () => void = () => undefined;
    let failSetup: (error: RecnasError) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failSetup = reject;
    });
    ready.catch(() => undefined); // reported through the tasks that wait for it
    const slot: Slot = { worker, ready, busy: false, dead: false };
    /**
     * Takes the slot out of service and fails its tasks with `error`; only the first call counts. A worker
     * whose set-up failed exits right after saying so, and under load Node delivers that message and the
     * exit in the same turn (the exit drains the port), so the set-up error must settle everything at once.
     */
    const retire = (error: RecnasError): void => {
      if (slot.dead) return;
      slot.dead = true;
      failSetup(error);
      for (const [id, entry] of inFlight) {
        if (entry.slot !== slot) continue;
        inFlight.delete(id);
        entry.pending.reject(error);
      }
      // With no live worker left, nothing would ever run the queue.
      if (slots.every((other) => other.dead)) for (const pending of queue.splice(0)) pending.reject(error);
    };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') return markReady();
      if (reply.kind === 'setup-failed') return retire(revive(reply.error, `worker ${index} set-up`));
      const entry = inFlight.get(reply.id);
      if (entry === undefined) return undefined;
      inFlight.delete(reply.id);
      entry.slot.busy = false;
      if (reply.kind === 'result') entry.pending.resolve(reply.result as Result);
      else entry.pending.reject(revive(reply.error, `worker ${index}`));
      return dispatch();
    });
    worker.on('error', (error) => retire(new RecnasError('WORKER_FAILED', `worker ${index} failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!closed) retire(new RecnasError('WORKER_FAILED', `worker ${index} exited with code ${code}`));
    });
    return slot;
  });

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.busy || slot.dead || queue.length === 0) continue;
      const pending = queue.shift() as Pending<Result>;
      slot.busy = true;
      const id = nextId++;
      inFlight.set(id, { slot, pending });
      slot.ready.then(
        () => slot.worker.postMessage({ id, task: pending.task }),
        (error: RecnasError) => {
          if (inFlight.delete(id)) pending.reject(error);
        },
      );
    }
  }

  const run = (task: Task): Promise<Result> =>
    new Promise<Result>((resolve, reject) => {
      if (closed) return reject(new RecnasError('WORKER_FAILED', 'the worker pool is closed'));
      queue.push({ task, resolve, reject });
      dispatch();
      return undefined;
    });

  return {
    size: options.size,
    run,
    runAll: (tasks) => Promise.all(tasks.map((task) => run(task))),
    close: async () => {
      closed = true;
      const error = new RecnasError('WORKER_FAILED', 'the worker pool was closed');
      for (const pending of queue.splice(0)) pending.reject(error);
      for (const entry of inFlight.values()) entry.pending.reject(error);
      inFlight.clear();
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
