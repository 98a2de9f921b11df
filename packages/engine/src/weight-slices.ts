import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from './native/cpu-data.js';
import { nativeTarget, writableValues } from './fused-optimizers.js';

/**
 * Which entries of a rank-1 or rank-2 weight a slice takes: the kept indices of axis 0 (`rows`) and of axis 1
 * (`columns`), each ascending or not, without repeats; an absent axis is kept whole. A rank-1 weight has rows only.
 */
export interface WeightSlice {
  readonly rows?: Int32Array;
  readonly columns?: Int32Array;
}

const EMPTY = new Int32Array(0);

/** The [height, width] view of a rank-1 (`[n]` as `[n, 1]`) or rank-2 shape. */
function matrixOf(shape: ReadonlyArray<number>): [number, number] {
  if (shape.length === 1) return [shape[0] ?? 0, 1];
  if (shape.length === 2) return [shape[0] ?? 0, shape[1] ?? 0];
  throw new RangeError(`weight slices take rank-1 or rank-2 weights, got shape ${JSON.stringify(shape)}`);
}

/** The shape of `slice` of a weight of `shape`. */
export function sliceShape(shape: ReadonlyArray<number>, slice: WeightSlice): number[] {
  const [height, width] = matrixOf(shape);
  const rows = slice.rows?.length ?? height;
  if (shape.length === 1) return [rows];
  return [rows, slice.columns?.length ?? width];
}

/** Contiguous runs [start, length] of `indices` (the slices' inputs are runs of channels: a prefix per source). */
function runsOf(indices: Int32Array): Array<readonly [number, number, number]> {
  const runs: Array<readonly [number, number, number]> = []; // [source start, length, target start]
  let k = 0;
  while (k < indices.length) {
    const start = indices[k] as number;
    let length = 1;
    while (k + length < indices.length && indices[k + length] === start + length) length += 1;
    runs.push([start, length, k]);
    k += length;
  }
  return runs;
}

function checkIndices(indices: Int32Array | undefined, limit: number, axis: string): void {
  if (indices === undefined) return;
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= limit) throw new RangeError(`weight slice: ${axis} index ${index} outside [0, ${limit})`);
  }
}

/**
 * The entries of `slice` of `weight` as a new tensor with no gradient link to `weight` (a leaf: a caller
 * differentiates with respect to it and applies the result with `applyAdagradSlice`). Contiguous runs are
 * copied as blocks. Works on every backend (reads the values synchronously).
 */
export function gatherSlice(weight: tf.Tensor, slice: WeightSlice): tf.Tensor {
  const [height, width] = matrixOf(weight.shape);
  checkIndices(slice.rows, height, 'row');
  checkIndices(slice.columns, width, 'column');
  const shape = sliceShape(weight.shape, slice);
  if (slice.rows === undefined && slice.columns === undefined) return tf.clone(weight);
  const target = nativeTarget([weight]);
  const source = target === undefined ? (weight.dataSync() as Float32Array) : (floatValues(target.backend, weight) as Float32Array);
  const outWidth = shape[1] ?? 1;
  const out = new Float32Array(sizeOf(shape));
  const columnRuns = slice.columns === undefined ? [[0, width, 0] as const] : runsOf(slice.columns);
  const rowCount = shape[0] ?? 0;
  for (let r = 0; r < rowCount; r++) {
    const from = (slice.rows === undefined ? r : (slice.rows[r] as number)) * width;
    for (const [start, length, target] of columnRuns) out.set(source.subarray(from + start, from + start + length), r * outWidth + target);
  }
  return tf.tensor(out, shape, 'float32');
}

/**
 * One Adagrad step (as `applyAdagrad`: `acc += (scale g)^2; w -= lr (scale g) / (sqrt(acc) + eps)`) on the
 * entries of `slice` only, `gradient` having the slice's shape; every other entry is left as Adagrad leaves an
 * entry with a zero gradient. In place natively; elsewhere through the values read and assigned back.
 */
export function applyAdagradSlice(
  variable: tf.Variable,
  accumulator: tf.Variable,
  gradient: tf.Tensor,
  slice: WeightSlice,
  learningRate: number,
  epsilon: number,
  scale = 1,
): void {
  const [height, width] = matrixOf(variable.shape);
  const expected = sliceShape(variable.shape, slice);
  if (sizeOf(gradient.shape) !== sizeOf(expected)) throw new RangeError(`applyAdagradSlice: gradient ${JSON.stringify(gradient.shape)} is not the slice's ${JSON.stringify(expected)}`);
  checkIndices(slice.rows, height, 'row');
  checkIndices(slice.columns, width, 'column');
  const target = nativeTarget([variable, accumulator, gradient]);
  if (target !== undefined && typeof target.addon.adagradSlice === 'function') {
    const weights = writableValues(target.backend, variable);
    const squares = writableValues(target.backend, accumulator);
    const grad = floatValues(target.backend, gradient) as Float32Array;
    target.addon.adagradSlice(weights.values, squares.values, grad, slice.rows ?? EMPTY, slice.columns ?? EMPTY, width, learningRate, epsilon, scale);
    squares.commit();
    weights.commit();
    return;
  }
  const w = Float32Array.from(variable.dataSync() as Float32Array);
  const acc = Float32Array.from(accumulator.dataSync() as Float32Array);
  const g = gradient.dataSync() as Float32Array;
  const [outRows, outCols] = matrixOf(expected);
  const lr = Math.fround(learningRate);
  const eps = Math.fround(epsilon);
  const s = Math.fround(scale);
  for (let r = 0; r < outRows; r++) {
    const base = (slice.rows === undefined ? r : (slice.rows[r] as number)) * width;
    for (let c = 0; c < outCols; c++) {
      const j = base + (slice.columns === undefined ? c : (slice.columns[c] as number));
      const grad = Math.fround((g[r * outCols + c] as number) * s);
      const a = Math.fround((acc[j] as number) + Math.fround(grad * grad));
      acc[j] = a;
      w[j] = (w[j] as number) - Math.fround(Math.fround(lr * grad) / Math.fround(Math.fround(Math.sqrt(a)) + eps));
    }
  }
  tf.tidy(() => {
    accumulator.assign(tf.tensor(acc, accumulator.shape, 'float32'));
    variable.assign(tf.tensor(w, variable.shape, 'float32'));
  });
}
