import { Rng } from '@recnas/core';
import { afterEach, describe, expect, it } from 'vitest';
import { dropoutMask, gatherRows, rowwiseAdagrad, scatterAddRows } from '../../src/index.js';
import { skipNative } from './native-harness.js';

/** Runs `f` with the native addon disabled (the TypeScript fallback), restoring the environment after. */
function withoutNative<T>(f: () => T): T {
  process.env['RECNAS_NATIVE'] = '0';
  try {
    return f();
  } finally {
    delete process.env['RECNAS_NATIVE'];
  }
}

function randomTables(rng: Rng, rows: number[], dim: number): Float32Array[] {
  return rows.map((count) => Float32Array.from({ length: count * dim }, () => rng.nextFloat() * 2 - 1));
}

describe.skipIf(skipNative)('native sparse rows equal the TypeScript fallback bit for bit', () => {
  afterEach(() => {
    delete process.env['RECNAS_NATIVE'];
  });
  const rng = Rng.fromSeed(5);
  const rows = [7, 1, 300, 40];
  const dim = 5;
  const batch = 97;
  // Small tables and a big batch, so most ids repeat within a field.
  const ids = Int32Array.from({ length: batch * rows.length }, (_, slot) => rng.nextInt(rows[slot % rows.length] as number));

  it('gatherRows', () => {
    const tables = randomTables(rng, rows, dim);
    const native = new Float32Array(ids.length * dim);
    gatherRows({ tables, dim }, ids, native);
    const fallback = new Float32Array(ids.length * dim);
    withoutNative(() => gatherRows({ tables, dim }, ids, fallback));
    expect(native).toEqual(fallback);
    expect(Array.from(native.subarray(dim, 2 * dim))).toEqual(Array.from((tables[1] as Float32Array).subarray(0, dim)));
  });

  it('rowwiseAdagrad over several steps, duplicate ids included', () => {
    const start = randomTables(rng, rows, dim);
    const nativeTables = start.map((table) => table.slice());
    const fallbackTables = start.map((table) => table.slice());
    const nativeAccumulators = rows.map((count) => new Float32Array(count).fill(0.1));
    const fallbackAccumulators = rows.map((count) => new Float32Array(count).fill(0.1));
    for (let step = 0; step < 4; step++) {
      const grad = Float32Array.from({ length: ids.length * dim }, () => rng.nextFloat() * 2 - 1);
      rowwiseAdagrad({ tables: nativeTables, dim }, nativeAccumulators, ids, grad, 0.05, 1e-8);
      withoutNative(() => rowwiseAdagrad({ tables: fallbackTables, dim }, fallbackAccumulators, ids, grad, 0.05, 1e-8));
    }
    expect(nativeTables).toEqual(fallbackTables);
    expect(nativeAccumulators).toEqual(fallbackAccumulators);
    expect(nativeTables).not.toEqual(start);
  });

  it('scatterAddRows, duplicate ids summed in order, ids below minId skipped (hand-checked rows)', () => {
    const table = Float32Array.from({ length: 300 * dim }, () => rng.nextFloat());
    const rowIds = Int32Array.from({ length: 500 }, () => rng.nextInt(300));
    const grad = Float32Array.from({ length: rowIds.length * dim }, () => rng.nextFloat() * 2 - 1);
    const native = table.slice();
    scatterAddRows(native, rowIds, grad, dim, 1);
    const fallback = table.slice();
    withoutNative(() => scatterAddRows(fallback, rowIds, grad, dim, 1));
    expect(native).toEqual(fallback);
    expect(Array.from(native.subarray(0, dim))).toEqual(Array.from(table.subarray(0, dim))); // id 0 < minId
    const small = new Float32Array(2 * 2);
    scatterAddRows(small, Int32Array.from([1, 0, 1]), Float32Array.from([1, 2, 3, 4, 5, 6]), 2);
    expect(Array.from(small)).toEqual([3, 4, 6, 8]);
  });

  it('dropoutMask: the native fill equals the TypeScript loop', () => {
    const draw = { seed: 0x12345678, rate: 0.5 };
    expect(dropoutMask(draw, 10_001)).toEqual(withoutNative(() => dropoutMask(draw, 10_001)));
  });
});
