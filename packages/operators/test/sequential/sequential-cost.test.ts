import { describe, expect, it } from 'vitest';
import { sequentialCost } from '../../src/index.js';

const SASREC = {
  sequenceLength: 50,
  itemCount: 12_101,
  hiddenWidth: 64,
  attentionWidth: 64,
  maxHeads: 2,
  layers: [
    { heads: 2, ffnWidth: 256 },
    { heads: 2, ffnWidth: 256 },
  ],
};

describe('sequentialCost', () => {
  it("counts SASRec's FLOPs per sequence term by term (d 64, 2 layers, 2 heads, f 256, L 50, 12,101 items)", () => {
    const L = 50;
    const d = 64;
    const embedding =
      L * d + // item + position add
      5 * L * d; // LayerNorm
    const attention =
      3 * (2 * L * d * d + L * d) + // Q, K, V projections (2 heads x 32 = 64 wide) with bias
      2 * L * L * d + // Q K^T, all heads
      2 * (2 * L * L) + // 1 / sqrt(32) scaling and the additive mask on 2 x 50 x 50 scores
      3 * (2 * L * L) + // softmax
      2 * L * L * d + // probabilities x V
      (2 * L * d * d + L * d) + // output projection with bias
      (L * d + 5 * L * d); // residual add + LayerNorm
    const ffn =
      (2 * L * d * 256 + L * 256) + // dense 64 -> 256 with bias
      8 * L * 256 + // GELU
      (2 * L * 256 * d + L * d) + // dense 256 -> 64 with bias
      (L * d + 5 * L * d); // residual add + LayerNorm
    const scoring = 2 * 12_101 * d; // last position against every item
    expect(attention).toBe(2_335_400);
    expect(ffn).toBe(3_414_400);
    const cost = sequentialCost(SASREC);
    expect(cost.embedding.flops).toBe(embedding);
    expect(cost.perLayer[0]?.attention.flops).toBe(attention);
    expect(cost.perLayer[0]?.ffn.flops).toBe(ffn);
    expect(cost.scoring.flops).toBe(scoring);
    expect(cost.flops).toBe(13_067_728);
    // Item table with its padding row, positions, embedding LayerNorm, then 2 x (attention 16,768 + FFN 33,216).
    expect(cost.params).toBe(12_102 * 64 + 50 * 64 + 128 + 2 * (16_768 + 33_216));
  });

  it('prices kept heads, FFN width and layer keep probabilities, including expected (fractional) sizes', () => {
    const full = sequentialCost(SASREC);
    const oneHead = sequentialCost({ ...SASREC, layers: [{ heads: 1, ffnWidth: 256 }, SASREC.layers[1] as { heads: number; ffnWidth: number }] });
    expect(oneHead.flops).toBeLessThan(full.flops);
    const halfKept = sequentialCost({ ...SASREC, layers: [SASREC.layers[0] as { heads: number; ffnWidth: number }, { heads: 2, ffnWidth: 256, keep: 0.5 }] });
    expect(halfKept.flops).toBeCloseTo(full.flops - 0.5 * (full.perLayer[1]?.flops ?? 0), 6);
    const expected = sequentialCost({ ...SASREC, hiddenWidth: 40.5, layers: [{ heads: 1.5, ffnWidth: 100.25 }] });
    expect(Number.isFinite(expected.flops)).toBe(true);
    expect(expected.flops).toBeGreaterThan(sequentialCost({ ...SASREC, hiddenWidth: 40, layers: [{ heads: 1, ffnWidth: 100 }] }).flops);
    expect(expected.flops).toBeLessThan(sequentialCost({ ...SASREC, hiddenWidth: 41, layers: [{ heads: 2, ffnWidth: 101 }] }).flops);
  });
});
