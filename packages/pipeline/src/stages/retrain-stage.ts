import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ArchEncodingCodec, RecnasError, archHash, strictPartial, type ArchEncoding } from '@recnas/core';
import type { StoredBatches } from '@recnas/data-loaders';
import { baselineArchitecture, baselineSpace, countArchCost, evaluateCtrModel, retrainFromScratch, type CtrModelConfig } from '@recnas/supernet';
import { appendJournalLine, readJournal } from '../journal.js';
import type { ResolvedRunConfig } from '../run-config.js';
import { rankByLoss, type SearchHistoryEntry } from './search-history.js';

/** The journal of finished retrainings inside a run directory. */
export const RETRAIN_JOURNAL_FILE = 'retrain.jsonl';

/**
 * One retrained model, searched or baseline, with its test metrics (a line of `retrain.jsonl`): one line per
 * model and seed. `seed` is the model's seed (weights and embeddings); lines of runs from before `retrain.seeds`
 * have none and used the run's seed.
 */
export const RetrainedModelCodec = strictPartial(
  {
    name: t.string,
    kind: t.keyof({ searched: null, baseline: null }),
    archHash: t.string,
    arch: ArchEncodingCodec,
    validationLogLoss: t.union([t.number, t.null]),
    testLogLoss: t.number,
    testAuc: t.union([t.number, t.null]),
    flopsPerExample: t.number,
    params: t.number,
    steps: t.number,
    seconds: t.number,
  },
  { seed: t.number },
  'RetrainedModel',
);
export type RetrainedModel = t.TypeOf<typeof RetrainedModelCodec>;

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

/**
 * Retrains each candidate from scratch with the same recipe and budget (`retrain.epochs` passes at
 * `retrain.learningRate`) once per model seed (`retrainSeeds`: the same seeds for every candidate, searched or
 * baseline; the data and its order are the run's) and evaluates it on the validation and test splits. Each
 * finished model is appended to `retrain.jsonl` at once; a resumed run skips the (model, seed) pairs already there.
 * Returns one line per candidate and seed, candidate by candidate.
 */
export async function runRetrainStage(
  runDir: string,
  config: ResolvedRunConfig,
  candidates: ReadonlyArray<RetrainCandidate>,
  inputs: RetrainInputs,
  onModel?: (done: number, total: number, model: RetrainedModel) => void,
): Promise<E.Either<RecnasError, RetrainedModel[]>> {
  const journal = join(runDir, RETRAIN_JOURNAL_FILE);
  const existing = readJournal(journal, RetrainedModelCodec);
  if (E.isLeft(existing)) return existing;
  const key = (name: string, seed: number): string => `${name}#${seed}`;
  const done = new Map(existing.right.entries.map((model) => [key(model.name, model.seed ?? config.seed), model]));
  const seeds = retrainSeeds(config);
  const total = candidates.length * seeds.length;
  const models: RetrainedModel[] = [];
  for (const candidate of candidates) {
    for (const seed of seeds) {
      const previous = done.get(key(candidate.name, seed));
      if (previous !== undefined && previous.archHash === archHash(candidate.arch)) {
        models.push(previous);
        onModel?.(models.length, total, previous);
        continue;
      }
      const retrained = retrainOne(candidate, { ...inputs.modelConfig, space: candidate.space ?? inputs.modelConfig.space, seed }, inputs, config);
      if (E.isLeft(retrained)) return retrained;
      const model: RetrainedModel = { ...retrained.right, seed };
      const appended = appendJournalLine(journal, model);
      if (E.isLeft(appended)) return appended;
      models.push(model);
      onModel?.(models.length, total, model);
    }
  }
  return E.right(models);
}

/** Retrains one candidate with `modelConfig` (its seed) and evaluates it on the validation and test splits. */
function retrainOne(candidate: RetrainCandidate, modelConfig: CtrModelConfig, inputs: RetrainInputs, config: ResolvedRunConfig): E.Either<RecnasError, Omit<RetrainedModel, 'seed'>> {
  const started = performance.now();
  const trained = retrainFromScratch(candidate.arch, modelConfig, inputs.train, {
    epochs: config.retrain.epochs,
    peakLearningRate: config.retrain.learningRate,
  });
  if (E.isLeft(trained)) return E.left(new RecnasError(trained.left.code, `retraining ${candidate.name}: ${trained.left.message}`, trained.left.details));
  const subnet = trained.right;
  try {
    const test = evaluateCtrModel(subnet, inputs.test);
    const validation = evaluateCtrModel(subnet, inputs.validation);
    const cost = countArchCost(candidate.arch, modelConfig);
    if (E.isLeft(cost)) return cost;
    if (!Number.isFinite(test.logLoss)) {
      return E.left(new RecnasError('TRAINING_DIVERGED', `retraining ${candidate.name} (seed ${modelConfig.seed}): test LogLoss is ${test.logLoss}`, { model: candidate.name }));
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
