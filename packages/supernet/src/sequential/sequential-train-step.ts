import type { Rng } from '@recnas/core';
import { scatterAddRows, tf } from '@recnas/engine';
import { ITEM_TABLE_NAME, type SasrecModel, type SequentialGates } from './sasrec-model.js';
import type { SequentialAdam } from './sequential-adam.js';
import { sequentialBceLoss, sequentialCeLoss } from './sequential-loss.js';
import { gatherRowsOp } from '../internal/gather-rows-op.js';
import type { SequentialLoss } from './sequential-training-options.js';

/**
 * One training batch: `ids` and `targets` are `[batchSize x length]` (left-padded, target 0 = no target
 * at that position); `negatives` the same shape (only read by `bce`).
 */
export interface SequentialBatch {
  readonly batchSize: number;
  readonly length: number;
  readonly ids: Int32Array;
  readonly targets: Int32Array;
  readonly negatives?: Int32Array;
  /**
   * Divides the summed loss instead of the batch's own target count. Length-bucketed batches set it to the
   * epoch's mean targets per batch: divided by its own count, a batch of short histories (few targets)
   * would weigh each of its positions several times more than a batch of long ones, where ICLRec's random
   * batches weigh every position about the same.
   */
  readonly lossDivisor?: number;
}

/** Positions (flat indices) that have a target. */
function targetPositions(targets: Int32Array): Int32Array {
  let count = 0;
  for (let i = 0; i < targets.length; i++) if ((targets[i] as number) > 0) count++;
  const positions = new Int32Array(count);
  let next = 0;
  for (let i = 0; i < targets.length; i++) if ((targets[i] as number) > 0) positions[next++] = i;
  return positions;
}

/**
 * One step of SASRec training: forward with dropout (masks from `rng`), the `loss`, gradients w.r.t. the
 * dense variables and the gathered item rows (input, positive, negative; the whole table for `ce`'s logits),
 * the rows scattered into one table gradient, then Adam over every variable (the table included). Returns
 * the batch loss before the update. `gates`, when given, are used as constants.
 */
export function sequentialTrainStep(
  model: SasrecModel,
  adam: SequentialAdam,
  batch: SequentialBatch,
  loss: SequentialLoss,
  rng: Rng,
  gates?: SequentialGates,
): number {
  const { batchSize, length, ids, targets } = batch;
  const d = model.hiddenWidth;
  const named = model.namedVariables();
  const table = model.itemTable;
  const denseNames = [...named.keys()].filter((name) => name !== ITEM_TABLE_NAME);
  const denseVariables = denseNames.map((name) => named.get(name) as tf.Variable);
  const positions = targetPositions(targets);
  const positiveIds = loss === 'bce' ? targets : targets.filter((target) => target > 0);
  const negativeIds = loss === 'bce' ? (batch.negatives ?? new Int32Array(targets.length)) : new Int32Array(0);
  const inputRows = model.gatherItems(ids);
  const positiveRows = model.gatherItems(positiveIds);
  const negativeRows = model.gatherItems(negativeIds);
  const tableGradient = new Float32Array(table.size);
  let lossValue = Number.NaN;
  tf.tidy(() => {
    const itemInput = tf.tensor3d(inputRows, [batchSize, length, d], 'float32');
    const positive = tf.tensor2d(positiveRows, [positiveIds.length, d], 'float32');
    const negative = tf.tensor2d(negativeRows, [negativeIds.length, d], 'float32');
    const sources: tf.Tensor[] = [itemInput, positive, negative, ...denseVariables, ...(loss === 'ce' ? [table] : [])];
    const result = tf.engine().gradients(
      () => {
        const hidden = tf.reshape(model.encodeRows(itemInput, ids, { training: true, rng, ...(gates === undefined ? {} : { gates }) }), [batchSize * length, d]) as tf.Tensor2D;
        if (loss === 'ce') return sequentialCeLoss(gatherRowsOp(hidden, positions), table as tf.Tensor2D, positive, batch.lossDivisor);
        const weights = tf.tensor1d(Float32Array.from(targets, (target) => (target > 0 ? 1 : 0)), 'float32');
        return sequentialBceLoss(hidden, positive, negative, weights, batch.lossDivisor);
      },
      sources,
      undefined,
      true,
    );
    lossValue = (result.value.dataSync()[0] as number) ?? Number.NaN;
    const [inputGrad, positiveGrad, negativeGrad, ...rest] = result.grads;
    if (loss === 'ce') {
      const denseTableGrad = rest[rest.length - 1];
      if (denseTableGrad !== undefined && denseTableGrad !== null) tableGradient.set(denseTableGrad.dataSync() as Float32Array);
    }
    // Padding (id 0) is skipped: its rows' gradient is exactly 0, as it is always masked.
    if (inputGrad) scatterAddRows(tableGradient, ids, inputGrad.dataSync() as Float32Array, d, 1);
    if (positiveGrad) scatterAddRows(tableGradient, positiveIds, positiveGrad.dataSync() as Float32Array, d, 1);
    if (negativeGrad && negativeIds.length > 0) scatterAddRows(tableGradient, negativeIds, negativeGrad.dataSync() as Float32Array, d, 1);
    const gradients = new Map<string, tf.Tensor>();
    denseNames.forEach((name, i) => {
      const gradient = rest[i];
      if (gradient !== undefined && gradient !== null) gradients.set(name, gradient);
    });
    gradients.set(ITEM_TABLE_NAME, tf.tensor(tableGradient, table.shape, 'float32'));
    adam.apply(named, gradients);
  });
  return lossValue;
}
