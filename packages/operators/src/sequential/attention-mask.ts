import { RecnasError } from '@recnas/core';
import { tf } from '@recnas/engine';

/** The additive score of a masked key (ICLRec/BERT's extended attention mask). */
export const MASKED_SCORE = -10000;

/**
 * The additive causal + padding mask of SASRec as ICLRec builds it, `[B, 1, L, L]`: entry (b, i, j) is 0
 * when key j is a real item (`ids[b, j] > 0`) at or before query i, and -10000 otherwise. `ids` is
 * `[B x L]` row-major, 0 = padding. Throws INVARIANT when `ids.length` is not a multiple of `length`.
 */
export function sequentialAttentionMask(ids: Int32Array, length: number): tf.Tensor4D {
  if (length <= 0 || ids.length % length !== 0) {
    throw new RecnasError('INVARIANT', `sequentialAttentionMask: ${ids.length} ids are not rows of length ${length}`);
  }
  const batchSize = ids.length / length;
  const values = new Float32Array(batchSize * length * length);
  for (let b = 0; b < batchSize; b++) {
    const row = b * length;
    for (let i = 0; i < length; i++) {
      const base = (row + i) * length;
      for (let j = 0; j < length; j++) {
        if (j > i || (ids[row + j] as number) <= 0) values[base + j] = MASKED_SCORE;
      }
    }
  }
  return tf.tensor4d(values, [batchSize, 1, length, length], 'float32');
}
