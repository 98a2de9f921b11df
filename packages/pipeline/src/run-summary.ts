import type { ArchEncoding } from '@recnas/core';
import type { RunDirectory } from './run-directory.js';
import type { ResolvedRunConfig } from './run-config.js';
import type { RankCorrelation } from './stages/rank-correlation-stage.js';
import type { RetrainedModel } from './stages/retrain-stage.js';
import type { LearningRateTrial } from './stages/learning-rate-trials.js';
import { rankByLoss, type SearchHistoryEntry } from './stages/search-history.js';
import type { TrainSupernetResult } from './stages/train-supernet.js';
import type { CoDesignSummary } from './co-design-summary.js';

export const SUMMARY_FILE = 'summary.json';

/** `summary.json`: what a run found, in one JSON object (also what `recnas run --json` prints). */
export interface RunSummary {
  readonly runDir: string;
  readonly seed: number;
  readonly backend: string;
  readonly createdAt: string;
  readonly recnasVersion: string;
  readonly packageVersions: Readonly<Record<string, string>>;
  readonly data: { readonly path: string; readonly format: string; readonly trainRows: number; readonly validationRows: number; readonly testRows: number };
  readonly supernet: {
    readonly steps: number;
    readonly parameterCount: number;
    readonly baseRateLogLoss: number;
    readonly firstLoss: number;
    readonly lastLoss: number;
    readonly trainSeconds: number;
  };
  readonly search: {
    readonly strategy: string;
    readonly evaluated: number;
    readonly reusedFromHistory: number;
    readonly workers: number;
    readonly best: { readonly archHash: string; readonly arch: ArchEncoding; readonly validationLogLoss: number; readonly inheritedLogLoss?: number; readonly flopsPerExample: number };
    readonly history: ReadonlyArray<{ readonly index: number; readonly archHash: string; readonly validationLogLoss: number | null; readonly inheritedLogLoss: number | null; readonly flopsPerExample: number }>;
  };
  /**
   * Retrained from scratch with one recipe and budget, scored on the test split: one entry per model, its
   * metrics the means over `retrain.seeds` model seeds (`seeds`), with their spread.
   */
  readonly models: ReadonlyArray<RetrainedModelSummary>;
  /** The searched model chosen by its validation LogLoss after retraining (the test split is not used to choose). */
  readonly bestModel: RetrainedModelSummary | undefined;
  /** Test LogLoss of the best searched model minus each baseline's, means over the seeds (negative: the searched model is better). */
  readonly versusBaselines: Readonly<Record<string, number>>;
  readonly beatsAllBaselines: boolean | undefined;
  /**
   * With 2 or more seeds: whether the best searched model's mean test LogLoss is below every baseline's by more
   * than twice the standard error of the difference, `sqrt(se_a^2 + se_b^2)` (undefined with one seed).
   */
  readonly beatsAllBaselinesBeyondNoise?: boolean | undefined;
  /**
   * With several `retrain.learningRates`: every model's trials (first seed, validation LogLoss; null: diverged),
   * in model then grid order. Each model's `learningRate` is the rate it chose.
   */
  readonly learningRateTrials?: ReadonlyArray<{ readonly name: string; readonly learningRate: number; readonly validationLogLoss: number | null }>;
  readonly rankCorrelation?: RankCorrelation;
  /** Co-design runs (a `hardware` section): the paper-style table and the Pareto points (`buildCoDesignSummary`). */
  readonly coDesign?: CoDesignSummary;
  readonly stageSeconds: ReadonlyArray<{ readonly stage: string; readonly seconds: number }>;
}

export interface RunSummaryParts {
  readonly run: RunDirectory;
  readonly config: ResolvedRunConfig;
  readonly supernet: TrainSupernetResult;
  readonly history: ReadonlyArray<SearchHistoryEntry>;
  readonly searchReused: number;
  readonly workers: number;
  readonly models: ReadonlyArray<RetrainedModel>;
  /** The retrain stage's learning-rate trials (empty with one learning rate). */
  readonly learningRateTrials?: ReadonlyArray<LearningRateTrial>;
  readonly rankCorrelation: RankCorrelation | undefined;
  readonly timings: ReadonlyArray<{ readonly stage: string; readonly seconds: number }>;
  readonly dataRows: { readonly train: number; readonly validation: number; readonly test: number };
}

const mean = (values: ReadonlyArray<number>): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** One retrained model over its seeds: the first seed's line with the metrics replaced by their means. */
export interface RetrainedModelSummary extends RetrainedModel {
  /** The model seeds it was retrained with (one line of `retrain.jsonl` each). */
  readonly seeds: ReadonlyArray<number>;
  /** Sample standard deviation of the test LogLoss over the seeds (null with one seed). */
  readonly testLogLossStd: number | null;
  /** Its standard error, std / sqrt(seeds) (null with one seed). */
  readonly testLogLossStderr: number | null;
  readonly testAucStd: number | null;
}

/** Sample standard deviation (n - 1), null for fewer than 2 values. */
function sampleStd(values: ReadonlyArray<number>): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  return Math.sqrt(values.reduce((total, value) => total + (value - m) ** 2, 0) / (values.length - 1));
}

/** Groups the lines of `retrain.jsonl` by model (in first-seen order) into means and spreads over their seeds. */
export function summariseRetrainedModels(lines: ReadonlyArray<RetrainedModel>, runSeed: number): RetrainedModelSummary[] {
  const byName = new Map<string, RetrainedModel[]>();
  for (const line of lines) byName.set(line.name, [...(byName.get(line.name) ?? []), line]);
  return [...byName.values()].map((replicates) => {
    const first = replicates[0] as RetrainedModel;
    const testLosses = replicates.map((line) => line.testLogLoss);
    const aucs = replicates.map((line) => line.testAuc).filter((value): value is number => value !== null);
    const validations = replicates.map((line) => line.validationLogLoss).filter((value): value is number => value !== null);
    const std = sampleStd(testLosses);
    return {
      ...first,
      validationLogLoss: validations.length === replicates.length ? mean(validations) : null,
      testLogLoss: mean(testLosses),
      testAuc: aucs.length === replicates.length ? mean(aucs) : null,
      seconds: replicates.reduce((total, line) => total + line.seconds, 0),
      seeds: replicates.map((line) => line.seed ?? runSeed),
      testLogLossStd: std,
      testLogLossStderr: std === null ? null : std / Math.sqrt(replicates.length),
      testAucStd: aucs.length === replicates.length ? sampleStd(aucs) : null,
    };
  });
}

/**
 * Whether `best`'s mean test LogLoss is below every baseline's by more than twice the standard error of the
 * difference, `2 sqrt(se_best^2 + se_baseline^2)` (undefined without a baseline or without spreads: one seed).
 */
export function beatsBaselinesBeyondNoise(best: RetrainedModelSummary | undefined, baselines: ReadonlyArray<RetrainedModelSummary>): boolean | undefined {
  const bestStderr = best?.testLogLossStderr ?? null;
  if (best === undefined || baselines.length === 0 || bestStderr === null) return undefined;
  return baselines.every((baseline) => {
    if (baseline.testLogLossStderr === null) return false;
    return baseline.testLogLoss - best.testLogLoss > 2 * Math.hypot(bestStderr, baseline.testLogLossStderr);
  });
}
const finiteOrNull = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

/** Assembles `summary.json` from the stage results. */
export function buildRunSummary(parts: RunSummaryParts): RunSummary {
  const { run, config, supernet, history } = parts;
  const models = summariseRetrainedModels(parts.models, config.seed);
  const losses = supernet.lossCurve;
  const tenth = Math.max(1, Math.ceil(losses.length / 10));
  const best = rankByLoss(history)[0];
  const searched = models.filter((model) => model.kind === 'searched');
  const bestModel = [...searched].sort((a, b) => (a.validationLogLoss ?? Infinity) - (b.validationLogLoss ?? Infinity))[0];
  const baselines = models.filter((model) => model.kind === 'baseline');
  const versusBaselines = Object.fromEntries(baselines.map((baseline) => [baseline.name, bestModel === undefined ? Number.NaN : bestModel.testLogLoss - baseline.testLogLoss]));
  return {
    runDir: run.path,
    seed: config.seed,
    backend: run.manifest.backend,
    createdAt: run.manifest.createdAt,
    recnasVersion: run.manifest.recnasVersion,
    packageVersions: run.manifest.packageVersions,
    data: { path: config.data.path, format: config.data.format, trainRows: parts.dataRows.train, validationRows: parts.dataRows.validation, testRows: parts.dataRows.test },
    supernet: {
      steps: supernet.steps,
      parameterCount: supernet.parameterCount,
      baseRateLogLoss: supernet.baseRateLogLoss,
      firstLoss: mean(losses.slice(0, tenth)),
      lastLoss: mean(losses.slice(-tenth)),
      trainSeconds: supernet.trainSeconds,
    },
    search: {
      strategy: config.search.strategy,
      evaluated: history.length,
      reusedFromHistory: parts.searchReused,
      workers: parts.workers,
      best:
        best === undefined
          ? { archHash: '', arch: { space: '', blocks: [] } as unknown as ArchEncoding, validationLogLoss: Number.NaN, flopsPerExample: Number.NaN }
          : {
              archHash: best.archHash,
              arch: best.arch,
              validationLogLoss: best.objectives['loss'] as number,
              ...(best.inheritedLogLoss === undefined ? {} : { inheritedLogLoss: best.inheritedLogLoss }),
              flopsPerExample: best.objectives['flops'] ?? Number.NaN,
            },
      history: history.map((entry) => ({
        index: entry.index,
        archHash: entry.archHash,
        validationLogLoss: finiteOrNull(entry.objectives['loss']),
        inheritedLogLoss: finiteOrNull(entry.inheritedLogLoss),
        flopsPerExample: entry.objectives['flops'] ?? 0,
      })),
    },
    models,
    bestModel,
    versusBaselines,
    beatsAllBaselines: bestModel === undefined || baselines.length === 0 ? undefined : Object.values(versusBaselines).every((delta) => delta < 0),
    beatsAllBaselinesBeyondNoise: beatsBaselinesBeyondNoise(bestModel, baselines),
    ...((parts.learningRateTrials ?? []).length === 0
      ? {}
      : { learningRateTrials: (parts.learningRateTrials ?? []).map(({ name, learningRate, validationLogLoss }) => ({ name, learningRate, validationLogLoss })) }),
    ...(parts.rankCorrelation === undefined ? {} : { rankCorrelation: parts.rankCorrelation }),
    stageSeconds: parts.timings,
  };
}
