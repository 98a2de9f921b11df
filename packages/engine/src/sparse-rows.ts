import { loadNativeAddon } from './native/native-addon.js';

/**
 * Embedding rows kept outside autograd (the wasm backend has no gradient for tf.gather, and a dense
 * gradient of a whole table would be wasteful): `tables[f]` holds field f's rows of `dim` floats, and
 * `ids` is `[B x fieldCount]` row-major. Callers check the ids; these functions assume they are in range.
 * The native addon runs them when it is built (whatever the tfjs backend), with results identical to the
 * TypeScript below.
 */
export interface SparseRows {
  readonly tables: ReadonlyArray<Float32Array>;
  readonly dim: number;
}

/**
 * A zeroed Float32Array of `length` for an embedding table or its accumulators. With the native addon it
 * asks for transparent huge pages before anything is written: rows are read and updated at random, which
 * on 4 KiB pages costs a TLB miss per row (measured: row-wise Adagrad over 26 tables of 500,000 x 16 rows,
 * 4.7 ms a batch of 512 on 4 KiB pages, 3.9 ms on huge pages, 1.9 ms with the kernels' prefetching).
 */
export function allocateTable(length: number): Float32Array {
  const table = new Float32Array(length);
  const loaded = loadNativeAddon();
  if (loaded.ok && length >= HUGE_PAGE_FLOATS) loaded.addon.adviseHugePages(table);
  return table;
}

/** Floats in one 2 MiB huge page: smaller tables gain nothing from the advice. */
const HUGE_PAGE_FLOATS = (2 << 20) / 4;

/** Copies the rows of `ids` into `out` (`[B x fieldCount x dim]`). */
export function gatherRows({ tables, dim }: SparseRows, ids: Int32Array, out: Float32Array): void {
  const fieldCount = tables.length;
  if (fieldCount === 0) return;
  const loaded = loadNativeAddon();
  if (loaded.ok) {
    loaded.addon.gatherRows(tables, ids, fieldCount, dim, out);
    return;
  }
  for (let slot = 0; slot < ids.length; slot++) {
    const table = tables[slot % fieldCount] as Float32Array;
    const from = (ids[slot] as number) * dim;
    out.set(table.subarray(from, from + dim), slot * dim);
  }
}

/**
 * Adds each row of `grad` (`[ids.length x dim]`) into row `ids[i]` of `target` (`[rows x dim]`), in order,
 * skipping ids below `minId` (e.g. 1 to skip a padding row 0): the table gradient of gathered rows. Ids are
 * assumed in range. Native when the addon is built (same order, same float32 sums).
 */
export function scatterAddRows(target: Float32Array, ids: Int32Array, grad: Float32Array, dim: number, minId = 0): void {
  const loaded = loadNativeAddon();
  if (loaded.ok) {
    loaded.addon.scatterAddRows(target, ids, grad, dim, minId);
    return;
  }
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id < minId) continue;
    const from = i * dim;
    const to = id * dim;
    for (let c = 0; c < dim; c++) target[to + c] = (target[to + c] as number) + (grad[from + c] as number);
  }
}

/**
 * Row-wise Adagrad as FBGEMM's EXACT_ROWWISE_ADAGRAD (TorchRec's RowWiseAdagrad, used for DLRM), in
 * place: per field, the gradients of duplicate ids are summed (float64, in batch order) into g; then per
 * distinct row `acc += mean(g^2)` over its `dim` values and `row -= learningRate g / (sqrt(acc) + epsilon)`.
 * `accumulators[f]` has one value per row; `grad` is the gradient of the gathered rows, `[B x fieldCount x dim]`.
 */
export function rowwiseAdagrad(
  { tables, dim }: SparseRows,
  accumulators: ReadonlyArray<Float32Array>,
  ids: Int32Array,
  grad: Float32Array,
  learningRate: number,
  epsilon: number,
): void {
  const fieldCount = tables.length;
  if (fieldCount === 0) return;
  const loaded = loadNativeAddon();
  if (loaded.ok) {
    loaded.addon.rowwiseAdagrad(tables, accumulators, ids, grad, fieldCount, dim, learningRate, epsilon);
    return;
  }
  const batchSize = ids.length / fieldCount;
  const summed = new Float64Array(batchSize * dim);
  const slotOfId = new Map<number, number>();
  const distinct: number[] = [];
  for (let f = 0; f < fieldCount; f++) {
    slotOfId.clear();
    distinct.length = 0;
    summed.fill(0);
    for (let b = 0; b < batchSize; b++) {
      const id = ids[b * fieldCount + f] as number;
      let slot = slotOfId.get(id);
      if (slot === undefined) {
        slot = distinct.length;
        slotOfId.set(id, slot);
        distinct.push(id);
      }
      const from = (b * fieldCount + f) * dim;
      for (let k = 0; k < dim; k++) summed[slot * dim + k]! += grad[from + k] as number;
    }
    const table = tables[f] as Float32Array;
    const accumulator = accumulators[f] as Float32Array;
    for (let slot = 0; slot < distinct.length; slot++) {
      const id = distinct[slot] as number;
      let squares = 0;
      for (let k = 0; k < dim; k++) squares += (summed[slot * dim + k] as number) ** 2;
      accumulator[id] = (accumulator[id] as number) + squares / dim;
      const step = learningRate / (Math.sqrt(accumulator[id] as number) + epsilon);
      for (let k = 0; k < dim; k++) table[id * dim + k] = (table[id * dim + k] as number) - step * (summed[slot * dim + k] as number);
    }
  }
}
