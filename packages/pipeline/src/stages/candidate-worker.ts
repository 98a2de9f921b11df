// Worker-thread entry of candidate scoring (run by `workerScorer` through @recnas/engine's worker pool):
// each worker initialises its own tfjs engine (one BLAS thread), loads the run's supernet and data once,
// then scores the tasks it is sent (an architecture and, for a co-design pair, its weight precision).
import * as E from 'fp-ts/lib/Either.js';
import { createEngine, serveWorkerTasks } from '@recnas/engine';
import { loadScoringContext, scoreArchitecture, type ScoringContext, type ScoringSpec } from './candidate-scoring.js';
import type { ScoringTask } from './scoring-task.js';
import { builtinRegistry } from './train-supernet.js';

serveWorkerTasks<ScoringContext, ScoringTask, ReturnType<typeof scoreArchitecture>>(
  async (data) => {
    await createEngine({ logger: () => undefined }).initBackend();
    const registry = builtinRegistry();
    if (E.isLeft(registry)) throw registry.left;
    return loadScoringContext(data as ScoringSpec, registry.right);
  },
  (task, context) => scoreArchitecture(context, task.arch, task.precision),
);
