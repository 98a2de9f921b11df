import type { ArchEncoding } from '@recnas/core';
import type { RunDirectory } from './run-directory.js';
import type { ResolvedRunConfig } from './run-config.js';
import type { RankCorrelation } from './stages/rank-correlation-stage.js';
import type { RetrainedModel } from './stages/retrain-stage.js';
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
  /** Retrained from scratch with one recipe and budget, scored on the test split. */
  readonly models: ReadonlyArray<RetrainedModel>;
  /** The searched model chosen by its validation LogLoss after retraining (the test split is not used to choose). */
  readonly bestModel: RetrainedModel | undefined;
  /** Test LogLoss of the best searched model minus each baseline's (negative: the searched model is better). */
  readonly versusBaselines: Readonly<Record<string, number>>;
  readonly beatsAllBaselines: boolean | undefined;
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
  readonly rankCorrelation: RankCorrelation | undefined;
  readonly timings: ReadonlyArray<{ readonly stage: string; readonly seconds: number }>;
  readonly dataRows: { readonly train: number; readonly validation: number; readonly test: number };
}

const mean = (values: ReadonlyArray<number>): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const finiteOrNull = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

/** Assembles `summary.json` from the stage results. */
export function buildRunSummary(parts: RunSummaryParts): RunSummary {
  const { run, config, supernet, history, models } = parts;
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
    ...(parts.rankCorrelation === undefined ? {} : { rankCorrelation: parts.rankCorrelation }),
    stageSeconds: parts.timings,
  };
}
