import { Rng } from '@recnas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAdagrad, applyAdagradSlice, gatherSlice, sliceShape, tf, type WeightSlice } from '../../src/index.js';
import { randomInput, setUpBackends, skipNative } from './native-harness.js';

const rows = Int32Array.from([4, 0, 1, 2]); // a run (0..2) after a lone index, as a block's inputs
const columns = Int32Array.from([1, 2, 5]);

/** The slice's gradient as a full-shape gradient with zeros outside the slice. */
function scattered(shape: [number, number], slice: WeightSlice, values: Float32Array): Float32Array {
  const full = new Float32Array(shape[0] * shape[1]);
  const [height, width] = shape;
  const rowIndices = slice.rows ?? Int32Array.from({ length: height }, (_, r) => r);
  const columnIndices = slice.columns ?? Int32Array.from({ length: width }, (_, c) => c);
  rowIndices.forEach((row, r) => columnIndices.forEach((column, c) => (full[row * width + column] = values[r * columnIndices.length + c] as number)));
  return full;
}

/** Three Adagrad steps through `update` from one start on `backend`; returns weights and accumulator. */
function run(backend: string, start: Float32Array, shape: [number, number], gradients: Float32Array[], update: (w: tf.Variable, acc: tf.Variable, g: Float32Array) => void): Float32Array[] {
  tf.setBackend(backend);
  const w = tf.variable(tf.tensor(start, shape));
  const acc = tf.variable(tf.fill(shape, 0.1));
  for (const g of gradients) update(w, acc, g);
  const result = [Float32Array.from(w.dataSync()), Float32Array.from(acc.dataSync())];
  tf.dispose([w, acc]);
  return result;
}

describe('weight slices', () => {
  beforeAll(async () => {
    if (skipNative) await tf.ready();
    else await setUpBackends();
  });

  it('gatherSlice takes the indexed rows and columns (hand-checked on a 6 x 6 matrix)', () => {
    tf.setBackend('cpu');
    const weight = tf.tensor(Float32Array.from({ length: 36 }, (_, i) => i), [6, 6]);
    const both = gatherSlice(weight, { rows, columns });
    expect(both.shape).toEqual([4, 3]);
    expect(Array.from(both.dataSync())).toEqual([25, 26, 29, 1, 2, 5, 7, 8, 11, 13, 14, 17]);
    expect(Array.from(gatherSlice(weight, { rows: Int32Array.from([5]) }).dataSync())).toEqual([30, 31, 32, 33, 34, 35]);
    const vector = tf.tensor1d([10, 11, 12, 13]);
    expect(Array.from(gatherSlice(vector, { rows: Int32Array.from([3, 1]) }).dataSync())).toEqual([13, 11]);
    expect(sliceShape([6, 6], { columns })).toEqual([6, 3]);
    expect(() => gatherSlice(weight, { rows: Int32Array.from([6]) })).toThrow(/row index 6 outside \[0, 6\)/);
    tf.dispose([weight, both, vector]);
  });

  const rng = Rng.fromSeed(5);
  const shape: [number, number] = [6, 7];
  const start = randomInput(rng, shape).values;
  const slice: WeightSlice = { rows, columns };
  const gradients = Array.from({ length: 3 }, () => randomInput(rng, [rows.length, columns.length]).values);

  it('applyAdagradSlice equals applyAdagrad with the gradient scattered into zeros (entries outside untouched)', () => {
    const sliced = run('cpu', start, shape, gradients, (w, acc, g) => applyAdagradSlice(w, acc, tf.tensor(g, [rows.length, columns.length]), slice, 0.05, 1e-2, 0.5));
    const full = run('cpu', start, shape, gradients, (w, acc, g) => applyAdagrad(w, acc, tf.tensor(scattered(shape, slice, g), shape), 0.05, 1e-2, 0.5));
    expect(Array.from(sliced[0] as Float32Array)).toEqual(Array.from(full[0] as Float32Array));
    expect(Array.from(sliced[1] as Float32Array)).toEqual(Array.from(full[1] as Float32Array));
    expect((sliced[0] as Float32Array)[3 * 7 + 3]).toBe(start[3 * 7 + 3]); // row 3 is outside the slice
    expect((sliced[0] as Float32Array)[0 * 7 + 1]).not.toBe(start[0 * 7 + 1]); // (0, 1) is inside
    expect((sliced[0] as Float32Array)[0 * 7 + 0]).toBe(start[0]); // (0, 0) is not: column 0 is outside
  });

  it.skipIf(skipNative)('the native in-place slice update equals the TypeScript one bit for bit', () => {
    const update = (w: tf.Variable, acc: tf.Variable, g: Float32Array) => applyAdagradSlice(w, acc, tf.tensor(g, [rows.length, columns.length]), slice, 0.05, 1e-2, 0.5);
    const native = run('native', start, shape, gradients, update);
    const typescript = run('cpu', start, shape, gradients, update);
    expect(Array.from(native[0] as Float32Array)).toEqual(Array.from(typescript[0] as Float32Array));
    expect(Array.from(native[1] as Float32Array)).toEqual(Array.from(typescript[1] as Float32Array));
    const rowsOnly = (w: tf.Variable, acc: tf.Variable, g: Float32Array) =>
      applyAdagradSlice(w, acc, tf.tensor(g.subarray(0, 2 * 7), [2, 7]), { rows: Int32Array.from([5, 2]) }, 0.05, 1e-2, 1);
    const rowGradients = Array.from({ length: 2 }, () => randomInput(rng, [2, 7]).values);
    expect(run('native', start, shape, rowGradients, rowsOnly)).toEqual(run('cpu', start, shape, rowGradients, rowsOnly));
  });
});
