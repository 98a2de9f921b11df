import { join } from 'node:path';
import { hostname } from 'node:os';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import * as E from 'fp-ts/lib/Either.js';
import { isRecnasError } from '@recnas/core';
import { createWorkerPool, type WorkerPool } from '@recnas/engine';
import { candidateWorkerModule } from '../stages/candidate-scorers.js';
import type { ScoringSpec } from '../stages/candidate-scoring.js';
import type { CandidateResult } from '../stages/search-history.js';
import type { ScoringTask } from '../stages/scoring-task.js';
import { CANDIDATE_QUEUE, decodeCandidateJob, encodeCandidateResult, versionMismatch, type EncodedCandidateResult } from './candidate-jobs.js';
import { connectRedis, openRedis } from './redis-connection.js';
import { MissingRunFile, resolveRunFile } from './run-files.js';

export interface QueueWorkerOptions {
  /** `redis://host:port` of the queue. */
  readonly url: string;
  /** Candidates scored at once, each on its own worker thread (one core each). */
  readonly concurrency: number;
  /** This worker's `@recnas/*` package versions: jobs of a coordinator with other versions are refused. */
  readonly versions: Readonly<Record<string, string>>;
  /** Where checkpoints and data fetched from Redis are kept. */
  readonly cacheDir: string;
  /** A job whose worker stops renewing its lock this long is handed to another worker (default 30 s). */
  readonly lockDurationMs?: number;
  /** How long a refused job waits before a worker (maybe another one) takes it again (default 5 s). */
  readonly refusedDelayMs?: number;
  /** Plain lines about each job (scored, refused) and the connection. */
  readonly onLine?: (line: string) => void;
  /** Called as each job starts scoring, with how many have started (1 = the first) in this worker. */
  readonly onJobStart?: (jobId: string, started: number) => void;
}

export interface QueueWorker {
  /** Finishes the jobs in hand, then stops. */
  close(): Promise<void>;
}

/** Supernets kept loaded (a worker can serve several runs; each loaded supernet costs its memory per thread). */
const KEPT_POOLS = 2;

interface LoadedRun {
  /** The run's scoring settings as this worker resolved them (its key in `runs`). */
  readonly key: string;
  readonly pool: WorkerPool<ScoringTask, CandidateResult>;
  active: number;
}

/**
 * A `recnas worker`: takes candidate jobs from the BullMQ queue on Redis, scores each on one of
 * `concurrency` worker threads (each with the run's supernet loaded once) and returns the result. A job
 * whose coordinator runs other package versions, or whose files this machine cannot get, is refused: put
 * back for another worker, with the reason sent to the coordinator. A worker killed mid-job loses nothing:
 * its lock expires and BullMQ hands the job to another worker.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const line = options.onLine ?? (() => undefined);
  const redis = openRedis(options.url, line);
  await connectRedis(redis, options.url);
  const verifiedFiles = new Map<string, string>();
  const runs = new Map<string, LoadedRun>();
  const who = `${hostname()}:${process.pid}`;
  let started = 0;

  const runFor = (spec: ScoringSpec): LoadedRun => {
    const key = JSON.stringify(spec);
    const known = runs.get(key);
    if (known !== undefined) return known;
    for (const [oldKey, old] of runs) {
      if (runs.size < KEPT_POOLS) break;
      if (old.active === 0) {
        runs.delete(oldKey);
        void old.pool.close();
      }
    }
    const loaded: LoadedRun = { key, pool: createWorkerPool({ module: candidateWorkerModule(), size: options.concurrency, workerData: spec }), active: 0 };
    runs.set(key, loaded);
    return loaded;
  };

  const refuse = async (job: Job, token: string | undefined, reason: string): Promise<never> => {
    line(`refused ${job.id}: ${reason}`);
    await job.updateProgress({ refused: `worker ${who}: ${reason}` });
    await job.moveToDelayed(Date.now() + (options.refusedDelayMs ?? 5000), token);
    throw new DelayedError();
  };

  const processor = async (job: Job, token?: string): Promise<EncodedCandidateResult> => {
    const decoded = decodeCandidateJob(job.data);
    if (E.isLeft(decoded)) throw new UnrecoverableError(`not a recnas candidate job: ${decoded.left.message}`);
    const { spec, checkpoint, data, task, versions } = decoded.right;
    const mismatch = versionMismatch(versions, options.versions);
    if (mismatch !== undefined) return refuse(job, token, `recnas versions differ: ${mismatch}`);
    let checkpointPath: string;
    let dataPath: string;
    try {
      checkpointPath = await resolveRunFile(redis, checkpoint, options.cacheDir, verifiedFiles);
      dataPath = await resolveRunFile(redis, data, options.cacheDir, verifiedFiles);
    } catch (error) {
      if (error instanceof MissingRunFile) return refuse(job, token, error.message);
      throw error;
    }
    const run = runFor({ ...spec, checkpointPath, splitDir: join(options.cacheDir, 'splits'), data: { ...spec.data, path: dataPath } });
    started += 1;
    options.onJobStart?.(String(job.id), started);
    run.active += 1;
    const startedAt = performance.now();
    try {
      const result = await run.pool.run(task);
      line(`scored ${job.id} in ${((performance.now() - startedAt) / 1000).toFixed(2)} s`);
      return encodeCandidateResult(result);
    } catch (error) {
      // A pool whose threads died (e.g. the supernet did not load) is dropped: the retry loads it afresh.
      if (isRecnasError(error) && error.code === 'WORKER_FAILED' && runs.get(run.key) === run) {
        runs.delete(run.key);
        void run.pool.close();
      }
      throw error;
    } finally {
      run.active -= 1;
    }
  };

  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker(CANDIDATE_QUEUE, processor, {
    connection: redis,
    // One job more than scoring threads: the next candidate is fetched while the threads score, so a thread
    // that finishes starts the next one without waiting for Redis (the queue's latency hides behind scoring).
    concurrency: options.concurrency + 1,
    lockDuration,
    stalledInterval: lockDuration,
    // A job whose workers keep dying (e.g. out of memory) fails after this many hand-overs instead of looping.
    maxStalledCount: 3,
  });
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  line(`worker ${who} serving ${CANDIDATE_QUEUE} on ${options.url} with ${options.concurrency} thread(s)`);
  return {
    close: async () => {
      await worker.close();
      await Promise.all([...runs.values()].map((run) => run.pool.close()));
      redis.disconnect();
    },
  };
}
