import { RecnasError, type Rng } from '@recnas/core';
import { tf } from '@recnas/engine';
import type { OperatorWeights, WeightInitializer } from './operator.js';

function elementCount(shape: ReadonlyArray<number>): number {
  for (const size of shape) {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new RecnasError('INVARIANT', `weight shape ${JSON.stringify(shape)} must hold non-negative integers`, { shape });
    }
  }
  return shape.reduce((product, size) => product * size, 1);
}

function variableOf(values: Float32Array, shape: ReadonlyArray<number>): tf.Variable {
  const initial = tf.tensor(values, [...shape], 'float32');
  const variable = tf.variable(initial, true);
  initial.dispose(); // the variable keeps its own reference to the data
  return variable;
}

/**
 * Weight initialisers bound to `rng` (use a fork per model, e.g. `rng.fork('weights')`): every call draws
 * from it in order, so the same seed and build order give the same weights. Returns trainable
 * `tf.Variable`s; dispose them with `disposeWeights`. Initialise a backend first.
 */
export function createWeightInitializer(rng: Rng): WeightInitializer<tf.Tensor> {
  const uniform = (shape: ReadonlyArray<number>, limit: number): tf.Tensor => {
    const values = new Float32Array(elementCount(shape));
    for (let i = 0; i < values.length; i++) values[i] = (rng.nextFloat() * 2 - 1) * limit;
    return variableOf(values, shape);
  };
  const constant = (shape: ReadonlyArray<number>, value: number): tf.Tensor =>
    variableOf(new Float32Array(elementCount(shape)).fill(value), shape);
  return {
    glorotUniform: (shape) => {
      const fanIn = shape[0] ?? 1;
      const fanOut = shape[shape.length - 1] ?? 1;
      return uniform(shape, Math.sqrt(6 / Math.max(1, fanIn + fanOut)));
    },
    uniform,
    zeros: (shape) => constant(shape, 0),
    ones: (shape) => constant(shape, 1),
    constant,
    normal: (shape, std) => {
      const values = new Float32Array(elementCount(shape));
      for (let i = 0; i < values.length; i++) values[i] = rng.normal(0, std);
      return variableOf(values, shape);
    },
  };
}

/** Disposes every weight of an operator (variables included). */
export function disposeWeights(weights: OperatorWeights<tf.Tensor>): void {
  for (const weight of Object.values(weights)) weight.dispose();
}
