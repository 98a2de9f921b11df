import { Rng } from '@recnas/core';
import { beforeAll, describe, it } from 'vitest';
import { maskedSelfAttention, maskedSelfAttentionPacked, tf } from '../../src/index.js';
import { expectSameAsStock, randomInput, setUpBackends, skipNative, withGradients } from './native-harness.js';

describe.skipIf(skipNative)('native maskedSelfAttention matches its stock-op form on cpu', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(77);

  it('forward and the gradients of query, key and value, with and without dropout multipliers', () => {
    for (let trial = 0; trial < 8; trial++) {
      const heads = 1 + rng.nextInt(3);
      const [batch, rows, width] = [1 + rng.nextInt(4), 1 + rng.nextInt(9), heads * (1 + rng.nextInt(6))];
      const keyStart = Array.from({ length: batch }, () => rng.nextInt(rows + 1)); // rows = all padding
      const inputs = [randomInput(rng, [batch, rows, width]), randomInput(rng, [batch, rows, width]), randomInput(rng, [batch, rows, width])];
      if (trial % 2 === 0) {
        expectSameAsStock(withGradients((q, k, v) => maskedSelfAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, heads, keyStart)), inputs);
      } else {
        // The multipliers are a constant (made on the backend under test), not differentiated.
        const drop = Float32Array.from({ length: batch * heads * rows * rows }, () => (rng.bernoulli(0.5) ? 2 : 0));
        const attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor =>
          maskedSelfAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, heads, keyStart, tf.tensor4d(drop, [batch, heads, rows, rows]));
        expectSameAsStock(withGradients(attend), inputs);
      }
    }
  });

  it('packed form: forward and the qkv gradient, with and without dropout multipliers', () => {
    for (let trial = 0; trial < 6; trial++) {
      const heads = 1 + rng.nextInt(3);
      const [batch, rows, width] = [1 + rng.nextInt(4), 1 + rng.nextInt(9), heads * (1 + rng.nextInt(6))];
      const keyStart = Array.from({ length: batch }, () => rng.nextInt(rows + 1));
      const drop = Float32Array.from({ length: batch * heads * rows * rows }, () => (rng.bernoulli(0.5) ? 2 : 0));
      const attend = (qkv: tf.Tensor): tf.Tensor =>
        maskedSelfAttentionPacked(qkv as tf.Tensor3D, heads, keyStart, trial % 2 === 0 ? undefined : tf.tensor4d(drop, [batch, heads, rows, rows]));
      expectSameAsStock(withGradients(attend), [randomInput(rng, [batch, rows, 3 * width])]);
    }
  });
});
