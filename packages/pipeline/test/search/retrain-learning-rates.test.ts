import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@recnas/engine';
import {
  DEFAULT_RUN_CONFIG,
  LEARNING_RATE_TRIALS_FILE,
  RETRAIN_JOURNAL_FILE,
  RUN_MANIFEST_FILE,
  chooseLearningRate,
  decodeRunConfig,
  reportInputOf,
  resolveRunConfig,
  type LearningRateTrial,
  type RetrainedModel,
  type RunSummary,
} from '../../src/index.js';
import { readJsonLines, runConfig, succeedConfig, writeCriteoHead } from './tiny-run.js';

// The retrain learning-rate search (issue 15 part 4, "the same optimizer search budget"): every model, searched
// or baseline, trains once per rate of the grid with the first seed; the rate with the lowest validation LogLoss
// is its rate for every seed; a diverged rate is never chosen; a resumed run trains nothing again.

let root = '';
let data = '';

function config(learningRates: number[], seeds: number): Record<string, unknown> {
  return {
    data: { path: data, format: 'criteo', vocabCap: 2000 },
    seed: 11,
    supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 8, batchSize: 64 },
    search: { evolution: { population: 2, generations: 1, childrenPerGeneration: 1, tournamentSize: 1, initialMutations: 1, finalMutations: 1 }, fineTuneSteps: 2, workers: 0 },
    retrain: { topK: 1, epochs: 1, batchSize: 64, baselines: ['dlrm'], seeds, learningRates },
  };
}

const run = (dir: string, learningRates: number[], seeds: number, resume = false): Promise<E.Either<Error, RunSummary>> => runConfig(config(learningRates, seeds), dir, { resume });
const succeed = (dir: string, learningRates: number[], seeds: number, resume = false): Promise<RunSummary> => succeedConfig(config(learningRates, seeds), dir, { resume });

beforeAll(async () => {
  await createEngine({ logger: () => undefined }).initBackend();
  root = mkdtempSync(join(tmpdir(), 'recnas-retrain-rates-'));
  data = writeCriteoHead(root, 1200);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('retrain.learningRates', () => {
  it('gives every model the same grid, keeps the rate with the lowest validation LogLoss for every seed, never a diverged one; resuming trains nothing', async () => {
    const dir = join(root, 'grid');
    // Adagrad's first step moves every weight by about the rate: at 1e30 the activations overflow float32, the
    // LogLoss is not finite, the trial counts as diverged and the run goes on.
    const grid = [0.004, 0.04, 1e30];
    const summary = await succeed(dir, grid, 2);
    const trials = readJsonLines<LearningRateTrial>(join(dir, LEARNING_RATE_TRIALS_FILE));
    expect(trials.map((trial) => [trial.name, trial.learningRate, trial.seed])).toEqual([
      ['searched-1', 0.004, 11], ['searched-1', 0.04, 11], ['searched-1', 1e30, 11],
      ['dlrm', 0.004, 11], ['dlrm', 0.04, 11], ['dlrm', 1e30, 11],
    ]);
    expect(trials.filter((trial) => trial.learningRate === 1e30).map((trial) => [trial.validationLogLoss, trial.model])).toEqual([[null, undefined], [null, undefined]]);
    const models = readJsonLines<RetrainedModel>(join(dir, RETRAIN_JOURNAL_FILE));
    for (const name of ['searched-1', 'dlrm']) {
      const own = trials.filter((trial) => trial.name === name);
      // Chosen by hand: the finite validation LogLoss that is lowest.
      const [first, second] = own as [LearningRateTrial, LearningRateTrial];
      const expected = (first.validationLogLoss as number) <= (second.validationLogLoss as number) ? first : second;
      const model = summary.models.find((entry) => entry.name === name);
      expect(model?.learningRate).toBe(expected.learningRate);
      expect(model?.seeds).toEqual([11, 12]);
      const retrained = models.filter((line) => line.name === name);
      expect(retrained.map((line) => [line.seed, line.learningRate])).toEqual([[11, expected.learningRate], [12, expected.learningRate]]);
      // The chosen trial is the first seed's model, not trained a second time.
      expect(retrained[0]).toEqual(expected.model);
      expect(model?.testLogLoss).toBeCloseTo(((retrained[0]?.testLogLoss ?? 0) + (retrained[1]?.testLogLoss ?? 0)) / 2, 12);
    }
    expect(summary.learningRateTrials).toEqual(trials.map(({ name, learningRate, validationLogLoss }) => ({ name, learningRate, validationLogLoss })));
    expect(reportInputOf(summary, {}).models.map((model) => model.learningRate)).toEqual(summary.models.map((model) => model.learningRate));
    expect(readFileSync(join(dir, 'report.html'), 'utf8').includes('learning rate (chosen on validation)</th>')).toBe(true);

    const resumed = await succeed(dir, grid, 2, true);
    expect(readJsonLines(join(dir, LEARNING_RATE_TRIALS_FILE))).toHaveLength(6);
    expect(readJsonLines(join(dir, RETRAIN_JOURNAL_FILE))).toHaveLength(4);
    expect(resumed.models).toEqual(summary.models);
  }, 300_000);

  it('a single rate trains like retrain.learningRate and records no trials', async () => {
    const dir = join(root, 'single');
    const summary = await succeed(dir, [0.04], 1);
    expect(summary.learningRateTrials).toBeUndefined();
    expect(summary.models.map((model) => model.learningRate)).toEqual([0.04, 0.04]);
    expect(() => readFileSync(join(dir, LEARNING_RATE_TRIALS_FILE))).toThrow();
    expect(reportInputOf(summary, {}).models.every((model) => model.learningRate === undefined)).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8').includes('learning rate (chosen on validation)')).toBe(false);

    // The finished run extended with a grid that holds its rate: the models it trained are those trials.
    const extended = join(root, 'extended');
    cpSync(dir, extended, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(extended, RUN_MANIFEST_FILE), 'utf8')) as { config: { retrain: Record<string, unknown> } };
    manifest.config.retrain['learningRates'] = [0.004, 0.04];
    writeFileSync(join(extended, RUN_MANIFEST_FILE), JSON.stringify(manifest));
    await succeed(extended, [0.004, 0.04], 1, true);
    const trained = readJsonLines<RetrainedModel>(join(dir, RETRAIN_JOURNAL_FILE));
    const trials = readJsonLines<LearningRateTrial>(join(extended, LEARNING_RATE_TRIALS_FILE));
    expect(trials.filter((trial) => trial.learningRate === 0.04).map((trial) => trial.model)).toEqual(trained);
    expect(trials.filter((trial) => trial.learningRate === 0.004).every((trial) => trained.every((line) => line.seconds !== trial.model?.seconds))).toBe(true);
  }, 300_000);

  it('fails naming the model and the grid when every rate diverges', async () => {
    const failed = await run(join(root, 'diverged'), [1e30, 1e35], 1);
    expect(E.isLeft(failed) && failed.left).toMatchObject({ code: 'TRAINING_DIVERGED' });
    expect(E.isLeft(failed) && failed.left.message).toContain('searched-1: training diverged at every learning rate of retrain.learningRates [1e+30, 1e+35]');
  }, 300_000);

  it('rejects an empty grid, a non-positive rate and a repeated rate, with the JSON path', () => {
    for (const learningRates of [[], [0.01, 0], [0.01, 0.01], [-1]]) {
      const decoded = decodeRunConfig({ retrain: { learningRates } });
      expect(E.isLeft(decoded) && decoded.left.message).toContain('retrain.learningRates');
    }
    const resolved = decodeRunConfig({ retrain: { learningRate: 0.05 } });
    expect(E.isRight(resolved) && resolved.right.retrain.learningRates).toEqual([0.05]);
    // Neither key: the defaults' grid (the default rate alone, so a run trains as before the key existed).
    expect(resolveRunConfig({}).retrain.learningRates).toEqual([DEFAULT_RUN_CONFIG.retrain.learningRate]);
    const custom = resolveRunConfig({}, { ...DEFAULT_RUN_CONFIG, retrain: { ...DEFAULT_RUN_CONFIG.retrain, learningRates: [0.01, 0.1] } });
    expect(custom.retrain.learningRates).toEqual([0.01, 0.1]);
  });

  it('chooses the lowest finite validation LogLoss, the first on a tie, nothing when all diverged', () => {
    expect(chooseLearningRate([{ learningRate: 1, validationLogLoss: 0.5 }, { learningRate: 2, validationLogLoss: 0.4 }, { learningRate: 3, validationLogLoss: null }])).toBe(2);
    expect(chooseLearningRate([{ learningRate: 1, validationLogLoss: 0.4 }, { learningRate: 2, validationLogLoss: 0.4 }])).toBe(1);
    expect(chooseLearningRate([{ learningRate: 1, validationLogLoss: null }, { learningRate: 2, validationLogLoss: Number.NaN }])).toBeUndefined();
  });
});
