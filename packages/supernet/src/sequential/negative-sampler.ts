import { RecnasError, type Rng } from '@recnas/core';
import type { SequenceDatasetViews } from './sequence-data.js';

/**
 * ICLRec's `neg_sample`: for every position with a target, one item drawn uniformly from 1..itemCount
 * among the items the user never interacted with (the full history, validation and test items included).
 * Keeps a reusable marker array, so a batch costs its users' history lengths plus the draws.
 */
export class NegativeSampler {
  private readonly stamp: Int32Array;
  private generation = 0;

  constructor(private readonly dataset: SequenceDatasetViews) {
    this.stamp = new Int32Array(dataset.itemCount + 1);
  }

  /**
   * Negatives `[rows x length]` for `targets` (0 where the target is 0); `users[r]` is row r's user.
   * Throws INVARIANT when a user has interacted with every item.
   */
  sample(targets: Int32Array, users: ArrayLike<number>, length: number, rng: Rng): Int32Array {
    const { historyOffsets, historyItems, itemCount } = this.dataset;
    const out = new Int32Array(targets.length);
    for (let row = 0; row < users.length; row++) {
      const user = users[row] as number;
      this.generation += 1;
      const mark = this.generation;
      let distinct = 0;
      for (let k = historyOffsets[user] as number, end = historyOffsets[user + 1] as number; k < end; k++) {
        const item = historyItems[k] as number;
        if (this.stamp[item] !== mark) distinct++;
        this.stamp[item] = mark;
      }
      if (distinct >= itemCount) throw new RecnasError('INVARIANT', `negative sampling: user ${user} has interacted with all ${itemCount} items`);
      for (let j = row * length, end = j + length; j < end; j++) {
        if ((targets[j] as number) <= 0) continue;
        let item: number;
        do item = 1 + rng.nextInt(itemCount);
        while (this.stamp[item] === mark);
        out[j] = item;
      }
    }
    return out;
  }
}
