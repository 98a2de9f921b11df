import { Rng } from '@recnas/core';
import { beforeAll, describe, it } from 'vitest';
import { tf } from '../../src/index.js';
import { expectSameAsStock, randomInput, setUpBackends, skipNative, withGradients } from './native-harness.js';

describe.skipIf(skipNative)('native BatchMatMul and _FusedMatMul match the stock cpu kernels', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(11);
  const dim = () => 1 + rng.nextInt(37);

  it('2-D products with every transpose combination, forward and gradients', () => {
    for (let trial = 0; trial < 24; trial++) {
      const [m, k, n] = [dim(), dim(), dim()];
      const transposeA = trial % 2 === 1;
      const transposeB = Math.floor(trial / 2) % 2 === 1;
      const a = randomInput(rng, transposeA ? [k, m] : [m, k]);
      const b = randomInput(rng, transposeB ? [n, k] : [k, n]);
      expectSameAsStock(withGradients((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, transposeA, transposeB)), [a, b]);
    }
  });

  it('batched products, equal and broadcast batch dims, with transposes', () => {
    for (let trial = 0; trial < 16; trial++) {
      const [batch, m, k, n] = [1 + rng.nextInt(5), dim(), dim(), dim()];
      const transposeA = rng.bernoulli(0.5);
      const transposeB = rng.bernoulli(0.5);
      const aBatch = trial % 3 === 1 ? 1 : batch;
      const bBatch = trial % 3 === 2 ? 1 : batch;
      const a = randomInput(rng, transposeA ? [aBatch, k, m] : [aBatch, m, k]);
      const b = randomInput(rng, transposeB ? [bBatch, n, k] : [bBatch, k, n]);
      // tfjs's BatchMatMul gradient does not reduce a broadcast batch (fails on the stock kernel too).
      const product = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, transposeA, transposeB);
      expectSameAsStock(aBatch === bBatch ? withGradients(product) : product, [a, b]);
    }
  });

  it('rank-4 batches (attention heads) and a large odd GEMM', () => {
    expectSameAsStock(withGradients((x, y) => tf.matMul(x, y, false, true)), [randomInput(rng, [3, 8, 26, 2]), randomInput(rng, [3, 8, 26, 2])]);
    expectSameAsStock((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), [randomInput(rng, [129, 783]), randomInput(rng, [783, 257])]);
  });

  it('fused matmul with bias and linear, relu and sigmoid activations, forward and gradients', () => {
    for (const activation of ['linear', 'relu', 'sigmoid'] as const) {
      for (const biasShape of [[17], [1], [1, 17]]) {
        const transposeB = biasShape.length === 2;
        const a = randomInput(rng, [9, 13]);
        const b = randomInput(rng, transposeB ? [17, 13] : [13, 17]);
        const bias = randomInput(rng, biasShape);
        const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
          tf.fused.matMul({ a: x as tf.Tensor2D, b: y as tf.Tensor2D, bias: z, activation, transposeB });
        expectSameAsStock(withGradients(f), [a, b, bias]);
      }
    }
  });
});
