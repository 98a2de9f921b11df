import { beforeAll, describe, expect, it } from 'vitest';
import { dense, initBackend, layerNorm, multiHeadAttention, pairwiseDots, tf } from '../src/index.js';

// The stock-op forms every backend without the native kernels runs (checked here on cpu, by hand).
describe('dense, pairwiseDots, multiHeadAttention and layerNorm on a stock backend', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu', logger: () => undefined });
  });

  it('pairwiseDots returns x_i . x_j for i > j in row-major triangle order, and its gradient', () => {
    const x = tf.tensor3d([1, 2, 3, -1, 0, 5], [1, 3, 2]);
    expect(Array.from(pairwiseDots(x).dataSync())).toEqual([1, 10, -5]);
    // d/dx of (b.a + 2 c.a + 3 c.b): da = b + 2c, db = a + 3c, dc = 2a + 3b.
    const gradient = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(pairwiseDots(v as tf.Tensor3D), tf.tensor1d([1, 2, 3]))))(x);
    expect(Array.from(gradient.dataSync())).toEqual([3, 9, 1, 17, 11, 1]);
  });

  it('dense is relu(x kernel + bias), with gradients', () => {
    const x = tf.tensor2d([1, -2], [1, 2]);
    const kernel = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const bias = tf.tensor1d([4, 1]);
    // x kernel = (1 - 6, 2 - 8) = (-5, -6); + bias = (-1, -5) -> relu (0, 0); linear keeps (-1, -5).
    expect(Array.from(dense(x, kernel, bias, 'relu').dataSync())).toEqual([0, 0]);
    expect(Array.from(dense(x, kernel, bias).dataSync())).toEqual([-1, -5]);
    const [dx, dKernel, dBias] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(dense(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D)))([x, kernel, bias]);
    expect(Array.from(dx?.dataSync() ?? [])).toEqual([3, 7]);
    expect(Array.from(dKernel?.dataSync() ?? [])).toEqual([1, 1, -2, -2]);
    expect(Array.from(dBias?.dataSync() ?? [])).toEqual([1, 1]);
  });

  it('multiHeadAttention is softmax(q k^T / sqrt(d)) v per head', () => {
    // Head 1 (column 0): as the native test, output (7, 6). Head 2 (column 1): q = 0, so uniform: (v0 + v1) / 2 = 3.
    const query = tf.tensor3d([1, 0, 0, 0], [1, 2, 2]);
    const key = tf.tensor3d([0, 5, Math.log(3), -5], [1, 2, 2]);
    const value = tf.tensor3d([4, 2, 8, 4], [1, 2, 2]);
    const out = Array.from(multiHeadAttention(query, key, value, 2).dataSync());
    out.forEach((v, i) => expect(v).toBeCloseTo([7, 3, 6, 3][i] as number, 5));
    expect(() => multiHeadAttention(query, key, value, 3)).toThrow(/heads 3 must be a positive integer dividing the width 2/);
  });

  it('layerNorm normalises each row with the biased variance, then scales and shifts', () => {
    // Row (1, 3): mean 2, variance 1, so (x - mean) / sqrt(1 + 0.25) = (-1, 1) / sqrt(1.25); times gamma (2, 3),
    // plus beta (0, 1). Row (5, 5) is constant: it normalises to 0, leaving beta.
    const out = layerNorm(tf.tensor2d([1, 3, 5, 5], [2, 2]), tf.tensor1d([2, 3]), tf.tensor1d([0, 1]), 0.25);
    const scale = 1 / Math.sqrt(1.25);
    Array.from(out.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([-2 * scale, 3 * scale + 1, 0, 1][i] as number, 5));
    expect(() => layerNorm(tf.ones([2, 3]), tf.ones([2]), tf.zeros([3]), 1e-5)).toThrow(/gamma \[2\] and beta \[3\] must be \[3\]/);
  });
});
