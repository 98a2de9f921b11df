import { Rng } from '@recnas/core';
import { beforeAll, describe, it } from 'vitest';
import { tf } from '../../src/index.js';
import { expectSameAsStock, randomInput, setUpBackends, skipNative, withGradients } from './native-harness.js';

const OPS: ReadonlyArray<readonly [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
  ['add', tf.add],
  ['sub', tf.sub],
  ['mul', tf.mul],
  ['div', tf.div],
  ['maximum', tf.maximum],
  ['minimum', tf.minimum],
  ['squaredDifference', tf.squaredDifference],
];

// Same shape, scalars on either side, row vectors, column vectors, 3-D rows, and an outer-product
// broadcast that the native kernel hands back to the stock kernel.
const SHAPES: ReadonlyArray<readonly [number[], number[]]> = [
  [[7, 33], [7, 33]],
  [[7, 33], []],
  [[], [7, 33]],
  [[7, 33], [33]],
  [[33], [7, 33]],
  [[7, 33], [1, 33]],
  [[7, 33], [7, 1]],
  [[7, 1], [7, 33]],
  [[4, 5, 6], [5, 6]],
  [[4, 5, 6], [4, 1, 1]],
  [[7, 1], [1, 33]],
  [[1], [1]],
];

const NO_BROADCAST_GRADIENT = new Set(['maximum', 'minimum', 'squaredDifference']);
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

describe.skipIf(skipNative)('native elementwise kernels match the stock cpu kernels', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(5);

  for (const [name, op] of OPS) {
    it(`${name} on every broadcast layout, forward and gradients`, () => {
      for (const [aShape, bShape] of SHAPES) {
        const a = randomInput(rng, aShape);
        // Keep divisors away from 0 so that the gradient comparison is well conditioned.
        const b = randomInput(rng, bShape);
        if (name === 'div') b.values.forEach((value, i) => (b.values[i] = value < 0 ? value - 0.5 : value + 0.5));
        // tfjs's gradients of maximum, minimum and squaredDifference do not reduce over broadcast dims (a
        // tfjs-core limitation that fails on the stock kernels too): compare their forward pass only there.
        const gradients = sameShape(aShape, bShape) || !NO_BROADCAST_GRADIENT.has(name);
        expectSameAsStock(gradients ? withGradients(op) : op, [a, b], name === 'div' ? 1e-3 : 1e-5);
      }
    });
  }

  it('NaN propagates through maximum and minimum as in the stock kernels', () => {
    const a = { shape: [4], values: Float32Array.from([Number.NaN, 1, -2, 3]) };
    const b = { shape: [4], values: Float32Array.from([0, Number.NaN, 5, -1]) };
    expectSameAsStock((x, y) => [tf.maximum(x, y), tf.minimum(x, y)], [a, b]);
  });
});

describe.skipIf(skipNative)('native unary kernels match the stock cpu kernels', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(8);
  const unary: ReadonlyArray<readonly [string, (x: tf.Tensor) => tf.Tensor]> = [
    ['exp', (x) => tf.exp(tf.mul(x, 10))],
    ['log', (x) => tf.log(tf.add(tf.abs(x), 0.1))],
    ['sqrt', (x) => tf.sqrt(tf.add(tf.abs(x), 0.1))],
    ['sigmoid', (x) => tf.sigmoid(tf.mul(x, 20))],
    ['tanh', (x) => tf.tanh(tf.mul(x, 5))],
    ['relu', (x) => tf.relu(x)],
    ['step', (x) => tf.step(x, 0.25)],
  ];
  for (const [name, f] of unary) {
    it(`${name}, forward and gradients`, () => {
      expectSameAsStock(withGradients(f), [randomInput(rng, [13, 37])], 1e-5);
    });
  }
});
