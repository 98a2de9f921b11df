import { Rng } from '@recnas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAdagrad, applyAdam, sumOfSquares, tf } from '../../src/index.js';
import { randomInput, setUpBackends, skipNative } from './native-harness.js';

/** Runs `steps` updates on `backend` from the same start; returns the final weights and state. */
function train(backend: string, update: (w: tf.Variable, s: tf.Variable[], g: tf.Tensor, step: number) => void, start: Float32Array, gradients: Float32Array[]): Float32Array[] {
  tf.setBackend(backend);
  const w = tf.variable(tf.tensor(start, [start.length]));
  const slots = [tf.variable(tf.fill([start.length], 0.1)), tf.variable(tf.zeros([start.length]))];
  gradients.forEach((values, i) => {
    const g = tf.tensor(values, [values.length]);
    update(w, slots, g, i + 1);
    g.dispose();
  });
  const result = [w, ...slots].map((v) => Float32Array.from(v.dataSync()));
  tf.dispose([w, ...slots]);
  return result;
}

function expectClose(actual: Float32Array[], expected: Float32Array[]): void {
  actual.forEach((values, i) => values.forEach((value, j) => expect(value).toBeCloseTo((expected[i] as Float32Array)[j] as number, 5)));
}

describe.skipIf(skipNative)('fused optimizers: native pass equals the tfjs-op formula', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(3);
  const start = randomInput(rng, [301]).values;
  const gradients = Array.from({ length: 5 }, () => randomInput(rng, [301]).values);

  it('applyAdagrad, with clipping scale, equals torch.optim.Adagrad computed by hand', () => {
    const update = (w: tf.Variable, [acc]: tf.Variable[], g: tf.Tensor) => applyAdagrad(w, acc as tf.Variable, g, 0.05, 1e-2, 0.5);
    const native = train('native', update, start, gradients);
    expectClose(native, train('cpu', update, start, gradients));
    // By hand for element 0: acc starts at 0.1.
    let w = start[0] as number;
    let acc = 0.1;
    for (const g of gradients) {
      const scaled = 0.5 * (g[0] as number);
      acc += scaled * scaled;
      w -= (0.05 * scaled) / (Math.sqrt(acc) + 1e-2);
    }
    expect(native[0]?.[0]).toBeCloseTo(w, 5);
    expect(native[1]?.[0]).toBeCloseTo(acc, 5);
  });

  it('applyAdam equals tf.train.adam', () => {
    const options = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    const update = (w: tf.Variable, [m, v]: tf.Variable[], g: tf.Tensor, step: number) => {
      if (step === 1) {
        (m as tf.Variable).assign(tf.zerosLike(m as tf.Variable));
      }
      applyAdam(w, { m: m as tf.Variable, v: v as tf.Variable }, g, { ...options, step });
    };
    const native = train('native', update, start, gradients);
    expectClose(native, train('cpu', update, start, gradients));
    tf.setBackend('cpu');
    const w = tf.variable(tf.tensor(start, [start.length]));
    const adam = tf.train.adam(options.learningRate, options.beta1, options.beta2, options.epsilon);
    for (const values of gradients) adam.applyGradients([{ name: w.name, tensor: tf.tensor(values, [values.length]) }]);
    const reference = Float32Array.from(w.dataSync());
    (native[0] as Float32Array).forEach((value, j) => expect(value).toBeCloseTo(reference[j] as number, 5));
    adam.dispose();
    w.dispose();
  });

  it('updates in place only storage nothing else shares: a reshape of the variable keeps its values', () => {
    tf.setBackend('native');
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const accumulator = tf.variable(tf.zeros([3]));
    const gradient = tf.tensor1d([1, 1, 1]);
    const view = tf.reshape(w, [3, 1]); // shares w's storage
    applyAdagrad(w, accumulator, gradient, 0.5, 0);
    expect(Array.from(view.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(w.dataSync())).toEqual([0.5, 1.5, 2.5]);
    view.dispose();
    // Now w's storage is its own: the next step writes it in place, and the result is the same formula.
    const before = tf.memory().numTensors;
    applyAdagrad(w, accumulator, gradient, 0.5, 0);
    expect(tf.memory().numTensors).toBe(before);
    const expected = [0.5, 1.5, 2.5].map((value) => value - 0.5 / Math.sqrt(2));
    Array.from(w.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 6));
    tf.dispose([w, accumulator, gradient]);
  });

  it('sumOfSquares equals sum(square(x)) over several tensors, and 0 for none', () => {
    const inputs = [randomInput(rng, [37, 5]), randomInput(rng, [1]), randomInput(rng, [4, 3, 2])];
    const expected = inputs.reduce((total, input) => total + input.values.reduce((sum, value) => sum + value * value, 0), 0);
    for (const backend of ['native', 'cpu']) {
      tf.setBackend(backend);
      const tensors = inputs.map((input) => tf.tensor(input.values, input.shape));
      expect(sumOfSquares(tensors)).toBeCloseTo(expected, 4);
      expect(sumOfSquares([])).toBe(0);
      tf.dispose(tensors);
    }
  });
});
