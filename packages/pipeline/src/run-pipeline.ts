import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, writeFileAtomic, type Seed } from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { createRunDirectory, type RunDirectory } from './run-directory.js';
import type { RunManifestJson } from './run-manifest.js';
import { decodeRunConfig, type ResolvedRunConfig } from './run-config.js';
import { storedConfigResolver } from './internal/stored-config.js';
import { loadScoringContext, type ScoringContext } from './stages/candidate-scoring.js';
import { openCtrReader } from './stages/ctr-data.js';
import { runRankCorrelationStage, type RankCorrelation } from './stages/rank-correlation-stage.js';
import { retrainCandidates, runRetrainStage, type RetrainInputs, type RetrainedModel } from './stages/retrain-stage.js';
import type { LearningRateTrial } from './stages/learning-rate-trials.js';
import { runSearchStage, scoringSpec } from './stages/search-stage.js';
import type { SearchHistoryEntry } from './stages/search-history.js';
import { readSplits } from './stages/split-batches.js';
import { SPLITS_FOLDER } from './stages/split-files.js';
import { runSupernetStage } from './stages/supernet-stage.js';
import { builtinRegistry } from './stages/train-supernet.js';
import { buildRunSummary, type RunSummary, SUMMARY_FILE } from './run-summary.js';
import { writeReport } from './report/render-report.js';
import { reportInputOf } from './report-of-summary.js';
import { orThrow } from './internal/or-throw.js';
import { withCoDesign } from './co-design-run.js';

/** The report file inside a run directory. */
export const REPORT_FILE = 'report.html';

/** What the pipeline reports while it runs (the CLI turns these into progress lines). */
export type PipelineEvent =
  | { readonly kind: 'stage-start'; readonly stage: string; readonly resumed: boolean }
  | { readonly kind: 'stage-done'; readonly stage: string; readonly seconds: number }
  | { readonly kind: 'progress'; readonly stage: string; readonly done: number; readonly total: number | undefined; readonly detail: string }
  /** Something the operator should know that is not progress (e.g. the candidate queue lost Redis). */
  | { readonly kind: 'notice'; readonly stage: string; readonly message: string };

export interface RunPipelineOptions {
  /** The run directory (created; with `resume`, an existing run there is continued). */
  readonly out: string;
  readonly resume?: boolean;
  /** run.json content other than the config and seed: versions and backend. */
  readonly manifest: Omit<RunManifestJson, 'config' | 'seed'>;
  /** Operators to build from (default: the built-ins). A custom registry scores candidates in this thread. */
  readonly registry?: OperatorRegistry;
  readonly onEvent?: (event: PipelineEvent) => void;
}

/** Settings that do not change a run's results: a resumed run may change them. */
const RESULT_NEUTRAL_SETTINGS = ['search.workers', 'search.queue', 'supernet.checkpointEverySteps'];

/** The config values the report shows at a glance. */
export function configSummary(config: ResolvedRunConfig): Record<string, string | number | boolean> {
  return {
    'data.path': config.data.path,
    'supernet.space': config.supernet.space,
    'supernet.blocks': config.supernet.blocks,
    'supernet.epochs': config.supernet.epochs,
    'supernet.peakLearningRate': config.supernet.peakLearningRate,
    'search.strategy': config.search.strategy,
    'search.preset': config.search.preset,
    'search.fineTuneSteps': config.search.fineTuneSteps,
    'retrain.topK': config.retrain.topK,
    'retrain.epochs': config.retrain.epochs,
    'retrain.learningRates': config.retrain.learningRates.join(', '),
    'retrain.seeds': config.retrain.seeds,
    ...(config.rankCorrelation.subnets > 0
      ? { 'rankCorrelation.subnets': config.rankCorrelation.subnets, 'rankCorrelation.scratchEpochs': config.rankCorrelation.scratchEpochs, 'rankCorrelation.scratchSeeds': config.rankCorrelation.scratchSeeds }
      : {}),
  };
}


/**
 * The whole NASRec flow (SPEC section 8): train the supernet -> search (fine-tune and score candidates) ->
 * retrain the top-k and the baselines from scratch -> evaluate on test -> optional rank-correlation study
 * -> summary.json (and report.html). Wiring only: each stage is a function of the packages below. Every
 * stage journals its finished work in the run directory, so `resume` after a crash (even `kill -9`)
 * repeats nothing that finished and reaches the same result as an uninterrupted run with the same seed.
 */
export async function runPipeline(config: ResolvedRunConfig, options: RunPipelineOptions): Promise<E.Either<RecnasError, RunSummary>> {
  try {
    return E.right(await runStages(config, options));
  } catch (error) {
    if (error instanceof RecnasError) return E.left(error);
    return E.left(new RecnasError('INVARIANT', `the pipeline failed: ${(error as Error).message}`, {}, { cause: error }));
  }
}

async function runStages(config: ResolvedRunConfig, options: RunPipelineOptions): Promise<RunSummary> {
  const emit = options.onEvent ?? (() => undefined);
  const run: RunDirectory = orThrow(
    createRunDirectory(options.out, { ...options.manifest, seed: config.seed, config: JSON.parse(JSON.stringify(config)) as unknown }, {
      resume: options.resume === true,
      ignoreOnResume: RESULT_NEUTRAL_SETTINGS,
      resolveStoredConfig: storedConfigResolver(decodeRunConfig),
    }),
  );
  const registry = options.registry ?? orThrow(builtinRegistry());
  const timings: Array<{ stage: string; seconds: number }> = [];
  const timed = async <A>(stage: string, work: () => Promise<A>): Promise<A> => {
    emit({ kind: 'stage-start', stage, resumed: run.resumed });
    const started = performance.now();
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    timings.push({ stage, seconds });
    emit({ kind: 'stage-done', stage, seconds });
    return result;
  };

  const supernetStage = await timed('train supernet', async () =>
    orThrow(
      await runSupernetStage(run.path, config, registry, (step, total, loss) =>
        emit({ kind: 'progress', stage: 'train supernet', done: step, total, detail: `loss ${loss.toFixed(4)}` }),
      ),
    ),
  );
  const { supernet } = supernetStage;
  try {
    let context: ScoringContext | undefined;
    const loadContext = async (): Promise<ScoringContext> => {
      context ??= await loadScoringContext(scoringSpec(run.path, config), registry, supernet);
      return context;
    };
    const search = await timed('search', async () =>
      orThrow(
        await runSearchStage(run.path, config, supernet.space, loadContext, {
          builtinOperatorsOnly: options.registry === undefined,
          versions: options.manifest.packageVersions,
          onNotice: (message) => emit({ kind: 'notice', stage: 'search', message }),
          onProgress: (evaluated, budget, best) => emit({ kind: 'progress', stage: 'search', done: evaluated, total: budget, detail: `best validation LogLoss ${best.toFixed(4)}` }),
        }),
      ),
    );
    const source = { ...config.data, splitSeed: config.data.splitSeed ?? (config.seed as Seed) };
    const reader = orThrow(openCtrReader(source));
    const splits = await readSplits(reader, source, ['train', 'validation', 'test'], config.retrain.batchSize, config.seed, 'retrain', join(run.path, SPLITS_FOLDER));
    const inputs: RetrainInputs = {
      modelConfig: { space: supernet.space, registry, denseFeatures: reader.denseFields.length, sparseFields: reader.vocabSizes, seed: config.seed },
      ...splits,
    };
    const candidates = orThrow(retrainCandidates(search.entries, config, supernet.space));
    const retrained = await timed('retrain and evaluate', async () =>
      orThrow(await runRetrainStage(run.path, config, candidates, inputs, (done, total, line) => emit({ kind: 'progress', stage: 'retrain and evaluate', done, total, detail: retrainProgressDetail(line, config) }))),
    );
    let rankCorrelation: RankCorrelation | undefined;
    if (config.rankCorrelation.subnets > 0) {
      const study = await timed('rank correlation', async () =>
        orThrow(
          await runRankCorrelationStage(run.path, config, supernet.space, await loadContext(), inputs, (done, total) =>
            emit({ kind: 'progress', stage: 'rank correlation', done, total, detail: '' }),
          ),
        ),
      );
      rankCorrelation = study.correlation;
    }
    const summary = withCoDesign(config, search, inputs.modelConfig, buildRunSummary({
      run,
      config,
      supernet: supernetStage.result,
      history: search.entries as SearchHistoryEntry[],
      searchReused: search.reused,
      workers: search.workers,
      models: retrained.models,
      learningRateTrials: retrained.trials,
      rankCorrelation,
      timings,
      dataRows: { train: inputs.train.rows, validation: inputs.validation.rows, test: inputs.test.rows },
    }));
    writeFileAtomic(join(run.path, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
    orThrow(writeReport(join(run.path, REPORT_FILE), reportInputOf(summary, configSummary(config))));
    return summary;
  } finally {
    supernet.dispose();
  }
}

/** A progress line's detail for a retrained model or a learning-rate trial. */
function retrainProgressDetail(line: RetrainedModel | LearningRateTrial, config: ResolvedRunConfig): string {
  if (!('testLogLoss' in line)) {
    const score = line.validationLogLoss === null ? 'diverged' : `validation LogLoss ${line.validationLogLoss.toFixed(4)}`;
    return `${line.name} at learning rate ${line.learningRate}: ${score}`;
  }
  return `${line.name}${config.retrain.seeds > 1 ? ` (seed ${line.seed ?? config.seed})` : ''}: test LogLoss ${line.testLogLoss.toFixed(4)}`;
}
