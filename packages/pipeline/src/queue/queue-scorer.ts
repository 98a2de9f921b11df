import { join } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { RecnasError } from '@recnas/core';
import type { ParallelScorer } from '../stages/candidate-scorers.js';
import type { ScoringSpec } from '../stages/candidate-scoring.js';
import { SUPERNET_CHECKPOINT_FILE } from '../stages/save-supernet.js';
import type { CandidateResult } from '../stages/search-history.js';
import type { ScoringTask } from '../stages/scoring-task.js';
import { CANDIDATE_QUEUE, candidateJobId, decodeCandidateResult, type CandidateJob, type EncodedCandidateResult, type RunFile } from './candidate-jobs.js';
import { connectRedis, openRedis } from './redis-connection.js';
import { publishRunFile } from './run-files.js';

export interface QueueScorerOptions {
  /** `redis://host:port` of the queue. */
  readonly url: string;
  /** The coordinator's `@recnas/*` package versions; workers with other versions refuse its jobs. */
  readonly versions: Readonly<Record<string, string>>;
  /** Hears what the operator should know: lost connections, refusals, jobs enqueued again. */
  readonly onNotice?: (line: string) => void;
  /** How often pending jobs are looked up directly (the safety net under Redis's events; default 1 s). */
  readonly pollMs?: number;
}

/** How a job is kept: retried twice on failure, kept a week after finishing (a resumed coordinator reads it). */
const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

interface Waiter {
  readonly task: ScoringTask;
  readonly resolve: (result: CandidateResult) => void;
  readonly reject: (error: RecnasError) => void;
}

/**
 * Scores candidates on `recnas worker` processes through a BullMQ queue on Redis. The supernet checkpoint
 * (and a data file of at most 256 MB) is put into Redis once, so workers need no shared disk; each job
 * carries the run's scoring settings and package versions. A job's id is made of the supernet checksum, the
 * scoring settings and the candidate's architecture hash (`candidateJobId`), so a resumed coordinator
 * re-enqueueing a candidate gets the job (and the result) that is already there instead of a second scoring. Scores do not depend on the worker, so a run
 * through the queue equals the in-process one.
 */
export async function createQueueScorer(spec: ScoringSpec, options: QueueScorerOptions): Promise<ParallelScorer> {
  const notice = options.onNotice ?? (() => undefined);
  const connection = openRedis(options.url, notice);
  await connectRedis(connection, options.url);
  const eventsConnection = openRedis(options.url);
  try {
    await connectRedis(eventsConnection, options.url);
  } catch (error) {
    connection.disconnect();
    throw error;
  }
  const checkpointPath = spec.checkpointPath ?? join(spec.runDir, SUPERNET_CHECKPOINT_FILE);
  const publishFiles = (): Promise<[RunFile, RunFile]> => Promise.all([publishRunFile(connection, checkpointPath, true), publishRunFile(connection, spec.data.path, false)]);
  const [checkpoint, data] = await publishFiles();
  // After Redis lost its data (restarted without persistence), the files are put there again for new workers.
  let republished: Promise<unknown> | undefined;
  const republish = (): Promise<unknown> =>
    (republished ??= publishFiles().finally(() => {
      republished = undefined;
    }));
  const checksum = checkpoint.sha256 as string;
  const queue = new Queue(CANDIDATE_QUEUE, { connection });
  // Blocking reads need their own connection.
  const events = new QueueEvents(CANDIDATE_QUEUE, { connection: eventsConnection });
  await events.waitUntilReady();
  // Connection trouble is reported by `openRedis`'s notices; an unhandled 'error' event would end the process.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);

  const waiters = new Map<string, Waiter[]>();
  const refusals = new Set<string>();
  const settle = (jobId: string, outcome: { result: CandidateResult } | { error: RecnasError }): void => {
    const waiting = waiters.get(jobId);
    if (waiting === undefined) return;
    waiters.delete(jobId);
    for (const waiter of waiting) {
      if ('result' in outcome) waiter.resolve(outcome.result);
      else waiter.reject(outcome.error);
    }
  };
  const failure = (jobId: string, reason: string): RecnasError =>
    new RecnasError('WORKER_FAILED', `candidate ${jobId} failed on a worker after ${JOB_OPTIONS.attempts} attempts: ${reason}`, { jobId });
  const jobOf = (task: ScoringTask): CandidateJob => ({ spec, checkpoint, data, task, versions: options.versions });

  const startedAt = Date.now();
  /**
   * Settles a waiting job from its state in Redis; re-adds it when Redis lost it (a restart without
   * persistence). A job that failed before this coordinator started (an earlier, interrupted run) is tried
   * again instead.
   */
  const lookUp = async (jobId: string): Promise<void> => {
    const waiting = waiters.get(jobId);
    if (waiting === undefined) return;
    const job = await Job.fromId<CandidateJob, EncodedCandidateResult>(queue, jobId);
    if (job === undefined) {
      notice(`candidate ${jobId} is no longer in Redis (restarted without persistence?): enqueued again`);
      await republish();
      await queue.add('score', jobOf((waiting[0] as Waiter).task), { ...JOB_OPTIONS, jobId });
      return;
    }
    const state = await job.getState();
    if (state === 'completed') settle(jobId, { result: decodeCandidateResult(job.returnvalue) });
    else if (state === 'failed' && (job.finishedOn ?? 0) < startedAt) await job.retry('failed');
    else if (state === 'failed') settle(jobId, { error: failure(jobId, job.failedReason) });
  };

  events.on('completed', ({ jobId, returnvalue }) => settle(jobId, { result: decodeCandidateResult(returnvalue as unknown as EncodedCandidateResult) }));
  // A failed attempt that will be retried also says 'failed': only the job's final state counts.
  events.on('failed', ({ jobId }) => void lookUp(jobId).catch(() => undefined));
  events.on('progress', ({ jobId, data: progress }) => {
    const refused = typeof progress === 'object' && progress !== null ? (progress as { refused?: unknown }).refused : undefined;
    if (typeof refused === 'string' && waiters.has(jobId) && !refusals.has(refused)) {
      refusals.add(refused);
      notice(`a worker refused candidate ${jobId}: ${refused}`);
    }
  });
  let polling = false;
  const poll = setInterval(() => {
    if (polling || waiters.size === 0) return;
    polling = true;
    void Promise.all([...waiters.keys()].map((jobId) => lookUp(jobId)))
      .catch(() => undefined)
      .finally(() => {
        polling = false;
      });
  }, options.pollMs ?? 1000);
  poll.unref();

  /**
   * Enqueues a batch in one round trip. Waiters are registered before, so no completion event is missed.
   * A job id already in Redis (from an earlier coordinator) keeps its job; the poll finds it finished (or
   * failed, and tries it again) within `pollMs`.
   */
  const scoreTasks = async (tasks: ReadonlyArray<ScoringTask>, onScored: (task: ScoringTask, score: CandidateResult) => void): Promise<void> => {
    const fresh: Array<{ jobId: string; task: ScoringTask }> = [];
    const results = tasks.map(
      (task) =>
        new Promise<CandidateResult>((resolve, reject) => {
          const jobId = candidateJobId(checksum, spec, task);
          const waiting = waiters.get(jobId);
          if (waiting !== undefined) waiting.push({ task, resolve, reject });
          else {
            waiters.set(jobId, [{ task, resolve, reject }]);
            fresh.push({ jobId, task });
          }
        }).then((result) => onScored(task, result)),
    );
    try {
      await queue.addBulk(fresh.map(({ jobId, task }) => ({ name: 'score', data: jobOf(task), opts: { ...JOB_OPTIONS, jobId } })));
    } catch (error) {
      const failed = new RecnasError('IO', `enqueueing ${fresh.length} candidates: ${(error as Error).message}`, {}, { cause: error });
      for (const { jobId } of fresh) settle(jobId, { error: failed });
    }
    await Promise.all(results);
  };
  return {
    score: (archs, onScored) => scoreTasks(archs.map((arch) => ({ arch })), (task, result) => onScored(task.arch, result)),
    scoreTasks,
    close: async () => {
      clearInterval(poll);
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
    },
  };
}
