import { badScore, metricError } from './internal/validate.js';

/**
 * Excluded item ids per row, as CSR (`ids[offsets[r] .. offsets[r + 1])` for row r) or as a function of
 * the row. Duplicates are allowed; the target is never excluded.
 */
export type ExcludedItems =
  | { readonly offsets: ArrayLike<number>; readonly ids: ArrayLike<number> }
  | ((row: number) => ArrayLike<number>);

/** Options of {@link rankTargetsFull}. */
export interface RankTargetsFullOptions {
  /** Items removed from each row's ranking, e.g. the user's history and the padding id 0. */
  readonly exclude?: ExcludedItems;
}

const METRIC = 'rankTargetsFull';

function excludedOf(exclude: ExcludedItems | undefined, row: number): { ids: ArrayLike<number>; start: number; end: number } {
  if (exclude === undefined) return { ids: [], start: 0, end: 0 };
  if (typeof exclude === 'function') {
    const ids = exclude(row);
    return { ids, start: 0, end: ids.length };
  }
  return { ids: exclude.ids, start: exclude.offsets[row] as number, end: exclude.offsets[row + 1] as number };
}

/**
 * Full-ranking ranks of many users at once: `scores` is `[rows x itemCount]` row-major (index = item id),
 * `targets[r]` row r's target. Rank = 1 + #{non-excluded other items with score >= the target's}
 * (pessimistic ties), exactly `rankTarget` row by row, in one pass per row without allocating per row.
 * Returns 1-based ranks. Throws RecnasError `INVARIANT` on a shape mismatch, a target or excluded id out of
 * range, or a NaN score.
 */
export function rankTargetsFull(scores: Float32Array, itemCount: number, targets: ArrayLike<number>, options: RankTargetsFullOptions = {}): Int32Array {
  const rows = targets.length;
  if (!Number.isInteger(itemCount) || itemCount <= 0 || scores.length !== rows * itemCount) {
    throw metricError(METRIC, 'length-mismatch', `scores has ${scores.length} values, expected ${rows} rows x ${itemCount} items`, {
      scoresLength: scores.length,
      rows,
      itemCount,
    });
  }
  const ranks = new Int32Array(rows);
  const stamp = new Int32Array(itemCount).fill(-1); // stamp[item] = last row that excluded it (dedup)
  for (let row = 0; row < rows; row++) {
    const target = targets[row] as number;
    if (!Number.isInteger(target) || target < 0 || target >= itemCount) {
      throw metricError(METRIC, 'bad-index', `targets[${row}] = ${String(target)} is not an item index in [0, ${itemCount})`, { row, target, itemCount });
    }
    const base = row * itemCount;
    const score = scores[base + target] as number;
    if (score !== score) throw badScore(METRIC, 'scores', base + target, score);
    let atOrAbove = 0; // includes the target itself
    let nan = false;
    for (let i = base, end = base + itemCount; i < end; i++) {
      const other = scores[i] as number;
      if (other >= score) atOrAbove++;
      else if (other !== other) nan = true;
    }
    if (nan) {
      const index = scores.subarray(base, base + itemCount).findIndex((value) => value !== value);
      throw badScore(METRIC, 'scores', base + index, Number.NaN);
    }
    const { ids, start, end } = excludedOf(options.exclude, row);
    for (let k = start; k < end; k++) {
      const item = ids[k] as number;
      if (!Number.isInteger(item) || item < 0 || item >= itemCount) {
        throw metricError(METRIC, 'bad-index', `row ${row}: excluded id ${String(item)} is not an item index in [0, ${itemCount})`, { row, value: item, itemCount });
      }
      if (item === target || stamp[item] === row) continue;
      stamp[item] = row;
      if ((scores[base + item] as number) >= score) atOrAbove--;
    }
    ranks[row] = atOrAbove;
  }
  return ranks;
}
