import { archHash } from '@recnas/core';
import type { ScoringTask, TaskScorer } from '../../src/stages/scoring-task.js';

/**
 * A fake scorer for co-design loop tests: the loss is a fixed function of the architecture hash plus 0.01 per
 * weight bit below 16 (so fewer bits score worse); it records every task it is given, in order.
 */
export function fakeTaskScorer(): TaskScorer & { tasks: ScoringTask[] } {
  const tasks: ScoringTask[] = [];
  const score: TaskScorer = async (given, onScored) => {
    for (const task of given) {
      tasks.push(task);
      const penalty = task.precision === undefined ? 0 : 0.01 * (16 - task.precision.weightBits);
      onScored(task, { validationLogLoss: 0.45 + (parseInt(archHash(task.arch).slice(0, 4), 16) % 100) / 1e4 + penalty, flopsPerExample: 1000, params: 10, seconds: 0.1 });
    }
  };
  return Object.assign(score, { tasks });
}
