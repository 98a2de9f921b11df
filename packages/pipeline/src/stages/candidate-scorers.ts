import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RecnasError } from '@recnas/core';
import { createWorkerPool, type WorkerPool } from '@recnas/engine';
import { scoreArchitecture, type ScoringContext, type ScoringSpec } from './candidate-scoring.js';
import type { CandidateResult, CandidateScorer } from './search-history.js';
import type { ScoringTask, TaskScorer } from './scoring-task.js';

/** Scores candidates one after another in this thread. */
export function inProcessScorer(context: ScoringContext): CandidateScorer {
  return async (archs, onScored) => {
    for (const arch of archs) onScored(arch, scoreArchitecture(context, arch));
  };
}

/** Scores tasks (architecture and weight precision) one after another in this thread. */
export function inProcessTaskScorer(context: ScoringContext): TaskScorer {
  return async (tasks, onScored) => {
    for (const task of tasks) onScored(task, scoreArchitecture(context, task.arch, task.precision));
  };
}

/** The compiled worker module (from src/ under vitest, the built dist/ copy: workers cannot load .ts). */
export function candidateWorkerModule(): URL {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/stages/candidate-worker.js', here) : new URL('./candidate-worker.js', here);
  if (!existsSync(fileURLToPath(url))) {
    throw new RecnasError('WORKER_FAILED', `the candidate worker module ${fileURLToPath(url)} is missing: build @recnas/pipeline first`);
  }
  return url;
}

/** A scorer over `workers` worker threads, each with its own copy of the supernet; close it when done. */
export interface ParallelScorer {
  readonly score: CandidateScorer;
  /** The same workers, scoring tasks that may carry a weight precision (the co-design search). */
  readonly scoreTasks: TaskScorer;
  close(): Promise<void>;
}

/**
 * Scores candidates in parallel worker threads (each loads the run's supernet once). A candidate's score
 * does not depend on the worker that computed it, so results equal `inProcessScorer`'s.
 */
export function workerScorer(spec: ScoringSpec, workers: number): ParallelScorer {
  const pool: WorkerPool<ScoringTask, CandidateResult> = createWorkerPool({ module: candidateWorkerModule(), size: workers, workerData: spec });
  return {
    score: async (archs, onScored) => {
      await Promise.all(archs.map((arch) => pool.run({ arch }).then((result) => onScored(arch, result))));
    },
    scoreTasks: async (tasks, onScored) => {
      await Promise.all(tasks.map((task) => pool.run(task).then((result) => onScored(task, result))));
    },
    close: () => pool.close(),
  };
}
