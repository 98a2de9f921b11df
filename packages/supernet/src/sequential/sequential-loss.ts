import { rowDots, tf } from '@recnas/engine';

/**
 * ICLRec's BCE over positions (`hidden`, `positive`, `negative` are `[N, d]`, `weights [N]` is 1 where the
 * position has a target): `sum_t w_t (-log sigmoid(s_pos) - log(1 - sigmoid(s_neg))) / sum_t w_t` with
 * `s = h . e`, in the stable softplus form. Differentiable in all three row tensors. With `divisor`, the sum
 * is divided by it instead of by `sum_t w_t` (length-bucketed batches: see `SequentialBatch.lossDivisor`).
 */
export function sequentialBceLoss(hidden: tf.Tensor2D, positive: tf.Tensor2D, negative: tf.Tensor2D, weights: tf.Tensor1D, divisor?: number): tf.Scalar {
  return tf.tidy(() => {
    const positiveScores = rowDots(hidden, positive);
    const negativeScores = rowDots(hidden, negative);
    const perPosition = tf.add(tf.softplus(tf.neg(positiveScores)), tf.softplus(negativeScores));
    const total = tf.sum(tf.mul(perPosition, weights));
    return (divisor === undefined ? tf.div(total, tf.maximum(tf.sum(weights), 1)) : tf.div(total, divisor)) as tf.Scalar;
  });
}

/**
 * RecBole's cross-entropy over every item at the positions with a target: `hidden [P, d]`, the item table
 * `[n + 1, d]` (padding row included, as RecBole's logits), `target [P, d]` the target rows:
 * `mean(logsumexp(h T^T) - h . target)` (with `divisor`: the sum divided by it). Differentiable in hidden,
 * table and target rows.
 */
export function sequentialCeLoss(hidden: tf.Tensor2D, table: tf.Tensor2D, target: tf.Tensor2D, divisor?: number): tf.Scalar {
  return tf.tidy(() => {
    const logits = tf.matMul(hidden, table, false, true);
    const targetScores = rowDots(hidden, target);
    const perPosition = tf.sub(tf.logSumExp(logits, -1), targetScores);
    return (divisor === undefined ? tf.mean(perPosition) : tf.div(tf.sum(perPosition), divisor)) as tf.Scalar;
  });
}
