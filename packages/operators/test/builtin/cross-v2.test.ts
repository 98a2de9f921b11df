import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { tf } from '@recnas/engine';
import { createWeightInitializer, createWidthMask, crossV2, CrossV2OptionsCodec } from '../../src/index.js';
import { describeOperatorContract } from '../../src/testing/index.js';

describeOperatorContract(crossV2, {
  invalidOptions: [null, { layers: 0 }, { layers: 1.5 }, { activation: 'tanh' }, { lowRank: 4 }],
  gradientCheck: { options: { activation: 'identity', layers: 2 } },
});
describeOperatorContract(crossV2, { options: { layerNorm: false, layers: 1 }, gradientCheck: { options: { layerNorm: false, layers: 1, activation: 'identity' } } });

describe('cross-v2', () => {
  it('defaults to 3 full-rank layers, LayerNorm and ReLU on the projection', () => {
    expect(CrossV2OptionsCodec.decode({})).toEqual(E.right({ layers: 3, layerNorm: true, activation: 'relu' }));
  });

  it('computes x1 = x0 * (x0 W + b) + x0 by hand, then the projection (1 layer, no LayerNorm, identity)', () => {
    const decoded = CrossV2OptionsCodec.decode({ layers: 1, layerNorm: false, activation: 'identity' });
    if (E.isLeft(decoded)) throw new Error('options should decode');
    // x0 = [dense 1, embedding (2, 3)] -> D0 = 3; W = I, b = 1: x0 W + b = (2, 3, 4); x0 * that = (2, 6, 12); x1 = that + x0 = (3, 8, 15).
    const weights = {
      'cross0.kernel': tf.eye(3),
      'cross0.bias': tf.ones([3]),
      'projection.kernel': tf.tensor2d([[1, 0], [0, 1], [1, 1]]),
      'projection.bias': tf.tensor1d([0, 0.5]),
    };
    const out = crossV2.forward({ weights, inputs: [tf.tensor2d([[1]]), tf.tensor3d([[[2, 3]]])], width: 2, widthMask: createWidthMask(2, 2), options: decoded.right });
    // projection: (3 + 15, 8 + 15 + 0.5) = (18, 23.5).
    expect(Array.from(out.dataSync())).toEqual([18, 23.5]);
  });

  it('counts FLOPs and parameters by hand: B 2, d 1, N 1, E 2, 1 layer, width 2, no LayerNorm, ReLU', () => {
    const decoded = CrossV2OptionsCodec.decode({ layers: 1, layerNorm: false });
    if (E.isLeft(decoded)) throw new Error('options should decode');
    // D0 = 3. Layer: 2*2*3*3 = 36 + bias 6 + (product and sum) 2*2*3 = 12 -> 54, params 12.
    // Projection: 2*2*3*2 = 24 + bias 4 = 28, params 8; ReLU 4. FLOPs 86, params 20, bytes 4 * (6 + 20 + 4) = 120.
    expect(crossV2.cost({ batchSize: 2, inputWidth: 1, rightInputWidth: 0, inputFields: 1, embeddingDim: 2, width: 2, options: decoded.right })).toEqual({ flops: 86, params: 20, bytesMoved: 120 });
    const built = crossV2.build({ inputWidth: 1, rightInputWidth: 0, inputFields: 1, embeddingDim: 2, maxWidth: 2, options: decoded.right, init: createWeightInitializer(Rng.fromSeed(1)) });
    expect(Object.values(built).reduce((n, w) => n + w.size, 0)).toBe(20);
  });
});
