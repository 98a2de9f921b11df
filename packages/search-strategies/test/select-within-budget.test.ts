import { describe, expect, it } from 'vitest';
import { SASREC_SPACE, type SequentialArchitecture } from '@recnas/core';
import { selectWithinBudget } from '../src/index.js';

/** A cost that is easy to check by hand: hidden width x (sum over layers of heads + ffn / 32). */
const cost = (arch: SequentialArchitecture): number => arch.hiddenWidth * arch.layers.reduce((sum, layer) => sum + layer.heads + layer.ffnWidth / 32, 0);

const probabilities = {
  depth: [0.4, 0.6],
  'heads.0': [0.3, 0.7],
  'ffn.0': [0.05, 0.05, 0.1, 0.2, 0.6],
  'heads.1': [0.45, 0.55],
  'ffn.1': [0.1, 0.1, 0.2, 0.2, 0.4],
  hidden: [0.1, 0.1, 0.2, 0.6],
};

describe('selectWithinBudget', () => {
  it('keeps the argmax when it fits the budget', () => {
    // argmax: 2 layers, heads 2/2, ffn 256/256, hidden 64: 64 x (2 + 8 + 2 + 8) = 1280.
    const selection = selectWithinBudget(SASREC_SPACE, probabilities, 1280, cost);
    expect(selection.rule).toBe('argmax');
    expect(selection.cost).toBe(1280);
    expect(selection.architecture.layers).toEqual([{ heads: 2, ffnWidth: 256 }, { heads: 2, ffnWidth: 256 }]);
  });

  it('otherwise takes the most probable architecture under the budget (hand-checked)', () => {
    // Budget 640. One layer (log 0.4) at hidden 64 with heads 2, ffn 256 costs 64 x 10 = 640 and scores
    // log(0.4 x 0.6 x 0.7 x 0.6) = log 0.1008; the best two-layer fit is hidden 32 (p 0.2) with both layers at
    // heads 2, ffn 256: 32 x 20 = 640, log(0.6 x 0.2 x 0.7 x 0.6 x 0.55 x 0.4) = log 0.0111; so one layer wins.
    const selection = selectWithinBudget(SASREC_SPACE, probabilities, 640, cost);
    expect(selection.rule).toBe('most-probable-within-budget');
    expect(selection.architecture).toEqual({ hiddenWidth: 64, attentionWidth: 64, maxHeads: 2, layers: [{ heads: 2, ffnWidth: 256 }] });
    expect(selection.cost).toBe(640);
  });

  it('never returns an architecture over the budget when one fits, whatever the probabilities', () => {
    for (const budget of [100, 300, 500, 700, 900]) {
      const selection = selectWithinBudget(SASREC_SPACE, probabilities, budget, cost);
      expect(selection.cost).toBeLessThanOrEqual(budget);
      expect(cost(selection.architecture)).toBe(selection.cost);
    }
  });

  it('says so when nothing fits', () => {
    const selection = selectWithinBudget(SASREC_SPACE, probabilities, 1, cost);
    expect(selection.rule).toBe('argmax-over-budget');
    expect(selection.cost).toBe(1280);
  });
});
