import { afterEach, describe, expect, it } from 'vitest';
import { isRecnasError } from '@recnas/core';
import { createWorkerPool, type WorkerPool } from '../src/index.js';

const MODULE = new URL('./fixtures/arithmetic-worker.mjs', import.meta.url);
type Task = { kind: 'sum' | 'throw' | 'crash' | 'threads'; value: number };

/** The same arithmetic as the worker, on the main thread. */
function sequential(value: number, offset: number): number {
  let total = offset;
  for (let i = 0; i < 200_000; i++) total = (total + value * i) % 1_000_003;
  return total;
}

let pool: WorkerPool<Task, number> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('createWorkerPool', () => {
  it('runs tasks on two workers with results in task order, equal to a sequential run', async () => {
    pool = createWorkerPool<Task, number>({ module: MODULE, size: 2, workerData: { offset: 5 } });
    const values = Array.from({ length: 9 }, (_, i) => i * 37 + 1);
    const results = await pool.runAll(values.map((value) => ({ kind: 'sum', value })));
    expect(results).toEqual(values.map((value) => sequential(value, 5)));
  });

  it('gives each worker one BLAS thread', async () => {
    pool = createWorkerPool<Task, number>({ module: MODULE, size: 2 });
    expect(await pool.run({ kind: 'threads', value: 0 })).toBe(1);
  });

  it("rejects a failing task with the task's error code and keeps serving", async () => {
    pool = createWorkerPool<Task, number>({ module: MODULE, size: 1 });
    const failure = await pool.run({ kind: 'throw', value: 3 }).catch((error: unknown) => error);
    expect(isRecnasError(failure) && failure.code).toBe('DATA_FORMAT');
    expect((failure as Error).message).toBe('worker 0: bad task 3');
    expect(await pool.run({ kind: 'sum', value: 2 })).toBe(sequential(2, 0));
  });

  it('reports a set-up failure on every task, with its code', async () => {
    pool = createWorkerPool<Task, number>({ module: MODULE, size: 1, workerData: { failSetup: true } });
    const failures = await Promise.all([1, 2, 3].map((value) => pool?.run({ kind: 'sum', value }).catch((error: unknown) => error)));
    for (const failure of failures) {
      expect(isRecnasError(failure) && failure.code).toBe('CONFIG_INVALID');
      expect((failure as Error).message).toContain('worker 0 set-up: setup was told to fail');
    }
  });

  it('reports the set-up failure, not the exit, when both reach a busy main thread together', async () => {
    pool = createWorkerPool<Task, number>({ module: MODULE, size: 1, workerData: { failSetup: true } });
    const pending = pool.run({ kind: 'sum', value: 1 }).catch((error: unknown) => error);
    // Block this thread while the worker fails its set-up and exits (as a loaded machine does): Node then
    // delivers the set-up message and the exit event in one turn.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    const failure = await pending;
    expect(isRecnasError(failure) && failure.code).toBe('CONFIG_INVALID');
  });

  it('fails the tasks of a crashed worker with WORKER_FAILED and runs the rest on the survivor', async () => {
    pool = createWorkerPool<Task, number>({ module: MODULE, size: 2 });
    const crash = pool.run({ kind: 'crash', value: 0 }).catch((error: unknown) => error);
    const survivor = pool.run({ kind: 'sum', value: 4 });
    const failure = await crash;
    expect(isRecnasError(failure) && failure.code).toBe('WORKER_FAILED');
    expect((failure as Error).message).toContain('exited with code 7');
    expect(await survivor).toBe(sequential(4, 0));
    expect(await pool.run({ kind: 'sum', value: 6 })).toBe(sequential(6, 0));
  });
});
