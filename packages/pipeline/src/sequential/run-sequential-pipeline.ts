import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, largestSequentialArchitecture, writeFileAtomic } from '@recnas/core';
import { createRunDirectory } from '../run-directory.js';
import type { PipelineEvent, RunPipelineOptions } from '../run-pipeline.js';
import { SUMMARY_FILE } from '../run-summary.js';
import { writeReport } from '../report/render-report.js';
import type { ReportInput } from '../report/report-input.js';
import type { ReportSequentialModel } from '../report/sequential-report-input.js';
import { hostCostModel } from './host-cost-model.js';
import { loadSequentialData } from './sequential-data.js';
import { SEQUENTIAL_CHECKPOINT_DIR, runSequentialModelStage, type SequentialModelResult } from './sequential-model-stage.js';
import { decodeSequentialRunConfig, type ResolvedSequentialRunConfig } from './sequential-run-config.js';
import { storedConfigResolver } from '../internal/stored-config.js';
import { buildSequentialRunSummary, type SequentialRunSummary } from './sequential-run-summary.js';
import { runSequentialSearchStage } from './sequential-search-stage.js';

/** The report file inside a run directory (the same name as the CTR run's). */
const REPORT_FILE = 'report.html';

/** Options of `runSequentialPipeline`: those of `runPipeline` but the operator registry. */
export type RunSequentialPipelineOptions = Omit<RunPipelineOptions, 'registry'>;

/** Settings that do not change a sequential run's results: a resumed run may change them. */
const RESULT_NEUTRAL_SETTINGS = ['search.checkpointEverySteps'];

/** The name of the unpruned baseline's row. */
export const SASREC_BASELINE_NAME = 'sasrec';

const orThrow = <A>(value: E.Either<RecnasError, A>): A => {
  if (E.isLeft(value)) throw value.left;
  return value.right;
};

function reportModel(model: SequentialModelResult): ReportSequentialModel {
  return {
    name: model.name,
    kind: model.kind,
    protocol: model.test.protocol,
    hitRate: model.test.hitRate,
    ndcg: model.test.ndcg,
    mrr: model.test.mrr,
    flopsPerSequence: model.flopsPerSequence,
    architecture: model.architecture,
    latencySeconds: model.latencySeconds,
    energyJoules: model.energyJoules,
    params: model.params,
  };
}

/** The report input of a sequential run's summary: run metadata and the sequential section only. */
export function sequentialReportInputOf(summary: SequentialRunSummary, configSummary: Record<string, string | number | boolean> = {}): ReportInput {
  return {
    title: `recnas sequential report: ${basename(summary.runDir)}`,
    run: {
      runId: basename(summary.runDir),
      seed: summary.seed,
      backend: summary.backend,
      createdAt: summary.createdAt,
      recnasVersion: summary.recnasVersion,
      packageVersions: { ...summary.packageVersions },
      dataset: { name: summary.data.path, rows: summary.data.interactions },
      configSummary,
      stageTimings: summary.stageSeconds.map((timing) => ({ ...timing })),
    },
    history: [],
    models: [],
    sequential: {
      dataset: `${summary.data.path}: ${summary.data.users} users, ${summary.data.items} items, ${summary.data.interactions} interactions, L ${summary.data.maxLength}`,
      space: summary.space,
      models: [summary.baseline, ...summary.variants.map((variant) => variant.model)].map(reportModel),
      searches: summary.variants.map(({ search }) => ({
        variant: search.variant,
        cost: search.cost,
        startCost: search.startCost,
        targetCost: search.targetCost,
        curve: search.curve.map((point) => ({ step: point.step, budget: point.budget, expectedCost: point.expectedCost, probabilities: point.probabilities, taskLoss: point.taskLoss })),
      })),
    },
  };
}

/** The config values the report shows at a glance. */
export function sequentialConfigSummary(config: ResolvedSequentialRunConfig): Record<string, string | number | boolean> {
  return {
    task: config.task,
    'data.path': config.data.path,
    'data.format': config.data.format,
    'data.maxLength': config.data.maxLength,
    'training.epochs': config.training.epochs,
    'training.patience': config.training.patience,
    'search.epochs': config.search.epochs,
    'search.cost': config.search.cost,
    'search.targetFraction': config.search.targetFraction,
    'search.variants': config.search.variants.join(', '),
    'evaluation.protocol': config.evaluation.protocol,
  };
}

async function runStages(config: ResolvedSequentialRunConfig, options: RunSequentialPipelineOptions): Promise<SequentialRunSummary> {
  const emit = options.onEvent ?? ((): void => undefined);
  const run = orThrow(
    createRunDirectory(options.out, { ...options.manifest, seed: config.seed, config: JSON.parse(JSON.stringify(config)) as unknown }, {
      resume: options.resume === true,
      ignoreOnResume: RESULT_NEUTRAL_SETTINGS,
      resolveStoredConfig: storedConfigResolver(decodeSequentialRunConfig),
    }),
  );
  const timings: Array<{ stage: string; seconds: number }> = [];
  const timed = async <A>(stage: string, work: (progress: (done: number, total: number, detail: string) => void) => Promise<A>): Promise<A> => {
    emit({ kind: 'stage-start', stage, resumed: run.resumed });
    const started = performance.now();
    const result = await work((done, total, detail) => emit({ kind: 'progress', stage, done, total, detail } satisfies PipelineEvent));
    const seconds = (performance.now() - started) / 1000;
    timings.push({ stage, seconds });
    emit({ kind: 'stage-done', stage, seconds });
    return result;
  };
  const { dataset, summary: data } = await timed('load data', async () => orThrow(await loadSequentialData(config.data)));
  const host = hostCostModel();
  const largest = largestSequentialArchitecture(config.model.space);
  const [baseline] = await timed('baseline', (progress) =>
    runSequentialModelStage(run.path, [{ name: SASREC_BASELINE_NAME, kind: 'baseline', architecture: largest }], dataset, config, host, progress),
  );
  const searches = await timed('DNS-Rec search', (progress) =>
    runSequentialSearchStage(run.path, dataset, config, host, (_variant, done, total, detail) => progress(done, total, detail)),
  );
  const models = await timed('retrain', (progress) =>
    runSequentialModelStage(run.path, searches.map((search) => ({ name: search.variant, kind: 'searched', architecture: search.architecture })), dataset, config, host, progress),
  );
  const summary = buildSequentialRunSummary({ run, config, data, baseline: baseline as SequentialModelResult, searches, models, timings });
  writeFileAtomic(join(run.path, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  orThrow(writeReport(join(run.path, REPORT_FILE), sequentialReportInputOf(summary, sequentialConfigSummary(config))));
  rmSync(join(run.path, SEQUENTIAL_CHECKPOINT_DIR), { recursive: true, force: true });
  return summary;
}

/**
 * The sequential flow (issue 12, SPEC section 7): load the interaction log -> train the unpruned SASRec
 * baseline -> DNS-Rec search per variant (bilevel steps, dynamic budget, hard selection) -> retrain each
 * selection from scratch with the baseline's recipe -> test metrics, FLOPs and host latency -> summary.json
 * and report.html. Every stage journals its finished work and checkpoints the unfinished one in the run
 * directory, so `resume` after `kill -9` reaches the same result as an uninterrupted run with the same seed.
 */
export async function runSequentialPipeline(config: ResolvedSequentialRunConfig, options: RunSequentialPipelineOptions): Promise<E.Either<RecnasError, SequentialRunSummary>> {
  try {
    return E.right(await runStages(config, options));
  } catch (error) {
    if (error instanceof RecnasError) return E.left(error);
    return E.left(new RecnasError('INVARIANT', `the sequential pipeline failed: ${(error as Error).message}`, {}, { cause: error }));
  }
}
