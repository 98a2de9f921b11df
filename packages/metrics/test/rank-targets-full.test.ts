import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankTarget, rankTargetsFull } from '../src/index.js';

describe('rankTargetsFull', () => {
  it('ranks each row pessimistically, skipping excluded ids (hand-computed)', () => {
    // Row 0: target 2 (0.5); items 1 (0.9) and 3 (0.7) are above, item 1 is excluded -> rank 1 + 1 = 2.
    // Row 1: target 0 (0.3); item 2 ties (0.3) and item 3 (0.8) is above; padding 0 is the target, never excluded;
    //        item 3 is excluded twice (deduplicated) -> rank 1 + 1 (the tie) = 2.
    const scores = new Float32Array([0.1, 0.9, 0.5, 0.7, 0.3, 0.1, 0.3, 0.8]);
    const ranks = rankTargetsFull(scores, 4, [2, 0], { exclude: { offsets: [0, 1, 4], ids: [1, 3, 3, 0] } });
    expect([...ranks]).toEqual([2, 2]);
    expect([...rankTargetsFull(scores, 4, [2, 0])]).toEqual([3, 3]);
    expect([...rankTargetsFull(scores, 4, [2, 0], { exclude: (row) => (row === 0 ? [1, 3] : []) })]).toEqual([1, 3]);
  });

  it('agrees with rankTarget on random small cases', () => {
    const item = fc.integer({ min: 0, max: 7 });
    const caseArb = fc.integer({ min: 1, max: 8 }).chain((itemCount) =>
      fc.array(
        fc.record({
          scores: fc.array(fc.integer({ min: -3, max: 3 }).map((value) => value / 2), { minLength: itemCount, maxLength: itemCount }),
          target: fc.integer({ min: 0, max: itemCount - 1 }),
          exclude: fc.array(item.map((value) => value % itemCount), { maxLength: 6 }),
        }),
        { minLength: 1, maxLength: 5 },
      ).map((rows) => ({ itemCount, rows })),
    );
    fc.assert(
      fc.property(caseArb, ({ itemCount, rows }) => {
        const scores = new Float32Array(rows.flatMap((row) => row.scores));
        const offsets = [0];
        for (const row of rows) offsets.push((offsets[offsets.length - 1] as number) + row.exclude.length);
        const ranks = rankTargetsFull(scores, itemCount, rows.map((row) => row.target), { exclude: { offsets, ids: rows.flatMap((row) => row.exclude) } });
        rows.forEach((row, r) => expect(ranks[r]).toBe(rankTarget(row.scores, row.target, { exclude: row.exclude }).rank));
      }),
      { seed: 2018, numRuns: 300 },
    );
  });

  it('rejects NaN scores, out-of-range ids and a shape mismatch', () => {
    expect(() => rankTargetsFull(new Float32Array([0.1, Number.NaN]), 2, [0])).toThrow(/NaN/);
    expect(() => rankTargetsFull(new Float32Array([0.1, 0.2]), 2, [2])).toThrow(/target/);
    expect(() => rankTargetsFull(new Float32Array([0.1, 0.2]), 2, [0], { exclude: () => [5] })).toThrow(/excluded id 5/);
    expect(() => rankTargetsFull(new Float32Array(3), 2, [0])).toThrow(/expected 1 rows x 2 items/);
  });
});
