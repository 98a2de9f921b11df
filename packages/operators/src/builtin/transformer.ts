import * as t from 'io-ts';
import { PositiveIntCodec, RecnasError, strictWithDefaults } from '@recnas/core';
import { multiHeadAttention, tf } from '@recnas/engine';
import type { Operator, OperatorWeights, WeightInitializer } from '../operator.js';
import { LAYER_NORM_FLOPS_PER_ELEMENT, SOFTMAX_FLOPS_PER_ELEMENT, activationFlops, fullyConnectedCost, operatorCost } from '../internal/cost-terms.js';
import { activate, buildFullyConnected, fieldsBack, fieldsLast, fullyConnected, inputOf, layerNorm, maskRows, weightOf } from '../internal/layers.js';
import { ActivationCodec } from '../activation.js';

const ID = 'transformer';
/** NASRec's initial gain of the two LayerNorms inside its Transformer (`LN_INIT = 0.17`, modules.py). */
const ATTENTION_LAYER_NORM_GAIN = 0.17;

/**
 * Options of `transformer`: `heads` (default 8, NASRec's NUM_MHA_HEADS; must divide E, so 2-dim heads
 * over E = 16), `layerNorm` (default true) for the field projection, `activation` of the FFN (default relu).
 */
export const TransformerOptionsCodec = strictWithDefaults(
  {},
  { heads: PositiveIntCodec, layerNorm: t.boolean, activation: ActivationCodec },
  { heads: 8 as t.TypeOf<typeof PositiveIntCodec>, layerNorm: true, activation: 'relu' },
  'TransformerOptions',
);
export type TransformerOptions = t.TypeOf<typeof TransformerOptionsCodec>;

function buildAttention(init: WeightInitializer<tf.Tensor>, embeddingDim: number): Record<string, tf.Tensor> {
  // PyTorch nn.MultiheadAttention: xavier-uniform in-projection, zero biases, nn.Linear-style out-projection.
  return {
    'attention.inKernel': init.glorotUniform([embeddingDim, 3 * embeddingDim]),
    'attention.inBias': init.zeros([3 * embeddingDim]),
    'attention.outKernel': init.uniform([embeddingDim, embeddingDim], 1 / Math.sqrt(embeddingDim)),
    'attention.outBias': init.zeros([embeddingDim]),
    'attentionNorm.gamma': init.constant([embeddingDim], ATTENTION_LAYER_NORM_GAIN),
    'attentionNorm.beta': init.zeros([embeddingDim]),
  };
}

/**
 * Multi-head self-attention over the rows of `flat [B * W, E]`, returning the outputs of the first
 * `queryRows` rows of every example as `[B * queryRows, E]` (every row still serves as a key and value).
 */
function selfAttention(flat: tf.Tensor, weights: OperatorWeights<tf.Tensor>, batchSize: number, heads: number, queryRows: number): tf.Tensor {
  const [batchRows = 0, embeddingDim = 0] = flat.shape;
  const rows = batchRows / batchSize;
  const qkv = tf.add(tf.matMul(flat as tf.Tensor2D, weightOf(weights, 'attention.inKernel', ID) as tf.Tensor2D), weightOf(weights, 'attention.inBias', ID));
  // One split (its gradient is one concat) rather than three slices (three pads and two adds).
  const [allQueries, key, value] = tf.split(qkv, 3, 1).map((part) => tf.reshape(part, [batchSize, rows, embeddingDim])) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const query = queryRows === rows ? allQueries : tf.slice(allQueries, [0, 0, 0], [batchSize, queryRows, embeddingDim]);
  const merged = tf.reshape(multiHeadAttention(query, key, value, heads), [batchSize * queryRows, embeddingDim]);
  return tf.add(tf.matMul(merged as tf.Tensor2D, weightOf(weights, 'attention.outKernel', ID) as tf.Tensor2D), weightOf(weights, 'attention.outBias', ID));
}

function checkHeads(heads: number, embeddingDim: number): void {
  if (embeddingDim % heads !== 0) {
    throw new RecnasError('CONFIG_INVALID', `operator "${ID}": heads ${heads} must divide the embedding dim ${embeddingDim}`, { heads, embeddingDim });
  }
}

/**
 * `transformer`, NASRec's Transformer (nasrec/supernet/modules.py): `[B, N, E] -> [B, maxWidth, E]`, the
 * width being the number of output rows. The rows are first projected over the field axis
 * (`N -> maxWidth`, LayerNorm or bias, then the row mask), then multi-head self-attention over those rows
 * (`heads` heads of `E / heads` dims, no key mask: masked rows take part as zeros, as in NASRec), residual +
 * LayerNorm, an FFN `E -> E -> E` with the activation, residual + LayerNorm (both gains start at 0.17,
 * NASRec's LN_INIT), and the row mask again. No dropout (NASRec's default 0). The masked rows' outputs are
 * never computed (only their keys and values are), which gives the same values as computing and masking them.
 */
export const transformer: Operator<TransformerOptions> = {
  id: ID,
  kind: 'sparse',
  optionsCodec: TransformerOptionsCodec,
  build: ({ inputFields, embeddingDim, maxWidth, options, init }) => {
    checkHeads(options.heads, embeddingDim);
    return {
      ...buildFullyConnected(init, 'projection', inputFields, maxWidth, { bias: !options.layerNorm, layerNorm: options.layerNorm }),
      ...buildAttention(init, embeddingDim),
      ...buildFullyConnected(init, 'ffn1', embeddingDim, embeddingDim, { bias: true, layerNorm: false }),
      ...buildFullyConnected(init, 'ffn2', embeddingDim, embeddingDim, { bias: true, layerNorm: false }),
      'ffnNorm.gamma': init.constant([embeddingDim], ATTENTION_LAYER_NORM_GAIN),
      'ffnNorm.beta': init.zeros([embeddingDim]),
    };
  },
  forward: ({ weights, inputs, width, widthMask, options }) =>
    tf.tidy(() => {
      const sparse = inputOf(inputs, 0, ID);
      const [batchSize = 0, , embeddingDim = 0] = sparse.shape;
      checkHeads(options.heads, embeddingDim);
      const projected = tf.mul(fullyConnected(fieldsLast(sparse), weights, 'projection', ID), widthMask);
      const rows = fieldsBack(projected, batchSize, embeddingDim);
      const maxRows = rows.shape[1] ?? 0;
      if (width === 0) return tf.zerosLike(rows);
      // Rows past `width` are zero tokens, masked out of the output: they serve only as keys and values, so
      // the rest of the layer (queries, residuals, LayerNorms, FFN) runs on the first `width` rows and the
      // output is zero-padded back. The same values as running every row and masking, at width / maxRows the work.
      const flat = tf.reshape(rows, [-1, embeddingDim]);
      const kept = width === maxRows ? flat : tf.reshape(tf.slice(rows, [0, 0, 0], [batchSize, width, embeddingDim]), [-1, embeddingDim]);
      const attended = layerNorm(
        tf.add(selfAttention(flat, weights, batchSize, options.heads, width), kept),
        weightOf(weights, 'attentionNorm.gamma', ID),
        weightOf(weights, 'attentionNorm.beta', ID),
      );
      const hidden = activate(fullyConnected(attended, weights, 'ffn1', ID), options.activation);
      const output = layerNorm(
        tf.add(attended, fullyConnected(hidden, weights, 'ffn2', ID)),
        weightOf(weights, 'ffnNorm.gamma', ID),
        weightOf(weights, 'ffnNorm.beta', ID),
      );
      const shaped = tf.reshape(output, [batchSize, width, embeddingDim]);
      return width === maxRows ? maskRows(shaped, widthMask) : tf.pad(shaped, [[0, 0], [0, maxRows - width], [0, 0]]);
    }),
  outputShape: ({ batchSize, maxWidth, embeddingDim }) => [batchSize, maxWidth, embeddingDim],
  cost: ({ batchSize, inputFields, embeddingDim, width, options }) => {
    const tokens = batchSize * width; // rows of every example, attended over
    const scores = batchSize * options.heads * width * width;
    const elementwise = tokens * embeddingDim;
    return operatorCost(
      [
        fullyConnectedCost(batchSize * embeddingDim, inputFields, width, { bias: !options.layerNorm, layerNorm: options.layerNorm }),
        fullyConnectedCost(tokens, embeddingDim, 3 * embeddingDim, { bias: true, layerNorm: false }),
        // Q K^T and P V over all heads, the 1/sqrt(d) scaling and the softmax.
        { flops: 2 * 2 * batchSize * width * width * embeddingDim + scores + SOFTMAX_FLOPS_PER_ELEMENT * scores, params: 0 },
        fullyConnectedCost(tokens, embeddingDim, embeddingDim, { bias: true, layerNorm: false }),
        { flops: elementwise + LAYER_NORM_FLOPS_PER_ELEMENT * elementwise, params: 2 * embeddingDim }, // residual + LayerNorm
        fullyConnectedCost(tokens, embeddingDim, embeddingDim, { bias: true, layerNorm: false }),
        { flops: activationFlops(options.activation, elementwise), params: 0 },
        fullyConnectedCost(tokens, embeddingDim, embeddingDim, { bias: true, layerNorm: false }),
        { flops: elementwise + LAYER_NORM_FLOPS_PER_ELEMENT * elementwise, params: 2 * embeddingDim }, // residual + LayerNorm
      ],
      batchSize * inputFields * embeddingDim,
      batchSize * width * embeddingDim,
    );
  },
};
