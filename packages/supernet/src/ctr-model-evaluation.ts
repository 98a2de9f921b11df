import type { Batch } from '@recnas/core';
import type { tf } from '@recnas/engine';
import type { CtrEvaluation } from './ctr-trainer.js';
import { binaryCrossEntropyOf } from './internal/binary-cross-entropy.js';
import { rankAuc } from './internal/rank-auc.js';

/** Anything that turns a batch into click logits `[B]` (the caller of `forward` disposes them): a `CtrSubnet`, or a supernet path. */
export interface CtrLogitModel {
  forward(batch: Batch): tf.Tensor1D;
}

/** LogLoss (mean BCE, natural log), ROC AUC (NaN when the batches hold one class only) and the example count. */
export interface CtrModelEvaluation extends CtrEvaluation {
  readonly auc: number;
}

/**
 * LogLoss and AUC of `model` over `batches`: the per-example BCE of each logit in the stable float64 form
 * (no clipping of probabilities needed) and the rank-sum AUC of the logits (ties count one half). Frees
 * every logit tensor. No batches give `{ logLoss: NaN, auc: NaN, count: 0 }`.
 * @example
 * const { logLoss, auc } = evaluateCtrModel(subnet, validationBatches);
 * const inherited = evaluateCtrModel({ forward: (batch) => supernet.forward(batch, pathFromArch(arch)) }, validationBatches);
 */
export function evaluateCtrModel(model: CtrLogitModel, batches: Iterable<Batch>): CtrModelEvaluation {
  const logits: number[] = [];
  const labels: number[] = [];
  let total = 0;
  for (const batch of batches) {
    const output = model.forward(batch);
    const values = output.dataSync();
    output.dispose();
    for (let i = 0; i < batch.size; i++) {
      const logit = values[i] as number;
      const label = batch.label[i] as number;
      total += binaryCrossEntropyOf(logit, label);
      logits.push(logit);
      labels.push(label);
    }
  }
  const count = logits.length;
  return { logLoss: count === 0 ? Number.NaN : total / count, auc: rankAuc(logits, labels), count };
}
