import { RecnasError, Rng } from '@recnas/core';
import { rankTargetSampled, rankTargetsFull, summarizeRanking, type RankingSummary, type TargetRank } from '@recnas/metrics';
import type { SasrecModel } from './sasrec-model.js';
import { copyRowTails, rowLength, type SequenceDatasetViews, type SequenceRows } from './sequence-data.js';

/** How targets are ranked: against every item (`full`, the default) or 100 seeded sampled negatives. */
export type SequentialRankingProtocol = 'full' | { readonly sampled: number; readonly seed: number };

/** Options of `evaluateFullRanking`. */
export interface FullRankingOptions {
  /** Cut-offs of HR@K and NDCG@K (default 5, 10, 20). */
  readonly ks?: ReadonlyArray<number>;
  /** Default `full`; `{ sampled: 100, seed }` is labelled `sampled-100` in the summary. */
  readonly protocol?: SequentialRankingProtocol;
  /** Users scored per pass (default 1024); rows are grouped by length so short histories run short. */
  readonly batchSize?: number;
}

/**
 * The items to exclude for row `row` of `view`: the user's history before the target (full history, not
 * only the last L items, as ICLRec's rating matrices). For the dataset's own validation/test views that is
 * everything before the held-out item; for any other view, the row's input items.
 */
function historyBeforeTarget(dataset: SequenceDatasetViews, view: SequenceRows): (row: number) => Int32Array {
  const held = view === dataset.validation ? 2 : view === dataset.test ? 1 : 0;
  return (row) => {
    if (held === 0) {
      const start = row * view.maxLength;
      return view.input.subarray(start + view.maxLength - rowLength(view.input, row, view.maxLength), start + view.maxLength);
    }
    const user = view.users[row] as number;
    return dataset.historyItems.subarray(dataset.historyOffsets[user] as number, (dataset.historyOffsets[user + 1] as number) - held);
  };
}

/** Row indices ordered by input length (stable), so a batch's padded width is its longest row. */
function rowsByLength(view: SequenceRows): { order: Int32Array; lengths: Int32Array } {
  const lengths = new Int32Array(view.rowCount);
  for (let row = 0; row < view.rowCount; row++) lengths[row] = rowLength(view.input, row, view.maxLength);
  const order = Int32Array.from({ length: view.rowCount }, (_, i) => i).sort((a, b) => (lengths[a] as number) - (lengths[b] as number) || a - b);
  return { order, lengths };
}

/**
 * Leave-one-out evaluation of a SASRec model on a held-out view (validation or test): each user's target is
 * ranked against every item (full ranking; sampled only when asked), excluding the padding id 0 and the
 * user's history before the target; ties rank pessimistically. Eval mode (no dropout). Returns HR@K,
 * NDCG@K and MRR with the protocol label. Throws INVARIANT for an empty view or mismatched sizes.
 */
export function evaluateFullRanking(model: SasrecModel, view: SequenceRows, dataset: SequenceDatasetViews, options: FullRankingOptions = {}): RankingSummary {
  const ks = options.ks ?? [5, 10, 20];
  const protocol = options.protocol ?? 'full';
  const batchSize = options.batchSize ?? 1024;
  const items = dataset.itemCount + 1;
  if (view.rowCount === 0) throw new RecnasError('INVARIANT', 'evaluateFullRanking: the view has no rows');
  if (model.config.itemCount !== dataset.itemCount || view.maxLength > model.config.maxLength) {
    throw new RecnasError('INVARIANT', `evaluateFullRanking: model (${model.config.itemCount} items, L ${model.config.maxLength}) does not fit the data (${dataset.itemCount} items, L ${view.maxLength})`);
  }
  const excludeOf = historyBeforeTarget(dataset, view);
  const { order, lengths } = rowsByLength(view);
  const ranks: TargetRank[] = new Array<TargetRank>(view.rowCount);
  const label = protocol === 'full' ? ('full' as const) : (`sampled-${protocol.sampled}` as const);
  for (let start = 0; start < order.length; start += batchSize) {
    const rows = order.subarray(start, Math.min(start + batchSize, order.length));
    const length = Math.max(1, lengths[rows[rows.length - 1] as number] as number);
    const ids = copyRowTails(view.input, view.maxLength, rows, length);
    const scores = model.scoreLast(ids, length);
    const targets = Int32Array.from(rows, (row) => view.target[row] as number);
    if (protocol === 'full') {
      // Padding can never be recommended: below every score, it is the same as excluding it.
      for (let r = 0; r < rows.length; r++) scores[r * items] = Number.NEGATIVE_INFINITY;
      const batchRanks = rankTargetsFull(scores, items, targets, { exclude: (r) => excludeOf(rows[r] as number) });
      rows.forEach((row, r) => (ranks[row] = { rank: batchRanks[r] as number, candidates: items - 1, protocol: 'full' }));
    } else {
      rows.forEach((row, r) => {
        const rng = Rng.fromSeed(protocol.seed).fork(`row-${row}`);
        const exclude = [0, ...excludeOf(row)];
        const rowScores = scores.subarray(r * items, (r + 1) * items);
        ranks[row] = rankTargetSampled(rowScores, targets[r] as number, rng, { negatives: protocol.sampled, exclude });
      });
    }
  }
  const summary = summarizeRanking(ranks, ks);
  return { ...summary, protocol: label };
}
