import { Rng } from '@recnas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { expectSameAsStock, randomInput, setUpBackends, skipNative, withGradients } from './native-harness.js';

describe.skipIf(skipNative)('native Slice, SplitV, Transpose and Sum match the stock cpu kernels', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(23);

  it('slices random boxes of rank 1 to 4 tensors, forward and gradients', () => {
    for (let trial = 0; trial < 40; trial++) {
      const rank = 1 + (trial % 4);
      const shape = Array.from({ length: rank }, () => 1 + rng.nextInt(9));
      const begin = shape.map((dimension) => rng.nextInt(dimension));
      const size = shape.map((dimension, d) => 1 + rng.nextInt(dimension - (begin[d] as number)));
      expectSameAsStock(withGradients((x) => tf.slice(x, begin, size)), [randomInput(rng, shape)]);
    }
    // Long contiguous runs (TypedArray.set path): columns of a wide matrix.
    expectSameAsStock(withGradients((x) => tf.slice(x, [0, 40], [5, 100])), [randomInput(rng, [5, 300])]);
  });

  it('slices int32 tensors too', () => {
    tf.setBackend('native');
    const sliced = tf.tidy(() => tf.slice(tf.reshape(tf.range(0, 24, 1, 'int32'), [2, 3, 4]), [0, 1, 1], [2, 2, 2]).dataSync());
    expect(Array.from(sliced)).toEqual([5, 6, 9, 10, 17, 18, 21, 22]);
  });

  it('splits and concatenates (SplitV is the gradient of Concat) along every axis', () => {
    for (const axis of [0, 1, 2]) {
      const inputs = [randomInput(rng, [3, 4, 5]), randomInput(rng, [3, 4, 5])].map((input, i) => {
        const shape = [...input.shape];
        shape[axis] = 2 + i;
        return randomInput(rng, shape);
      });
      expectSameAsStock(withGradients((x, y) => tf.concat([x as tf.Tensor, y as tf.Tensor], axis)), inputs);
      expectSameAsStock((x) => tf.split(x as tf.Tensor, [1, 3, 1], axis === 0 ? 1 : axis), [randomInput(rng, [5, 5, 5])]);
      const three = [2, 1, 3].map((size) => {
        const shape = [3, 4, 5];
        shape[axis] = size;
        return randomInput(rng, shape);
      });
      expectSameAsStock(withGradients((x, y, z) => tf.concat([x as tf.Tensor, y as tf.Tensor, z as tf.Tensor], axis)), three);
    }
  });

  it('transposes with random permutations of rank 2 to 5', () => {
    for (let trial = 0; trial < 20; trial++) {
      const rank = 2 + (trial % 4);
      const shape = Array.from({ length: rank }, () => 1 + rng.nextInt(6));
      const perm = rng.shuffle(Array.from({ length: rank }, (_, d) => d));
      expectSameAsStock(withGradients((x) => tf.transpose(x, perm)), [randomInput(rng, shape)]);
    }
  });

  it('sums over leading, trailing, middle and all axes, with and without keepDims', () => {
    const cases: ReadonlyArray<readonly [number[], number | number[] | undefined]> = [
      [[64, 17], 0],
      [[64, 17], 1],
      [[4, 5, 6], [0, 1]],
      [[4, 5, 6], [1, 2]],
      [[4, 5, 6], 1],
      [[4, 5, 6], [0, 2]],
      [[4, 5, 6], undefined],
    ];
    for (const [shape, axis] of cases) {
      for (const keepDims of [false, true]) {
        expectSameAsStock(withGradients((x) => tf.sum(x, axis, keepDims)), [randomInput(rng, shape)], 1e-5);
      }
    }
  });
});

describe.skipIf(skipNative)('native Softmax, PadV2 and Mean match the stock cpu kernels', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(31);

  it('softmax over the last axis of attention-shaped scores, forward and gradients', () => {
    expectSameAsStock(withGradients((x) => tf.softmax(x)), [randomInput(rng, [6, 8, 26, 26])], 1e-5);
    expectSameAsStock(withGradients((x) => tf.softmax(tf.mul(x, 40))), [randomInput(rng, [5, 7])], 1e-5);
  });

  it('pads rank 1 to 4 tensors with constants, forward and gradients', () => {
    for (let trial = 0; trial < 12; trial++) {
      const rank = 1 + (trial % 4);
      const shape = Array.from({ length: rank }, () => 1 + rng.nextInt(6));
      const paddings = shape.map(() => [rng.nextInt(3), rng.nextInt(3)] as [number, number]);
      expectSameAsStock(withGradients((x) => tf.pad(x, paddings, trial % 3 === 0 ? 1.5 : 0)), [randomInput(rng, shape)]);
    }
  });

  it('means over leading, trailing and middle axes', () => {
    for (const axis of [0, 1, 2, [0, 2], undefined]) {
      expectSameAsStock(withGradients((x) => tf.mean(x, axis, axis === 1)), [randomInput(rng, [9, 5, 7])], 1e-5);
    }
  });
});
