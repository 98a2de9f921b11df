import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@recnas/engine';
import { RETRAIN_JOURNAL_FILE, beatsBaselinesBeyondNoise, reportInputOf, summariseRetrainedModels, type RetrainedModel, type RunSummary } from '../../src/index.js';
import { readJsonLines, succeedConfig, writeCriteoHead } from './tiny-run.js';

// Retraining over several model seeds (issue 15 part 4): one journal line per model and seed, means and sample
// standard deviations in the summary, a resumed run retrains nothing, and the noise-aware comparison.

let root = '';
let data = '';

function config(seeds: number): Record<string, unknown> {
  return {
    data: { path: data, format: 'criteo', vocabCap: 2000 },
    seed: 11,
    supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 8, batchSize: 64 },
    search: { evolution: { population: 2, generations: 1, childrenPerGeneration: 1, tournamentSize: 1, initialMutations: 1, finalMutations: 1 }, fineTuneSteps: 2, workers: 0 },
    retrain: { topK: 1, epochs: 1, batchSize: 64, baselines: ['dlrm', 'dcn-v2'], seeds },
  };
}

const run = (dir: string, seeds: number, resume = false): Promise<RunSummary> => succeedConfig(config(seeds), dir, { resume });
const journal = (dir: string): RetrainedModel[] => readJsonLines<RetrainedModel>(join(dir, RETRAIN_JOURNAL_FILE));

beforeAll(async () => {
  await createEngine({ logger: () => undefined }).initBackend();
  root = mkdtempSync(join(tmpdir(), 'recnas-retrain-seeds-'));
  data = writeCriteoHead(root, 1200);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('retrain.seeds', () => {
  it('retrains every model once per seed (the run seed and the next ones) and reports means and spreads; resuming retrains nothing', async () => {
    const dir = join(root, 'three');
    const summary = await run(dir, 3);
    const lines = journal(dir);
    expect(lines.map((line) => [line.name, line.seed])).toEqual([
      ['searched-1', 11], ['searched-1', 12], ['searched-1', 13],
      ['dlrm', 11], ['dlrm', 12], ['dlrm', 13],
      ['dcn-v2', 11], ['dcn-v2', 12], ['dcn-v2', 13],
    ]);
    // DCN-v2 is built in the run's space plus its cross-v2 operator, and trained like every other model.
    const dcn = lines.find((line) => line.name === 'dcn-v2');
    expect(dcn?.arch.space).toBe('nasrec-full+dcn-v2');
    expect(dcn?.arch.blocks[0]?.denseOp).toBe('cross-v2');
    expect(dcn?.steps).toBe(lines.find((line) => line.name === 'dlrm')?.steps);
    // Different seeds give different models: the losses differ.
    expect(new Set(lines.filter((line) => line.name === 'dlrm').map((line) => line.testLogLoss)).size).toBe(3);
    const dlrm = summary.models.find((model) => model.name === 'dlrm');
    const losses = lines.filter((line) => line.name === 'dlrm').map((line) => line.testLogLoss);
    const mean = (losses[0]! + losses[1]! + losses[2]!) / 3;
    const std = Math.sqrt(losses.reduce((total, value) => total + (value - mean) ** 2, 0) / 2);
    expect(dlrm?.seeds).toEqual([11, 12, 13]);
    expect(dlrm?.testLogLoss).toBeCloseTo(mean, 12);
    expect(dlrm?.testLogLossStd).toBeCloseTo(std, 12);
    expect(dlrm?.testLogLossStderr).toBeCloseTo(std / Math.sqrt(3), 12);
    expect(summary.versusBaselines['dlrm']).toBeCloseTo((summary.bestModel?.testLogLoss ?? 0) - mean, 12);
    expect(typeof summary.beatsAllBaselinesBeyondNoise).toBe('boolean');
    expect(reportInputOf(summary, {}).models.find((model) => model.name === 'dlrm')).toMatchObject({ seeds: 3, testLogLossStd: dlrm?.testLogLossStd });
    // The first seed is the run's seed, so one seed reproduces a one-seed run's models exactly.
    const one = await run(join(root, 'one'), 1);
    expect(one.models.map((model) => model.testLogLoss)).toEqual(summary.models.map((model) => lines.find((line) => line.name === model.name && line.seed === 11)?.testLogLoss));
    expect(one.beatsAllBaselinesBeyondNoise).toBeUndefined();
    const resumed = await run(dir, 3, true);
    expect(journal(dir)).toHaveLength(9);
    expect(resumed.models).toEqual(summary.models.map((model) => ({ ...model })));
  }, 300_000);

  it('calls a difference beyond noise only when it exceeds twice the standard error of the difference (by hand)', () => {
    const line = (name: string, kind: 'searched' | 'baseline', seed: number, testLogLoss: number): RetrainedModel => ({
      name, kind, seed, testLogLoss, archHash: name, arch: { space: 's', blocks: [] } as never, validationLogLoss: testLogLoss, testAuc: 0.7, flopsPerExample: 1, params: 1, steps: 1, seconds: 1,
    });
    // searched: 0.40, 0.41, 0.42 -> mean 0.41, std 0.01, se 0.00577; baseline: 0.43, 0.44, 0.45 -> mean 0.44, se 0.00577.
    const models = summariseRetrainedModels([0.4, 0.41, 0.42].map((v, i) => line('s', 'searched', i, v)).concat([0.43, 0.44, 0.45].map((v, i) => line('b', 'baseline', i, v))), 0);
    const [searched, baseline] = models;
    expect(searched?.testLogLoss).toBeCloseTo(0.41, 12);
    expect(searched?.testLogLossStd).toBeCloseTo(0.01, 12);
    expect(searched?.testLogLossStderr).toBeCloseTo(0.01 / Math.sqrt(3), 12);
    // Difference 0.03 against 2 x sqrt(2) x 0.00577 = 0.0163: beyond noise.
    expect(beatsBaselinesBeyondNoise(searched, [baseline!])).toBe(true);
    // A baseline at 0.42, 0.43, 0.44 (mean 0.43): 0.02 is still beyond 0.0163; at 0.415, 0.425, 0.435 (0.425): 0.015 is not.
    const near = (values: number[]) => summariseRetrainedModels(values.map((v, i) => line('n', 'baseline', i, v)), 0)[0]!;
    expect(beatsBaselinesBeyondNoise(searched, [near([0.42, 0.43, 0.44])])).toBe(true);
    expect(beatsBaselinesBeyondNoise(searched, [baseline!, near([0.415, 0.425, 0.435])])).toBe(false);
    // One seed: no spread, no verdict.
    expect(beatsBaselinesBeyondNoise(summariseRetrainedModels([line('s', 'searched', 0, 0.4)], 0)[0], [baseline!])).toBeUndefined();
  });
});
