import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { sampleArchitecture } from '@recnas/search-strategies';
import { decodeRunConfig } from '../../src/run-config.js';
import { inProcessScorer, workerScorer } from '../../src/stages/candidate-scorers.js';
import { loadScoringContext } from '../../src/stages/candidate-scoring.js';
import { scoringSpec } from '../../src/stages/search-stage.js';
import { runSupernetStage } from '../../src/stages/supernet-stage.js';
import { builtinOperators } from '../builtin-operators.js';
import { scoredInOrder } from '../scored-in-order.js';

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;
const runDir = mkdtempSync(join(tmpdir(), 'recnas-parallel-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

const registry = builtinOperators;

const decoded = decodeRunConfig({
  data: { path: CRITEO, format: 'criteo', vocabCap: 2000 },
  supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 10, batchSize: 64 },
  search: { fineTuneSteps: 8, fineTuneBatchSize: 64 },
});
if (E.isLeft(decoded)) throw decoded.left;
const config = decoded.right;

beforeAll(async () => {
  await initBackend({ logger: () => undefined });
  const trained = await runSupernetStage(runDir, config, registry());
  if (E.isLeft(trained)) throw trained.left;
  trained.right.supernet.dispose();
});

describe('candidate scoring in worker threads', () => {
  it('gives exactly the in-process results, whatever worker scores which candidate', async () => {
    const context = await loadScoringContext(scoringSpec(runDir, config), registry());
    const rng = Rng.fromSeed(5);
    const archs = Array.from({ length: 5 }, () => sampleArchitecture(context.supernet.space, rng));
    const sequential = await scoredInOrder(inProcessScorer(context), archs);
    const parallel = workerScorer(scoringSpec(runDir, config), 2);
    try {
      expect(await scoredInOrder(parallel.score, archs)).toEqual(sequential);
    } finally {
      await parallel.close();
      context.supernet.dispose();
    }
    for (const result of sequential) {
      expect(Number.isFinite(result.validationLogLoss)).toBe(true);
      expect(result.flopsPerExample).toBeGreaterThan(0);
    }
  });
});
