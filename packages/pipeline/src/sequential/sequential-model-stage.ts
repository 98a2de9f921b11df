import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { RecnasError, SequentialArchitectureCodec, sequentialArchHash, strictType, type SequentialArchitecture } from '@recnas/core';
import type { SequenceDataset } from '@recnas/data-loaders';
import {
  SasrecModel,
  SequentialTrainer,
  evaluateFullRanking,
  loadCheckpoint,
  restoreSasrecTraining,
  saveCheckpoint,
  sasrecCheckpointContent,
  sequentialResource,
  type HostCostModel,
} from '@recnas/supernet';
import { appendJournalLine, readJournal } from '../journal.js';
import type { ResolvedSequentialRunConfig } from './sequential-run-config.js';

/** The journal of trained and evaluated sequential models inside a run directory. */
export const SEQUENTIAL_MODELS_FILE = 'sequential-models.jsonl';
/** Folder of the per-epoch training checkpoints (and the search snapshots). */
export const SEQUENTIAL_CHECKPOINT_DIR = 'checkpoints';

/** Test metrics as summary.json and the journal hold them (HR@K and NDCG@K keyed by K as a string). */
export const RankingResultCodec = strictType(
  { protocol: t.string, users: t.number, hitRate: t.record(t.string, t.number), ndcg: t.record(t.string, t.number), mrr: t.number },
  'RankingResult',
);
export type RankingResult = t.TypeOf<typeof RankingResultCodec>;

/** One trained and evaluated model: the SASRec baseline or a retrained DNS-Rec selection (a journal line). */
export const SequentialModelResultCodec = strictType(
  {
    name: t.string,
    kind: t.keyof({ baseline: null, searched: null }),
    archHash: t.string,
    architecture: SequentialArchitectureCodec,
    params: t.number,
    epochs: t.number,
    bestEpoch: t.number,
    stopped: t.keyof({ epochs: null, patience: null }),
    /** Validation NDCG@20 of the best epoch (early stopping's metric), or null when never validated. */
    validationNdcg20: t.union([t.number, t.null]),
    test: RankingResultCodec,
    flopsPerSequence: t.number,
    latencySeconds: t.number,
    energyJoules: t.number,
    /** Training seconds summed over epochs (also across a resume). */
    seconds: t.number,
  },
  'SequentialModelResult',
);
export type SequentialModelResult = t.TypeOf<typeof SequentialModelResultCodec>;

/** A model to train: its name, kind and architecture. */
export interface SequentialModelJob {
  readonly name: string;
  readonly kind: SequentialModelResult['kind'];
  readonly architecture: SequentialArchitecture;
}

/** Progress of one training step: global step within the job, the job's step budget, the loss. */
export type SequentialTrainingProgress = (done: number, total: number, detail: string) => void;

const checkpointPath = (runDir: string, name: string): string => join(runDir, SEQUENTIAL_CHECKPOINT_DIR, `train-${name}.ckpt`);

const orThrow = <A>(value: E.Either<RecnasError, A>): A => {
  if (E.isLeft(value)) throw value.left;
  return value.right;
};

/** The trainer of `job`: from its newest epoch checkpoint when there is one for this architecture, else new. */
async function openTrainer(runDir: string, job: SequentialModelJob, dataset: SequenceDataset, config: ResolvedSequentialRunConfig): Promise<SequentialTrainer> {
  const path = checkpointPath(runDir, job.name);
  if (existsSync(path)) {
    const trainer = orThrow(restoreSasrecTraining(orThrow(await loadCheckpoint(path)()), dataset));
    if (sequentialArchHash(trainer.model.config.architecture) === sequentialArchHash(job.architecture)) return trainer;
    trainer.dispose();
    trainer.model.dispose();
  }
  const model = orThrow(
    SasrecModel.create({
      itemCount: dataset.itemCount,
      maxLength: dataset.maxLength,
      architecture: job.architecture,
      dropout: config.model.dropout,
      attentionDropout: config.model.attentionDropout,
      seed: config.seed,
    }),
  );
  const created = SequentialTrainer.create(model, dataset, { ...config.training, seed: config.seed });
  if (E.isLeft(created)) model.dispose();
  return orThrow(created);
}

function rankingResult(summary: ReturnType<typeof evaluateFullRanking>): RankingResult {
  const byK = (values: Readonly<Record<number, number>>): Record<string, number> => Object.fromEntries(Object.entries(values).map(([k, value]) => [String(k), value]));
  return { protocol: summary.protocol, users: summary.users, hitRate: byK(summary.hitRate), ndcg: byK(summary.ndcg), mrr: summary.mrr };
}

/**
 * Trains `job` with the run's SASRec recipe (seeded by the run's seed), checkpointing after every epoch
 * in `checkpoints/`, then evaluates the best epoch on the test split and measures FLOPs, host latency and
 * energy per sequence. A resumed job continues from its last finished epoch and ends as an uninterrupted
 * one would. Throws RecnasError (TRAINING_DIVERGED, CHECKPOINT_CORRUPT, IO).
 */
async function trainJob(
  runDir: string,
  job: SequentialModelJob,
  dataset: SequenceDataset,
  config: ResolvedSequentialRunConfig,
  host: HostCostModel,
  onProgress: SequentialTrainingProgress,
): Promise<SequentialModelResult> {
  mkdirSync(join(runDir, SEQUENTIAL_CHECKPOINT_DIR), { recursive: true });
  const trainer = await openTrainer(runDir, job, dataset, config);
  const { model } = trainer;
  try {
    const perEpoch = trainer.stepsPerEpoch;
    const total = perEpoch * config.training.epochs;
    while (!trainer.isDone()) {
      const epoch = trainer.progress.epoch + 1;
      trainer.runEpoch({ onStep: (step) => onProgress((epoch - 1) * perEpoch + step.step, total, `${job.name} epoch ${epoch}, loss ${step.loss.toFixed(4)}`) });
      orThrow(await saveCheckpoint(checkpointPath(runDir, job.name), sasrecCheckpointContent(trainer))());
    }
    trainer.restoreBest();
    const protocol = config.evaluation.protocol === 'full' ? 'full' : { sampled: 100, seed: config.seed };
    const test = evaluateFullRanking(model, dataset.test, dataset, { ks: config.evaluation.ks, protocol });
    const sizes = { sequenceLength: dataset.maxLength, itemCount: dataset.itemCount };
    const { progress } = trainer;
    return {
      name: job.name,
      kind: job.kind,
      archHash: sequentialArchHash(job.architecture),
      architecture: job.architecture,
      params: [...model.namedVariables().values()].reduce((sum, variable) => sum + variable.size, 0),
      epochs: progress.epoch,
      bestEpoch: progress.bestEpoch,
      stopped: progress.epoch >= config.training.epochs ? 'epochs' : 'patience',
      validationNdcg20: progress.bestValidation?.ndcg[20] ?? null,
      test: rankingResult(test),
      flopsPerSequence: sequentialResource(job.architecture, sizes, 'flops'),
      latencySeconds: sequentialResource(job.architecture, sizes, 'latency', host),
      energyJoules: sequentialResource(job.architecture, sizes, 'energy', host),
      seconds: progress.history.reduce((sum, entry) => sum + entry.seconds, 0),
    };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/**
 * Trains and evaluates each job in order, journaling each finished model in `sequential-models.jsonl`
 * (atomically appended, fsynced) and removing its checkpoint; a resumed run takes finished models from the
 * journal (same name and architecture) and continues the unfinished one from its last epoch checkpoint.
 */
export async function runSequentialModelStage(
  runDir: string,
  jobs: ReadonlyArray<SequentialModelJob>,
  dataset: SequenceDataset,
  config: ResolvedSequentialRunConfig,
  host: HostCostModel,
  onProgress: SequentialTrainingProgress,
): Promise<SequentialModelResult[]> {
  const journal = join(runDir, SEQUENTIAL_MODELS_FILE);
  const finished = new Map(orThrow(readJournal(journal, SequentialModelResultCodec)).entries.map((entry) => [entry.name, entry]));
  const results: SequentialModelResult[] = [];
  for (const [index, job] of jobs.entries()) {
    const previous = finished.get(job.name);
    if (previous !== undefined && previous.archHash === sequentialArchHash(job.architecture)) {
      results.push(previous);
      continue;
    }
    const result = await trainJob(runDir, job, dataset, config, host, (done, total, detail) =>
      onProgress(index * total + done, jobs.length * total, detail),
    );
    if (!Number.isFinite(result.test.mrr)) throw new RecnasError('TRAINING_DIVERGED', `${job.name}: test MRR is ${result.test.mrr}`, { model: job.name });
    orThrow(appendJournalLine(journal, result));
    rmSync(checkpointPath(runDir, job.name), { force: true });
    results.push(result);
  }
  return results;
}
