import { describe, expect, it } from 'vitest';
import type { RankCorrelation } from '@recnas/pipeline';
import { rankCorrelationLines } from '../src/run/summary-lines.js';

const interval = (low: number, high: number) => ({ low, high, confidence: 0.95, resamples: 1000, skipped: 3 });

const CORRELATION: RankCorrelation = {
  subnets: 20,
  scratchEpochs: 2,
  inherited: { kendallTau: 0.274, spearman: 0.436, intervals: { kendallTau: interval(-0.05, 0.5), spearman: interval(-0.01, 0.71) } },
  fineTuned: { kendallTau: 0.337, spearman: 0.484, intervals: { kendallTau: interval(0.12, 0.53), spearman: interval(0.1, 0.76) } },
  points: [],
};

describe('rankCorrelationLines', () => {
  it('prints Kendall tau and Spearman with their bootstrap intervals and the scratch epochs', () => {
    expect(rankCorrelationLines(CORRELATION)).toEqual([
      'Kendall tau over 20 subnets: 0.274 [-0.050, 0.500] with inherited weights, 0.337 [0.120, 0.530] after fine-tuning',
      'Spearman over 20 subnets: 0.436 [-0.010, 0.710] with inherited weights, 0.484 [0.100, 0.760] after fine-tuning',
      '  (against the validation LogLoss after 2 from-scratch epochs; 95% bootstrap intervals in brackets)',
    ]);
  });

  it('prints the point estimates alone for a summary written before the intervals existed', () => {
    // The shape of a summary.json written before the intervals existed.
    const older = JSON.parse(
      JSON.stringify({ subnets: 20, inherited: { kendallTau: 0.274, spearman: 0.436 }, fineTuned: { kendallTau: 0.337, spearman: 0.484 } }),
    ) as RankCorrelation;
    expect(rankCorrelationLines(older)).toEqual([
      'Kendall tau over 20 subnets: 0.274 with inherited weights, 0.337 after fine-tuning',
      'Spearman over 20 subnets: 0.436 with inherited weights, 0.484 after fine-tuning',
    ]);
  });

  it('says how many scratch seeds the ground truth averages and how well they agree', () => {
    const seeded: RankCorrelation = {
      ...CORRELATION,
      scratchSeeds: 3,
      scratchAgreement: { kendallTau: 0.6, spearman: 0.75, intervals: { kendallTau: interval(0.4, 0.8), spearman: interval(0.5, 0.9) } },
    };
    expect(rankCorrelationLines(seeded).slice(2)).toEqual([
      '  (against the validation LogLoss after 2 from-scratch epochs, the mean over 3 seeds; 95% bootstrap intervals in brackets)',
      'from scratch, seed 1 against seed 2: Kendall tau 0.600 [0.400, 0.800], Spearman 0.750 [0.500, 0.900] (how well the ground truth agrees with itself)',
    ]);
  });
});
