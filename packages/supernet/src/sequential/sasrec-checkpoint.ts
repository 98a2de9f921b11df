import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { NonNegativeIntCodec, RecnasError, decodeWith, strictType } from '@recnas/core';
import type { RankingSummary } from '@recnas/metrics';
import type { CheckpointContent, CheckpointTensor } from '../checkpoint-content.js';
import { JsonObjectCodec } from '../checkpoint-json.js';
import { assignValues } from '../internal/assign-values.js';
import { SasrecModelConfigCodec } from './sasrec-config.js';
import { SasrecModel } from './sasrec-model.js';
import { SequentialTrainer, type SequentialTrainerProgress } from './sequential-trainer.js';
import { SequentialTrainingOptionsCodec } from './sequential-training-options.js';
import type { SequenceDatasetViews } from './sequence-data.js';

/** `meta.kind` of a SASRec training checkpoint. */
export const SASREC_CHECKPOINT_KIND = 'sasrec-training';
/** Schema version of its meta. */
export const SASREC_CHECKPOINT_VERSION = 1;

const SummaryCodec = t.type({
  protocol: t.string,
  users: t.number,
  hitRate: t.record(t.string, t.number),
  ndcg: t.record(t.string, t.number),
  mrr: t.number,
});

const ProgressCodec = t.type({
  epoch: NonNegativeIntCodec,
  bestEpoch: NonNegativeIntCodec,
  bestScore: t.union([t.number, t.null]),
  bestValidation: t.union([SummaryCodec, t.null]),
  epochsWithoutImprovement: NonNegativeIntCodec,
  history: t.array(t.type({ epoch: t.number, loss: t.union([t.number, t.null]), seconds: t.number, validationNdcg: t.union([t.number, t.null]) })),
});

/** What a SASRec training checkpoint's meta holds (decoded with CHECKPOINT_CORRUPT on restore). */
export const SasrecCheckpointMetaCodec = strictType(
  {
    kind: t.literal(SASREC_CHECKPOINT_KIND),
    version: t.literal(SASREC_CHECKPOINT_VERSION),
    model: SasrecModelConfigCodec,
    training: SequentialTrainingOptionsCodec,
    adamStep: NonNegativeIntCodec,
    progress: ProgressCodec,
  },
  'SasrecCheckpointMeta',
);

const copyOf = (values: Float32Array, shape: ReadonlyArray<number>): CheckpointTensor => ({ shape: [...shape], data: Float32Array.from(values) });
const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Everything needed to continue a SASRec training run exactly, as checkpoint content for `saveCheckpoint`
 * (decision 0006): the model's variables under `model/<name>`, Adam's moments under `adam/m/<name>` and
 * `adam/v/<name>`, the best epoch's weights under `best/<name>`, and meta `{ kind, version, model, training,
 * adamStep, progress }`. Take it at an epoch boundary (e.g. in `onEpoch`); values are copied. Throws
 * INVARIANT if the meta is not plain JSON (a bug).
 */
export function sasrecCheckpointContent(trainer: SequentialTrainer): CheckpointContent {
  const tensors: Record<string, CheckpointTensor> = {};
  const moments = trainer.adam.moments();
  for (const [name, variable] of trainer.model.namedVariables()) {
    tensors[`model/${name}`] = copyOf(variable.dataSync() as Float32Array, variable.shape);
    const slots = moments.get(name);
    if (slots !== undefined) {
      tensors[`adam/m/${name}`] = copyOf(slots.m.dataSync() as Float32Array, variable.shape);
      tensors[`adam/v/${name}`] = copyOf(slots.v.dataSync() as Float32Array, variable.shape);
    }
    const best = trainer.bestWeights()?.get(name);
    if (best !== undefined) tensors[`best/${name}`] = copyOf(best, variable.shape);
  }
  const { progress } = trainer;
  const meta = {
    kind: SASREC_CHECKPOINT_KIND,
    version: SASREC_CHECKPOINT_VERSION,
    model: SasrecModelConfigCodec.encode(trainer.model.config),
    training: SequentialTrainingOptionsCodec.encode(trainer.options),
    adamStep: trainer.adam.step,
    progress: {
      epoch: progress.epoch,
      bestEpoch: progress.bestEpoch,
      bestScore: finiteOrNull(progress.bestScore),
      bestValidation: progress.bestValidation ?? null,
      epochsWithoutImprovement: progress.epochsWithoutImprovement,
      history: progress.history.map((entry) => ({ epoch: entry.epoch, loss: finiteOrNull(entry.loss), seconds: entry.seconds, validationNdcg: entry.validationNdcg ?? null })),
    },
  };
  const json = decodeWith(JsonObjectCodec, meta, 'SASRec checkpoint meta', 'INVARIANT');
  if (E.isLeft(json)) throw json.left;
  return { meta: json.right, tensors };
}

function tensorOf(content: CheckpointContent, name: string, size: number): Float32Array {
  const tensor = content.tensors[name];
  if (tensor === undefined || tensor.data.length !== size) {
    throw new RecnasError('CHECKPOINT_CORRUPT', `SASRec checkpoint: tensor "${name}" is ${tensor === undefined ? 'missing' : `misshapen (${tensor.data.length} values, expected ${size})`}`, { name });
  }
  return tensor.data;
}

function summaryOf(decoded: t.TypeOf<typeof SummaryCodec>): RankingSummary {
  const byK = (values: Record<string, number>): Record<number, number> => Object.fromEntries(Object.entries(values).map(([k, value]) => [Number(k), value]));
  const protocol = decoded.protocol === 'full' ? 'full' : (`sampled-${Number(decoded.protocol.replace('sampled-', ''))}` as const);
  return { protocol, users: decoded.users, hitRate: byK(decoded.hitRate), ndcg: byK(decoded.ndcg), mrr: decoded.mrr };
}

function progressOf(decoded: t.TypeOf<typeof ProgressCodec>): SequentialTrainerProgress {
  return {
    epoch: decoded.epoch,
    bestEpoch: decoded.bestEpoch,
    bestScore: decoded.bestScore ?? Number.NEGATIVE_INFINITY,
    ...(decoded.bestValidation === null ? {} : { bestValidation: summaryOf(decoded.bestValidation) }),
    epochsWithoutImprovement: decoded.epochsWithoutImprovement,
    history: decoded.history.map((entry) => ({ epoch: entry.epoch, loss: entry.loss ?? Number.NaN, seconds: entry.seconds, ...(entry.validationNdcg === null ? {} : { validationNdcg: entry.validationNdcg }) })),
  };
}

/**
 * Rebuilds the model and its trainer from `sasrecCheckpointContent` (as `loadCheckpoint` returns it) so
 * that `trainer.run()` continues exactly as the uninterrupted run. CHECKPOINT_CORRUPT names a bad meta
 * path or a missing/misshapen tensor; the caller disposes `trainer.model` and the trainer.
 */
export function restoreSasrecTraining(content: CheckpointContent, dataset: SequenceDatasetViews): E.Either<RecnasError, SequentialTrainer> {
  const meta = decodeWith(SasrecCheckpointMetaCodec, content.meta, 'SASRec checkpoint meta', 'CHECKPOINT_CORRUPT');
  if (E.isLeft(meta)) return meta;
  const model = SasrecModel.create(SasrecModelConfigCodec.encode(meta.right.model));
  if (E.isLeft(model)) return model;
  const trainer = SequentialTrainer.create(model.right, dataset, SequentialTrainingOptionsCodec.encode(meta.right.training));
  if (E.isLeft(trainer)) {
    model.right.dispose();
    return trainer;
  }
  try {
    const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
    const best = new Map<string, Float32Array>();
    const hasBest = Object.keys(content.tensors).some((name) => name.startsWith('best/'));
    for (const [name, variable] of model.right.namedVariables()) {
      assignValues(variable, tensorOf(content, `model/${name}`, variable.size), `SASRec checkpoint "${name}"`);
      moments.set(name, { m: tensorOf(content, `adam/m/${name}`, variable.size), v: tensorOf(content, `adam/v/${name}`, variable.size) });
      if (hasBest) best.set(name, Float32Array.from(tensorOf(content, `best/${name}`, variable.size)));
    }
    trainer.right.restoreProgress(progressOf(meta.right.progress), meta.right.adamStep, moments, hasBest ? best : undefined);
    return E.right(trainer.right);
  } catch (error) {
    trainer.right.dispose();
    model.right.dispose();
    return E.left(error instanceof RecnasError ? error : new RecnasError('CHECKPOINT_CORRUPT', `SASRec checkpoint: ${String(error)}`, {}, { cause: error }));
  }
}
