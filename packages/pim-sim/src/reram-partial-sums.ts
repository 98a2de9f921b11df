import type { MatrixShape } from './operator-workload.js';
import { ceilDiv } from './internal/ceil-div.js';

/** The crossbar and ADC settings that decide how many rows one conversion can sum without losing bits. */
export interface PartialSumSettings {
  readonly crossbarSize: number;
  readonly cellBits: number;
  readonly adcBits: number;
}

/**
 * ADC bits that convert a full column's partial sum exactly, for 1-bit (bit-serial) inputs: the sum of
 * `rows` cells of `cellBits` each ranges over `0 .. rows * (2^cellBits - 1)`, so it needs
 * `ceil(log2(rows * (2^cellBits - 1) + 1))` bits. This is ISAAC's `A = log2(R) + v + w - 1` for `v = 1`
 * (Shafiee et al., ISCA 2016, Sec. 5, the ADC-resolution formula; ISAAC's weight-flipping encoding, which
 * saves one more bit, is not modelled): 128 rows of 2-bit cells need 9 bits, 64 rows 8 bits, 256 rows 10.
 * The analog subtraction of the `polarity` arrays (MNSIM 2.0 `Sub_Position = 0`) is assumed to keep a
 * column's result within that range (each weight sits in one array of the pair, by its sign).
 */
export function losslessAdcBits(rows: number, cellBits: number): number {
  return Math.ceil(Math.log2(rows * (2 ** cellBits - 1) + 1));
}

/**
 * Rows activated together in one read so that their partial sum fits the ADC exactly:
 * `floor((2^adcBits - 1) / (2^cellBits - 1))`, at most `crossbarSize` and at least 1 (a single cell wider
 * than the ADC is still read one row at a time; that case alone would truncate, and no config of the
 * default space reaches it). An ADC at or above `losslessAdcBits(crossbarSize, cellBits)` reads the whole
 * array at once.
 */
export function rowsPerAdcRead(settings: PartialSumSettings): number {
  const rows = Math.floor((2 ** settings.adcBits - 1) / (2 ** settings.cellBits - 1));
  return Math.max(1, Math.min(settings.crossbarSize, rows));
}

/**
 * How a matrix's array reads split when the ADC is narrower than a column's full partial sum (partial-sum
 * splitting: the rows of an array are activated in groups of `rowsPerAdcRead`, each group converted and
 * the digital shift-and-add unit summing the groups, so every result stays exact and narrow ADCs pay in
 * reads and conversions instead of accuracy).
 */
export interface PartialSumSplit {
  /** Row groups read one after another in the fullest array: `ceil(min(K, crossbarSize) / rowsPerAdcRead)`. */
  readonly sequentialReads: number;
  /** Row groups over all row blocks of the matrix (each converted per column): sum over blocks of `ceil(rowsInBlock / rowsPerAdcRead)`. */
  readonly rowGroups: number;
}

/** The partial-sum split of `matrix` (see `PartialSumSplit`); 1 read per row block when the ADC is lossless. */
export function partialSumSplit(settings: PartialSumSettings, matrix: MatrixShape): PartialSumSplit {
  const perRead = rowsPerAdcRead(settings);
  const fullBlocks = Math.floor(matrix.rows / settings.crossbarSize);
  const lastRows = matrix.rows - fullBlocks * settings.crossbarSize;
  const readsPerFullBlock = ceilDiv(settings.crossbarSize, perRead);
  const rowGroups = fullBlocks * readsPerFullBlock + (lastRows > 0 ? ceilDiv(lastRows, perRead) : 0);
  const sequentialReads = ceilDiv(Math.min(matrix.rows, settings.crossbarSize), perRead);
  return { sequentialReads, rowGroups };
}
