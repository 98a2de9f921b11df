import * as t from 'io-ts';
import { PositiveIntCodec, strictWithDefaults } from '@recnas/core';
import { tf } from '@recnas/engine';
import type { Operator } from '../operator.js';
import { activationFlops, fullyConnectedCost, operatorCost } from '../internal/cost-terms.js';
import { activate, buildFullyConnected, fullyConnected, inputOf, weightName } from '../internal/layers.js';
import { ActivationCodec } from '../activation.js';

const ID = 'cross-v2';

/**
 * Options of `cross-v2`: `layers` cross layers (default 3, DCN-v2's Criteo setting), `layerNorm` (default true)
 * for the output projection, as NASRec's operators, and its `activation` (default `relu`).
 */
export const CrossV2OptionsCodec = strictWithDefaults(
  {},
  { layers: PositiveIntCodec, layerNorm: t.boolean, activation: ActivationCodec },
  { layers: 3 as t.TypeOf<typeof PositiveIntCodec>, layerNorm: true, activation: 'relu' },
  'CrossV2Options',
);
export type CrossV2Options = t.TypeOf<typeof CrossV2OptionsCodec>;

/**
 * `cross-v2`, the full-rank cross network of DCN-v2 (Wang et al., WWW 2021), kind `dense-sparse`: the dense
 * input and the flattened embeddings are concatenated into `x0 [B, D0]` (`D0 = d + N E`), then `layers` times
 * `x_{l+1} = x0 * (x_l W_l + b_l) + x_l` (`W_l [D0, D0]`), and the result is projected to `[B, maxWidth]` (LayerNorm
 * or bias, activation, width mask), in NASRec's operator order. Not part of NASRec's search spaces: it is the
 * building block of the DCN-v2 baseline (`baselineArchitecture('dcn-v2', ...)` in @recnas/supernet).
 */
export const crossV2: Operator<CrossV2Options> = {
  id: ID,
  kind: 'dense-sparse',
  optionsCodec: CrossV2OptionsCodec,
  build: ({ inputWidth, inputFields, embeddingDim, maxWidth, options, init }) => {
    const width = inputWidth + inputFields * embeddingDim;
    const weights: Record<string, tf.Tensor> = {};
    for (let layer = 0; layer < options.layers; layer++) Object.assign(weights, buildFullyConnected(init, `cross${layer}`, width, width, { bias: true, layerNorm: false }));
    return { ...weights, ...buildFullyConnected(init, 'projection', width, maxWidth, { bias: !options.layerNorm, layerNorm: options.layerNorm }) };
  },
  forward: ({ weights, inputs, widthMask, options }) =>
    tf.tidy(() => {
      const dense = inputOf(inputs, 0, ID);
      const sparse = inputOf(inputs, 1, ID);
      const [batchSize = 0, fields = 0, embeddingDim = 0] = sparse.shape;
      const x0 = tf.concat([dense, tf.reshape(sparse, [batchSize, fields * embeddingDim])], 1);
      let x = x0;
      for (let layer = 0; layer < options.layers; layer++) x = tf.add(tf.mul(x0, fullyConnected(x, weights, weightName('', `cross${layer}`), ID)), x);
      return tf.mul(activate(fullyConnected(x, weights, 'projection', ID), options.activation), widthMask);
    }),
  outputShape: ({ batchSize, maxWidth }) => [batchSize, maxWidth],
  cost: ({ batchSize, inputWidth, inputFields, embeddingDim, width, options }) => {
    const crossWidth = inputWidth + inputFields * embeddingDim;
    const layer = fullyConnectedCost(batchSize, crossWidth, crossWidth, { bias: true, layerNorm: false });
    return operatorCost(
      [
        ...Array.from({ length: options.layers }, () => ({ flops: layer.flops + 2 * batchSize * crossWidth, params: layer.params })), // + x0 * () + x_l
        fullyConnectedCost(batchSize, crossWidth, width, { bias: !options.layerNorm, layerNorm: options.layerNorm }),
        { flops: activationFlops(options.activation, batchSize * width), params: 0 },
      ],
      batchSize * crossWidth,
      batchSize * width,
    );
  },
};
