import * as t from 'io-ts';
import { strictWithDefaults } from '@recnas/core';
import { pairwiseDots, tf } from '@recnas/engine';
import type { Operator } from '../operator.js';
import { fullyConnectedCost, operatorCost } from '../internal/cost-terms.js';
import { buildFullyConnected, fieldsBack, fieldsLast, fullyConnected, inputOf } from '../internal/layers.js';

/** Options of `dot-product`: `layerNorm` (default true) replaces each projection's bias by a LayerNorm. */
export const DotProductOptionsCodec = strictWithDefaults({}, { layerNorm: t.boolean }, { layerNorm: true }, 'DotProductOptions');
export type DotProductOptions = t.TypeOf<typeof DotProductOptionsCodec>;

/**
 * Rows the sparse input is compressed to before the dot products: `round(sqrt(2 * width))`, NASRec's
 * `sparse_inp_proj_dim`, so that the number of pairs is close to the output width (45 rows for 1024).
 */
export function dotProductRows(width: number): number {
  return Math.round(Math.sqrt(2 * width));
}

/**
 * `dot-product`, NASRec's DotProduct (nasrec/supernet/modules.py), kind `dense-sparse`:
 * the dense input is projected to E (`[B, d] -> [B, E]`), the sparse rows are projected over the field
 * axis to `k = round(sqrt(2 maxWidth))` rows (`[B, N, E] -> [B, k, E]`), the pairwise dot products of
 * `[dense; rows]` (`k + 1` vectors) are taken, the strict lower triangle (no self-interaction, NASRec's
 * offset -1) is flattened and projected to `[B, maxWidth]`; each projection has a LayerNorm instead of a
 * bias when `layerNorm`; no activation. NASRec skips a projection whose input already has its output size
 * (a shape coincidence); recnas always projects. Cost counts the full `(k+1) x (k+1)` Gram matmul.
 */
export const dotProduct: Operator<DotProductOptions> = {
  id: 'dot-product',
  kind: 'dense-sparse',
  optionsCodec: DotProductOptionsCodec,
  build: ({ inputWidth, inputFields, embeddingDim, maxWidth, options, init }) => {
    const parts = { bias: !options.layerNorm, layerNorm: options.layerNorm };
    const rows = dotProductRows(maxWidth);
    return {
      ...buildFullyConnected(init, 'dense', inputWidth, embeddingDim, parts),
      ...buildFullyConnected(init, 'fields', inputFields, rows, parts),
      ...buildFullyConnected(init, 'projection', ((rows + 1) * rows) / 2, maxWidth, parts),
    };
  },
  forward: ({ weights, inputs, widthMask }) =>
    tf.tidy(() => {
      const dense = inputOf(inputs, 0, 'dot-product');
      const sparse = inputOf(inputs, 1, 'dot-product');
      const [batchSize = 0, , embeddingDim = 0] = sparse.shape;
      const denseRow = tf.reshape(fullyConnected(dense, weights, 'dense', 'dot-product'), [batchSize, 1, embeddingDim]);
      const rows = fieldsBack(fullyConnected(fieldsLast(sparse), weights, 'fields', 'dot-product'), batchSize, embeddingDim);
      const vectors = tf.concat([denseRow, rows], 1);
      // The strict lower triangle of the Gram matrix (torch.tril_indices, offset -1), one fused kernel on native.
      return tf.mul(fullyConnected(pairwiseDots(vectors as tf.Tensor3D), weights, 'projection', 'dot-product'), widthMask);
    }),
  outputShape: ({ batchSize, maxWidth }) => [batchSize, maxWidth],
  cost: ({ batchSize, inputWidth, inputFields, embeddingDim, width, options }) => {
    const parts = { bias: !options.layerNorm, layerNorm: options.layerNorm };
    const rows = dotProductRows(width);
    const vectors = rows + 1;
    return operatorCost(
      [
        fullyConnectedCost(batchSize, inputWidth, embeddingDim, parts),
        fullyConnectedCost(batchSize * embeddingDim, inputFields, rows, parts),
        { flops: 2 * batchSize * vectors * vectors * embeddingDim, params: 0 },
        fullyConnectedCost(batchSize, (vectors * rows) / 2, width, parts),
      ],
      batchSize * (inputWidth + inputFields * embeddingDim),
      batchSize * width,
    );
  },
};
