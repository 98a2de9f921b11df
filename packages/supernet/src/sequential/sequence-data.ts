/**
 * The parts of a `@recnas/data-loaders` sequence dataset the sequential model reads, declared
 * structurally so this package does not depend on data-loaders at run time: a `SequenceDataset` fits.
 */
export interface SequenceRows {
  readonly rowCount: number;
  readonly maxLength: number;
  /** Dense user index of each row. */
  readonly users: Int32Array;
  /** `[rowCount x maxLength]`, left-padded with 0, most recent item last. */
  readonly input: Int32Array;
  /** Next-item targets `[rowCount x maxLength]` (training) or one held-out target per row (validation, test). */
  readonly target: Int32Array;
}

/** A leave-one-out sequence dataset (`SequenceDataset` of @recnas/data-loaders fits): items 1..itemCount, 0 = padding. */
export interface SequenceDatasetViews {
  readonly itemCount: number;
  readonly maxLength: number;
  /** Full chronological histories (CSR) by dense user index. */
  readonly historyOffsets: Int32Array;
  readonly historyItems: Int32Array;
  readonly train: SequenceRows;
  readonly validation: SequenceRows;
  readonly test: SequenceRows;
}

/** Non-padding items of row `row` of a left-padded `[rows x length]` id matrix. */
export function rowLength(ids: Int32Array, row: number, length: number): number {
  const start = row * length;
  let first = 0;
  while (first < length && (ids[start + first] as number) === 0) first++;
  return length - first;
}

/**
 * Copies rows `rows` of a `[* x maxLength]` matrix, keeping only the last `length` columns, into a new
 * `[rows.length x length]` matrix.
 */
export function copyRowTails(matrix: Int32Array, maxLength: number, rows: ArrayLike<number>, length: number): Int32Array {
  const out = new Int32Array(rows.length * length);
  for (let i = 0; i < rows.length; i++) {
    const from = (rows[i] as number) * maxLength + maxLength - length;
    out.set(matrix.subarray(from, from + length), i * length);
  }
  return out;
}
