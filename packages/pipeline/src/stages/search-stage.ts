import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, decodeWith, writeFileAtomic, type ArchEncoding, type SearchSpace } from '@recnas/core';
import {
  RandomSearchOptionsCodec,
  RegularizedEvolutionOptionsCodec,
  createRandomSearch,
  createRegularizedEvolution,
  evolutionPreset,
  type RegularizedEvolutionOptions,
  type SearchStrategy,
} from '@recnas/search-strategies';
import type { ResolvedRunConfig } from '../run-config.js';
import { scalarObjectivesOf } from '../co-design-config.js';
import { inProcessScorer, inProcessTaskScorer, workerScorer, type ParallelScorer } from './candidate-scorers.js';
import { createQueueScorer } from '../queue/queue-scorer.js';
import type { ScoringContext, ScoringSpec } from './candidate-scoring.js';
import { rankByLoss, type SearchHistoryEntry } from './search-history.js';
import { runSearchLoop } from './search-loop.js';
import { jointEvolutionOptionsOf, runCoDesignLoop } from './co-design-search.js';
import { openCtrReader } from './ctr-data.js';
import type { TaskScorer } from './scoring-task.js';
import { builtinRegistry } from './train-supernet.js';
import { orThrow } from '../internal/or-throw.js';
import type { OperatorRegistry } from '@recnas/operators';

/** The journal of evaluated candidates and the file of the best ones, inside a run directory. */
export const SEARCH_HISTORY_FILE = 'search-history.jsonl';
export const BEST_ARCHITECTURES_FILE = 'best-architectures.json';

/** The configured strategy (its state type stays hidden: `run` hands it to a generic function) and its budget. */
export interface ConfiguredSearch {
  readonly budget: number;
  run<R>(use: <S>(strategy: SearchStrategy<S, SearchSpace, ArchEncoding>) => R): R;
}

/** The configured strategy and its candidate budget. */
export function createSearchStrategy(config: ResolvedRunConfig): E.Either<RecnasError, ConfiguredSearch> {
  const preset = evolutionPreset(config.search.preset);
  if (E.isLeft(preset)) return preset;
  const evolution = decodeWith(
    RegularizedEvolutionOptionsCodec,
    { ...RegularizedEvolutionOptionsCodec.encode(preset.right), ...config.search.evolution, objectives: scalarObjectivesOf(config.search.objectives, config.search.constraints) },
    'search.evolution',
  );
  if (E.isLeft(evolution)) return evolution;
  const evolutionBudget = evolution.right.population + evolution.right.generations * evolution.right.childrenPerGeneration;
  if (config.search.strategy === 'regularized-evolution') {
    const options = evolution.right;
    return E.right({ budget: evolutionBudget, run: (use) => use(createRegularizedEvolution(options)) });
  }
  const random = decodeWith(RandomSearchOptionsCodec, { budget: config.search.randomBudget ?? evolutionBudget }, 'search');
  if (E.isLeft(random)) return random;
  const options = random.right;
  return E.right({ budget: options.budget, run: (use) => use(createRandomSearch(options)) });
}

/** The scoring settings of a run, as the workers receive them. */
export function scoringSpec(runDir: string, config: ResolvedRunConfig): ScoringSpec {
  return {
    runDir,
    data: config.data,
    seed: config.seed,
    fineTuneSteps: config.search.fineTuneSteps,
    fineTuneLearningRate: config.search.fineTuneLearningRate,
    fineTuneBatchSize: config.search.fineTuneBatchSize,
  };
}

export interface SearchStageOutput {
  /** One entry per architecture (for a co-design search, the pair of each architecture with the lowest loss). */
  readonly entries: ReadonlyArray<SearchHistoryEntry>;
  /** Co-design only: every (architecture, hardware) pair, in proposal order, then the hardware refinement's pairs. */
  readonly jointEntries?: ReadonlyArray<SearchHistoryEntry>;
  readonly reused: number;
  readonly budget: number;
  readonly workers: number;
}

export interface SearchStageOptions {
  readonly builtinOperatorsOnly: boolean;
  /** The run's `@recnas/*` package versions (run.json): with `search.queue`, workers must run the same. */
  readonly versions?: Readonly<Record<string, string>>;
  readonly onNotice?: (message: string) => void;
  readonly onProgress?: (evaluated: number, budget: number | undefined, bestLoss: number) => void;
}

/** Scoring through `search.queue` when it is set (built-in operators only: workers build from those). */
async function queueScorerOf(runDir: string, config: ResolvedRunConfig, options: SearchStageOptions): Promise<ParallelScorer | undefined> {
  const url = config.search.queue;
  if (url === undefined) return undefined;
  if (!options.builtinOperatorsOnly) {
    throw new RecnasError('CONFIG_INVALID', 'search.queue: queue workers build candidates from the built-in operators only; this run has its own operator registry', { path: 'search.queue' });
  }
  return createQueueScorer(scoringSpec(runDir, config), { url, versions: options.versions ?? {}, ...(options.onNotice === undefined ? {} : { onNotice: options.onNotice }) });
}

/**
 * The search stage: the configured strategy proposes, candidates are fine-tuned and scored (on `recnas
 * worker` processes through `search.queue`, in `search.workers` worker threads, or in this thread with
 * `context` when workers is 0 or the operators are not the built-ins), every result goes to
 * `search-history.jsonl`, and the 10 best to `best-architectures.json`. Resumes from the history (see
 * `runSearchLoop`).
 */
export async function runSearchStage(
  runDir: string,
  config: ResolvedRunConfig,
  space: SearchSpace,
  loadContext: () => Promise<ScoringContext>,
  options: SearchStageOptions,
): Promise<E.Either<RecnasError, SearchStageOutput>> {
  const created = createSearchStrategy(config);
  if (E.isLeft(created)) return created;
  const workers = options.builtinOperatorsOnly && config.search.queue === undefined ? config.search.workers : 0;
  let parallel: ParallelScorer | undefined;
  try {
    parallel = (await queueScorerOf(runDir, config, options)) ?? (workers > 0 ? workerScorer(scoringSpec(runDir, config), workers) : undefined);
    const context = parallel === undefined ? await loadContext() : undefined;
    if (config.hardware !== undefined) {
      const registry = context?.costConfig.registry ?? orThrow(builtinRegistry());
      const scoreTasks = parallel?.scoreTasks ?? inProcessTaskScorer(context as ScoringContext);
      return await runCoDesignStage(runDir, config, { space, registry }, scoreTasks, workers, options.onProgress);
    }
    const score = parallel?.score ?? inProcessScorer(context as ScoringContext);
    const result = await created.right.run((strategy) => runSearchLoop({
      strategy,
      space,
      seed: config.seed,
      historyPath: join(runDir, SEARCH_HISTORY_FILE),
      score,
      budget: created.right.budget,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    }));
    if (E.isLeft(result)) return result;
    const best = rankByLoss(result.right.entries).slice(0, 10);
    writeFileAtomic(join(runDir, BEST_ARCHITECTURES_FILE), `${JSON.stringify(best, null, 2)}\n`);
    return E.right({ entries: result.right.entries, reused: result.right.reused, budget: created.right.budget, workers });
  } catch (error) {
    if (error instanceof RecnasError) return E.left(error);
    return E.left(new RecnasError('INVARIANT', `search failed: ${(error as Error).message}`, {}, { cause: error }));
  } finally {
    await parallel?.close();
  }
}

/** The evolution options of `search.preset` with `search.evolution`'s overrides. */
function evolutionOptionsOf(config: ResolvedRunConfig): E.Either<RecnasError, RegularizedEvolutionOptions> {
  return E.flatMap(evolutionPreset(config.search.preset), (preset) =>
    decodeWith(RegularizedEvolutionOptionsCodec, { ...RegularizedEvolutionOptionsCodec.encode(preset), ...config.search.evolution }, 'search.evolution'),
  );
}

/** The search stage of a run with a `hardware` section: the joint architecture + hardware search (`runCoDesignLoop`). */
async function runCoDesignStage(
  runDir: string,
  config: ResolvedRunConfig,
  model: { readonly space: SearchSpace; readonly registry: OperatorRegistry },
  score: TaskScorer,
  workers: number,
  onProgress: ((evaluated: number, budget: number | undefined, bestLoss: number) => void) | undefined,
): Promise<E.Either<RecnasError, SearchStageOutput>> {
  const hardware = config.hardware;
  if (hardware === undefined) return E.left(new RecnasError('INVARIANT', 'runCoDesignStage: the config has no hardware section'));
  const options = E.flatMap(evolutionOptionsOf(config), (evolution) => jointEvolutionOptionsOf(config, evolution));
  if (E.isLeft(options)) return options;
  const reader = openCtrReader({ ...config.data, splitSeed: config.data.splitSeed ?? config.seed });
  if (E.isLeft(reader)) return reader;
  const modelConfig = { ...model, denseFeatures: reader.right.denseFields.length, sparseFields: reader.right.vocabSizes };
  const result = await runCoDesignLoop({
    config,
    hardware,
    options: options.right,
    space: model.space,
    modelConfig,
    historyPath: join(runDir, SEARCH_HISTORY_FILE),
    score,
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  if (E.isLeft(result)) return result;
  // One entry per architecture: its pair with the lowest loss (a pair's loss depends on its weight
  // precision), the first such pair on ties, in the order architectures were first proposed.
  const bestOfEach = new Map<string, SearchHistoryEntry>();
  const lossOf = (entry: SearchHistoryEntry): number => entry.objectives['loss'] ?? Number.POSITIVE_INFINITY;
  // Refinement pairs come after the evolution's, like in the history, and count as evaluated pairs.
  const jointEntries = [...result.right.entries, ...result.right.refined];
  for (const entry of jointEntries) {
    const known = bestOfEach.get(entry.archHash);
    if (known === undefined || lossOf(entry) < lossOf(known)) bestOfEach.set(entry.archHash, entry);
  }
  const entries = [...bestOfEach.values()];
  writeFileAtomic(join(runDir, BEST_ARCHITECTURES_FILE), `${JSON.stringify(rankByLoss(entries).slice(0, 10), null, 2)}\n`);
  return E.right({ entries, jointEntries, reused: result.right.reused, budget: result.right.budget, workers });
}
