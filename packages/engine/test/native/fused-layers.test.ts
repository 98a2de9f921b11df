import { Rng } from '@recnas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dense, layerNorm, multiHeadAttention, pairwiseDots, tf } from '../../src/index.js';
import { expectSameAsStock, randomInput, runOn, setUpBackends, skipNative, withGradients } from './native-harness.js';

describe.skipIf(skipNative)('native dense and pairwiseDots match their stock-op forms on cpu', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(23);
  const dim = () => 1 + rng.nextInt(41);

  it('dense: with and without bias, linear and relu, odd sizes, forward and all gradients', () => {
    for (let trial = 0; trial < 16; trial++) {
      const [m, k, n] = [dim(), dim(), dim()];
      const activation = trial % 2 === 0 ? 'relu' : 'linear';
      const x = randomInput(rng, [m, k]);
      const kernel = randomInput(rng, [k, n]);
      if (trial % 4 < 2) {
        const bias = randomInput(rng, [n]);
        expectSameAsStock(withGradients((a, b, c) => dense(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D, activation)), [x, kernel, bias]);
      } else {
        expectSameAsStock(withGradients((a, b) => dense(a as tf.Tensor2D, b as tf.Tensor2D, undefined, activation)), [x, kernel]);
      }
    }
  });

  it('dense: the DLRM-size layer 783 -> 512 with relu', () => {
    const inputs = [randomInput(rng, [64, 783]), randomInput(rng, [783, 512]), randomInput(rng, [512])];
    expectSameAsStock(withGradients((a, b, c) => dense(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D, 'relu')), inputs);
  });

  it('dense: a layer inside a larger graph still receives its gradient through the tape', () => {
    const inputs = [randomInput(rng, [7, 5]), randomInput(rng, [5, 3]), randomInput(rng, [3]), randomInput(rng, [3, 2])];
    const twoLayers = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
      dense(dense(tf.tanh(a) as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D, 'relu'), d as tf.Tensor2D);
    expectSameAsStock(withGradients(twoLayers as (...t: tf.Tensor[]) => tf.Tensor), inputs);
  });

  it('pairwiseDots: random sets (n = 2 .. 30, E = 1 .. 20), forward and gradient; one vector gives no pairs', () => {
    for (let trial = 0; trial < 12; trial++) {
      const shape = [1 + rng.nextInt(9), 2 + rng.nextInt(29), 1 + rng.nextInt(20)];
      expectSameAsStock(withGradients((x) => pairwiseDots(x as tf.Tensor3D)), [randomInput(rng, shape)]);
    }
    expectSameAsStock(withGradients((x) => pairwiseDots(x as tf.Tensor3D)), [randomInput(rng, [64, 27, 16])]);
    expectSameAsStock((x) => pairwiseDots(x as tf.Tensor3D), [randomInput(rng, [3, 1, 4])]);
    expect(runOn('native', (x) => pairwiseDots(x as tf.Tensor3D), [randomInput(rng, [3, 1, 4])])[0]?.shape).toEqual([3, 0]);
  });

  it('pairwiseDots on native gives the hand-computed pairs in (1,0), (2,0), (2,1) order', () => {
    // Vectors a = (1, 2), b = (3, -1), c = (0, 5): b.a = 1, c.a = 10, c.b = -5.
    const [result] = runOn('native', (x) => pairwiseDots(x as tf.Tensor3D), [{ shape: [1, 3, 2], values: Float32Array.of(1, 2, 3, -1, 0, 5) }]);
    expect(result?.shape).toEqual([1, 3]);
    expect(Array.from(result?.values ?? [])).toEqual([1, 10, -5]);
  });

  it('multiHeadAttention: random shapes and head counts, forward and the gradients of query, key and value', () => {
    for (let trial = 0; trial < 10; trial++) {
      const heads = 1 + rng.nextInt(4);
      const shape = [1 + rng.nextInt(5), 1 + rng.nextInt(20), heads * (1 + rng.nextInt(4))];
      const attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => multiHeadAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, heads);
      expectSameAsStock(withGradients(attend as (...t: tf.Tensor[]) => tf.Tensor), [randomInput(rng, shape), randomInput(rng, shape), randomInput(rng, shape)]);
    }
  });

  it('multiHeadAttention: fewer query rows than key rows (the first tokens only), forward and all gradients', () => {
    for (let trial = 0; trial < 8; trial++) {
      const heads = 1 + rng.nextInt(4);
      const [batch, rows, width] = [1 + rng.nextInt(5), 2 + rng.nextInt(20), heads * (1 + rng.nextInt(4))];
      const queryRows = 1 + rng.nextInt(rows - 1);
      const attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => multiHeadAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, heads);
      const keyShape = [batch, rows, width];
      expectSameAsStock(withGradients(attend as (...t: tf.Tensor[]) => tf.Tensor), [randomInput(rng, [batch, queryRows, width]), randomInput(rng, keyShape), randomInput(rng, keyShape)]);
    }
  });

  it("multiHeadAttention: NASRec's 8 heads of 2 dims over 64 rows, large scores included", () => {
    const shape = [6, 64, 16];
    const big = randomInput(rng, shape);
    const scaled = { shape, values: big.values.map((value) => value * 9) }; // scores up to ~13: peaked softmax rows
    const attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => multiHeadAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, 8);
    expectSameAsStock(withGradients(attend as (...t: tf.Tensor[]) => tf.Tensor), [scaled, randomInput(rng, shape), randomInput(rng, shape)], 2e-4);
  });

  it('multiHeadAttention on native gives the hand-computed output', () => {
    // One head, d = 1: row 0 scores (0, ln 3) -> probabilities (1/4, 3/4) -> 1/4 x 4 + 3/4 x 8 = 7; row 1 scores (0, 0) -> 6.
    const attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => multiHeadAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, 1);
    const inputs = [Float32Array.of(1, 0), Float32Array.of(0, Math.log(3)), Float32Array.of(4, 8)].map((values) => ({ shape: [1, 2, 1], values }));
    const [result] = runOn('native', attend as (...t: tf.Tensor[]) => tf.Tensor, inputs);
    Array.from(result?.values ?? []).forEach((value, i) => expect(value).toBeCloseTo([7, 6][i] as number, 5));
  });

  it('layerNorm: rank 2 and 3, odd widths, forward and the gradients of x, gamma and beta', () => {
    for (let trial = 0; trial < 10; trial++) {
      const width = 1 + rng.nextInt(70);
      const shape = trial % 2 === 0 ? [1 + rng.nextInt(30), width] : [1 + rng.nextInt(5), 1 + rng.nextInt(9), width];
      const norm = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => layerNorm(x, gamma, beta, 1e-5);
      expectSameAsStock(withGradients(norm), [randomInput(rng, shape), randomInput(rng, [width]), randomInput(rng, [width])]);
    }
    // Rows with an offset far larger than their spread (the two-pass variance matters).
    const shifted = randomInput(rng, [16, 64]);
    const offset = { shape: shifted.shape, values: shifted.values.map((value) => value + 100) };
    expectSameAsStock(withGradients((x, g, b) => layerNorm(x, g, b, 1e-5)), [offset, randomInput(rng, [64]), randomInput(rng, [64])], 2e-3);
  });
});
