// Benchmark workload (SPEC section 10, issue 5): evolution candidates evaluated per minute, scored as the
// pipeline's search does (inherited-weight validation LogLoss, then NASRec's head fine-tuning), in this
// thread and on worker threads (`search.workers`), so the gain of parallel candidate evaluation is measured.
// Setup: the default run config on the shipped 8,000-row Criteo sample (4 blocks, widths 16-64/16-32, 100
// fine-tuning steps), with the supernet trained for 20 steps only: weights do not change the cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { builtinRegistry, decodeRunConfig, inProcessScorer, loadScoringContext, runSupernetStage, scoringSpec, workerScorer } from '@recnas/pipeline';
import { sampleArchitecture } from '@recnas/search-strategies';

const CRITEO = new URL('../../../test-data/criteo/train.csv', import.meta.url).pathname;
const CANDIDATES = 16;

function orThrow(either) {
  if (E.isLeft(either)) throw either.left;
  return either.right;
}

async function timed(score, archs) {
  const start = performance.now();
  await score(archs, () => undefined);
  return (performance.now() - start) / 1000;
}

export default async function searchCandidatesWorkload() {
  const info = await initBackend({ logger: () => undefined });
  const registry = orThrow(builtinRegistry());
  const config = orThrow(decodeRunConfig({ data: { path: CRITEO, format: 'criteo' }, supernet: { steps: 20 } }));
  const runDir = mkdtempSync(join(tmpdir(), 'recnas-bench-search-'));
  try {
    orThrow(await runSupernetStage(runDir, config, registry)).supernet.dispose();
    const context = await loadScoringContext(scoringSpec(runDir, config), registry);
    const rng = Rng.fromSeed(2018);
    const archs = Array.from({ length: CANDIDATES }, () => sampleArchitecture(context.supernet.space, rng));
    const results = [];
    const sequentialSeconds = await timed(inProcessScorer(context), archs);
    context.supernet.dispose();
    results.push({ workers: 0, seconds: sequentialSeconds });
    const workers = config.search.workers;
    const parallel = workerScorer(scoringSpec(runDir, config), workers);
    try {
      await timed(parallel.score, archs.slice(0, workers)); // each worker loads the supernet and data once
      results.push({ workers, seconds: await timed(parallel.score, archs) });
    } finally {
      await parallel.close();
    }
    return results.map(({ workers: count, seconds }) => ({
      workload: 'search-candidates',
      candidates: CANDIDATES,
      fineTuneSteps: config.search.fineTuneSteps,
      scoring: count === 0 ? 'in-process (1 thread)' : `${count} worker threads`,
      seconds: Number(seconds.toFixed(2)),
      candidatesPerMinute: Number(((60 * CANDIDATES) / seconds).toFixed(1)),
      speedup: Number((sequentialSeconds / seconds).toFixed(2)),
      backend: info.name,
    }));
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
