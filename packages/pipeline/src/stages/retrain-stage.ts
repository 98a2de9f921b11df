import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, archHash, type ArchEncoding } from '@recnas/core';
import type { StoredBatches } from '@recnas/data-loaders';
import { baselineArchitecture, baselineSpace, countArchCost, evaluateCtrModel, retrainFromScratch, type CtrModelConfig } from '@recnas/supernet';
import { appendJournalLine, readJournal } from '../journal.js';
import type { ResolvedRunConfig } from '../run-config.js';
import { rankByLoss, type SearchHistoryEntry } from './search-history.js';
import { LEARNING_RATE_TRIALS_FILE, LearningRateTrialCodec, chooseLearningRate, type LearningRateTrial } from './learning-rate-trials.js';
import { RETRAIN_JOURNAL_FILE, RetrainedModelCodec, type RetrainedModel } from './retrained-model.js';

export { RETRAIN_JOURNAL_FILE, RetrainedModelCodec, type RetrainedModel } from './retrained-model.js';

/** A model to retrain: a searched architecture (with its search loss) or a baseline. */
export interface RetrainCandidate {
  readonly name: string;
  readonly kind: 'searched' | 'baseline';
  readonly arch: ArchEncoding;
  readonly searchLoss?: number;
  /** The space the model is built in when it is not the run's (a baseline with its own operators: DCN-v2). */
  readonly space?: CtrModelConfig['space'];
}

/** The `topK` best distinct searched architectures by search loss, then the configured baselines. */
export function retrainCandidates(entries: ReadonlyArray<SearchHistoryEntry>, config: ResolvedRunConfig, space: CtrModelConfig['space']): E.Either<RecnasError, RetrainCandidate[]> {
  const searched: RetrainCandidate[] = rankByLoss(entries).slice(0, config.retrain.topK).map((entry, rank) => ({
    name: `searched-${rank + 1}`,
    kind: 'searched',
    arch: entry.arch,
    searchLoss: entry.objectives['loss'] as number,
  }));
  const baselines: RetrainCandidate[] = [];
  for (const id of config.retrain.baselines) {
    const own = baselineSpace(id, space);
    if (E.isLeft(own)) return own;
    const arch = baselineArchitecture(id, own.right);
    if (E.isLeft(arch)) return arch;
    baselines.push({ name: id, kind: 'baseline', arch: arch.right, ...(own.right === space ? {} : { space: own.right }) });
  }
  return E.right([...searched, ...baselines]);
}

/** Data and model settings shared by every retraining of a run. */
export interface RetrainInputs {
  readonly modelConfig: CtrModelConfig;
  /** The split parts, streamed from their batch files (`readSplits`). */
  readonly train: StoredBatches;
  readonly validation: StoredBatches;
  readonly test: StoredBatches;
}

/** The model seeds of a run: the run's seed, then the next `retrain.seeds - 1` integers. */
export function retrainSeeds(config: ResolvedRunConfig): number[] {
  return Array.from({ length: config.retrain.seeds }, (_, replicate) => config.seed + replicate);
}

/** A model's learning rate and, after a search, the chosen trial's model line (its first seed's). */
interface LearningRateChoice {
  readonly learningRate: number;
  readonly chosenTrial?: RetrainedModel;
}

/** What the retrain stage produced: one line per model and seed, and the learning-rate trials behind them. */
export interface RetrainStageResult {
  /** Lines of `retrain.jsonl`, candidate by candidate, seed by seed (each at its model's chosen learning rate). */
  readonly models: RetrainedModel[];
  /** Trials of `retrain.learningRates` (empty with a single learning rate), candidate by candidate, in grid order. */
  readonly trials: LearningRateTrial[];
}

/**
 * Retrains each candidate from scratch with the same recipe and budget once per model seed (`retrainSeeds`: the
 * same seeds for every candidate, searched or baseline; the data and its order are the run's) and evaluates it
 * on the validation and test splits.
 *
 * Learning rate: with one `retrain.learningRates` entry every model uses it. With several, every model gets the
 * same search: one training per rate with the first seed, the rate with the lowest validation LogLoss is the
 * model's (`chooseLearningRate`; a diverged trial is never chosen), and that trial is its first-seed line; the
 * other seeds train at the chosen rate. Trials go to `learning-rate-trials.jsonl`, models to `retrain.jsonl`,
 * each line at once; a resumed run skips what either journal already has (a `retrain.jsonl` line at a grid rate
 * and the first seed is taken as that trial). Fails with TRAINING_DIVERGED when
 * every rate of a model diverges, naming the model and the grid.
 */
export async function runRetrainStage(
  runDir: string,
  config: ResolvedRunConfig,
  candidates: ReadonlyArray<RetrainCandidate>,
  inputs: RetrainInputs,
  onTrained?: (done: number, total: number, line: RetrainedModel | LearningRateTrial) => void,
): Promise<E.Either<RecnasError, RetrainStageResult>> {
  const journal = join(runDir, RETRAIN_JOURNAL_FILE);
  const trialJournal = join(runDir, LEARNING_RATE_TRIALS_FILE);
  const existing = readJournal(journal, RetrainedModelCodec);
  if (E.isLeft(existing)) return existing;
  const existingTrials = readJournal(trialJournal, LearningRateTrialCodec);
  if (E.isLeft(existingTrials)) return existingTrials;
  const grid = config.retrain.learningRates;
  const key = (name: string, hash: string, seed: number, learningRate: number): string => JSON.stringify([name, hash, seed, learningRate]);
  const done = new Map(existing.right.entries.map((model) => [key(model.name, model.archHash, model.seed ?? config.seed, model.learningRate ?? config.retrain.learningRate), model]));
  const doneTrials = new Map(existingTrials.right.entries.map((trial) => [key(trial.name, trial.archHash, trial.seed, trial.learningRate), trial]));
  const seeds = retrainSeeds(config);
  const [firstSeed] = seeds as [number, ...number[]];
  const total = candidates.length * (seeds.length + (grid.length > 1 ? grid.length - 1 : 0));
  let finished = 0;
  const models: RetrainedModel[] = [];
  const trials: LearningRateTrial[] = [];
  const modelConfigOf = (candidate: RetrainCandidate, seed: number): CtrModelConfig => ({ ...inputs.modelConfig, space: candidate.space ?? inputs.modelConfig.space, seed });

  /**
   * The learning-rate search of one candidate (grids of two or more rates): its trials, journaled or reused,
   * then the chosen rate and that trial's model line (absent only if none was trained, which cannot be chosen).
   */
  const searchLearningRate = (candidate: RetrainCandidate, hash: string): E.Either<RecnasError, LearningRateChoice> => {
    const candidateTrials: LearningRateTrial[] = [];
    for (const rate of grid) {
      const trialKey = key(candidate.name, hash, firstSeed, rate);
      let trial = doneTrials.get(trialKey);
      if (trial === undefined) {
        // A model already retrained at this rate and seed (a run extended with a grid) is that trial.
        const trained = done.get(trialKey);
        const retrained = trained === undefined ? retrainOne(candidate, modelConfigOf(candidate, firstSeed), inputs, config, rate) : E.right(trained);
        if (E.isLeft(retrained) && retrained.left.code !== 'TRAINING_DIVERGED') return retrained;
        const model = E.isRight(retrained) ? { ...retrained.right, seed: firstSeed, learningRate: rate } : undefined;
        trial = { name: candidate.name, archHash: hash, seed: firstSeed, learningRate: rate, validationLogLoss: model?.validationLogLoss ?? null, ...(model === undefined ? {} : { model }) };
        const appended = appendJournalLine(trialJournal, trial);
        if (E.isLeft(appended)) return appended;
      }
      candidateTrials.push(trial);
      trials.push(trial);
      onTrained?.(++finished, total, trial);
    }
    const chosen = chooseLearningRate(candidateTrials);
    if (chosen === undefined) {
      return E.left(new RecnasError('TRAINING_DIVERGED', `retraining ${candidate.name}: training diverged at every learning rate of retrain.learningRates [${grid.join(', ')}]`, { model: candidate.name }));
    }
    const chosenTrial = candidateTrials.find((trial) => trial.learningRate === chosen)?.model;
    return E.right({ learningRate: chosen, ...(chosenTrial === undefined ? {} : { chosenTrial }) });
  };

  for (const candidate of candidates) {
    const hash = archHash(candidate.arch);
    const searched: E.Either<RecnasError, LearningRateChoice> = grid.length > 1 ? searchLearningRate(candidate, hash) : E.right({ learningRate: grid[0] as number });
    if (E.isLeft(searched)) return searched;
    const { learningRate, chosenTrial } = searched.right;
    for (const seed of seeds) {
      // The chosen trial is the first seed's model line: it is not trained again, and was counted as a trial.
      const fromTrial = seed === firstSeed ? chosenTrial : undefined;
      let model = done.get(key(candidate.name, hash, seed, learningRate));
      if (model === undefined) {
        const retrained = fromTrial === undefined ? retrainOne(candidate, modelConfigOf(candidate, seed), inputs, config, learningRate) : E.right(fromTrial);
        if (E.isLeft(retrained)) return retrained;
        const line: RetrainedModel = { ...retrained.right, seed, learningRate };
        const appended = appendJournalLine(journal, line);
        if (E.isLeft(appended)) return appended;
        model = line;
      }
      models.push(model);
      if (fromTrial === undefined) onTrained?.(++finished, total, model);
    }
  }
  return E.right({ models, trials });
}

/**
 * Retrains one candidate with `modelConfig` (its seed) at peak `learningRate` and evaluates it on the validation
 * and test splits. TRAINING_DIVERGED when the test LogLoss is not finite.
 */
function retrainOne(candidate: RetrainCandidate, modelConfig: CtrModelConfig, inputs: RetrainInputs, config: ResolvedRunConfig, learningRate: number): E.Either<RecnasError, Omit<RetrainedModel, 'seed' | 'learningRate'>> {
  const started = performance.now();
  const trained = retrainFromScratch(candidate.arch, modelConfig, inputs.train, {
    epochs: config.retrain.epochs,
    peakLearningRate: learningRate,
  });
  if (E.isLeft(trained)) return E.left(new RecnasError(trained.left.code, `retraining ${candidate.name}: ${trained.left.message}`, trained.left.details));
  const subnet = trained.right;
  try {
    const test = evaluateCtrModel(subnet, inputs.test);
    const validation = evaluateCtrModel(subnet, inputs.validation);
    const cost = countArchCost(candidate.arch, modelConfig);
    if (E.isLeft(cost)) return cost;
    if (!Number.isFinite(test.logLoss)) {
      return E.left(new RecnasError('TRAINING_DIVERGED', `retraining ${candidate.name} (seed ${modelConfig.seed}, learning rate ${learningRate}): test LogLoss is ${test.logLoss}`, { model: candidate.name }));
    }
    return E.right({
      name: candidate.name,
      kind: candidate.kind,
      archHash: archHash(candidate.arch),
      arch: candidate.arch,
      validationLogLoss: Number.isFinite(validation.logLoss) ? validation.logLoss : null,
      testLogLoss: test.logLoss,
      testAuc: Number.isFinite(test.auc) ? test.auc : null,
      flopsPerExample: cost.right.flopsPerExample,
      params: cost.right.params,
      steps: subnet.step,
      seconds: (performance.now() - started) / 1000,
    });
  } finally {
    subnet.dispose();
  }
}
