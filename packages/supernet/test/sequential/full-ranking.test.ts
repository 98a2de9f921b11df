import * as E from 'fp-ts/lib/Either.js';
import { initBackend } from '@recnas/engine';
import { rankTarget } from '@recnas/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { SasrecModel, evaluateFullRanking } from '../../src/index.js';
import { TINY_ARCHITECTURE, walkDataset } from './sequential-fixtures.js';

describe('evaluateFullRanking', () => {
  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
  });

  it("ranks each target against every item but padding and the user's earlier items, in any batching", () => {
    const dataset = walkDataset(40, 30, 12, 8, 11);
    const model = SasrecModel.create({ itemCount: dataset.itemCount, maxLength: 8, architecture: TINY_ARCHITECTURE, seed: 5 });
    if (E.isLeft(model)) throw model.left;
    const view = dataset.validation;
    // Reference: full-length scores one user at a time, ranked by rankTarget with the history before the target.
    const ranks = Array.from({ length: view.rowCount }, (_, row) => {
      const scores = model.right.scoreLast(view.input.subarray(row * 8, row * 8 + 8), 8);
      const user = view.users[row] as number;
      const history = dataset.historyItems.subarray(dataset.historyOffsets[user], (dataset.historyOffsets[user + 1] as number) - 2);
      return rankTarget(scores, view.target[row] as number, { exclude: [0, ...history] }).rank;
    });
    const hits = (k: number): number => ranks.filter((rank) => rank <= k).length / ranks.length;
    const ndcg = (k: number): number => ranks.reduce((sum, rank) => sum + (rank <= k ? 1 / Math.log2(rank + 1) : 0), 0) / ranks.length;
    for (const batchSize of [7, 1024]) {
      const summary = evaluateFullRanking(model.right, view, dataset, { ks: [5, 10], batchSize });
      expect(summary.protocol).toBe('full');
      expect(summary.users).toBe(40);
      expect(summary.hitRate[5]).toBeCloseTo(hits(5), 10);
      expect(summary.hitRate[10]).toBeCloseTo(hits(10), 10);
      expect(summary.ndcg[10]).toBeCloseTo(ndcg(10), 10);
      expect(summary.mrr).toBeCloseTo(ranks.reduce((sum, rank) => sum + 1 / rank, 0) / ranks.length, 10);
    }
    const sampled = evaluateFullRanking(model.right, dataset.test, dataset, { protocol: { sampled: 5, seed: 1 } });
    expect(sampled.protocol).toBe('sampled-5');
    expect(evaluateFullRanking(model.right, dataset.test, dataset, { protocol: { sampled: 5, seed: 1 } })).toEqual(sampled);
    model.right.dispose();
  });
});
