import { describe, expect, it } from 'vitest';
import { RecnasError, Rng, isRecnasError } from '@recnas/core';
import { bootstrapInterval, computeKendallTau, computeSpearman } from '../src/index.js';
import { expectInvariant } from './fixtures/reference.js';

/** y = x + Gaussian noise (sd `noise`) over x = 0..n-1, from a seeded stream. */
function noisyLine(n: number, noise: number, seed: number): { x: number[]; y: number[] } {
  const rng = Rng.fromSeed(seed);
  const x = Array.from({ length: n }, (_, i) => i);
  return { x, y: x.map((value) => value + rng.normal(0, noise)) };
}

/** Every one of the n^n resamples of n pairs, enumerated: index tuples in base n. */
function everyResample(n: number): number[][] {
  return Array.from({ length: n ** n }, (_, code) => Array.from({ length: n }, (_, position) => Math.floor(code / n ** position) % n));
}

/** The exact bootstrap distribution of tau-b on (x, y): the value on every defined resample, ascending. */
function exactTauDistribution(x: number[], y: number[]): { values: number[]; undefinedCount: number } {
  const values: number[] = [];
  let undefinedCount = 0;
  for (const picks of everyResample(x.length)) {
    try {
      values.push(computeKendallTau(picks.map((i) => x[i]!), picks.map((i) => y[i]!)));
    } catch {
      undefinedCount++;
    }
  }
  return { values: values.sort((a, b) => a - b), undefinedCount };
}

describe('bootstrapInterval', () => {
  it('returns the same interval for the same seed and another for another seed', () => {
    const { x, y } = noisyLine(30, 8, 1);
    const first = bootstrapInterval(x, y, computeKendallTau, { seed: 42 });
    expect(bootstrapInterval(x, y, computeKendallTau, { seed: 42 })).toEqual(first);
    expect(first).toMatchObject({ confidence: 0.95, resamples: 1000, skipped: 0 });
    const other = bootstrapInterval(x, y, computeKendallTau, { seed: 43 });
    expect([other.low, other.high]).not.toEqual([first.low, first.high]);
  });

  it('contains the point estimate of a clear monotone relation, and excludes 0', () => {
    const { x, y } = noisyLine(40, 6, 2);
    for (const statistic of [computeKendallTau, computeSpearman]) {
      const point = statistic(x, y);
      const interval = bootstrapInterval(x, y, statistic, { seed: 7 });
      expect(interval.low).toBeLessThanOrEqual(point);
      expect(interval.high).toBeGreaterThanOrEqual(point);
      expect(interval.low).toBeGreaterThan(0);
      expect(interval.high).toBeLessThanOrEqual(1);
    }
  });

  it('narrows as the confidence level drops', () => {
    const { x, y } = noisyLine(30, 8, 3);
    const wide = bootstrapInterval(x, y, computeSpearman, { seed: 5, confidence: 0.99 });
    const narrow = bootstrapInterval(x, y, computeSpearman, { seed: 5, confidence: 0.5 });
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it('is [1, 1] for perfectly concordant data (ties in a resample are tied in both x and y)', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = x.map((value) => value ** 2);
    for (const statistic of [computeKendallTau, computeSpearman]) {
      expect(bootstrapInterval(x, y, statistic, { seed: 11, resamples: 500 })).toEqual({ low: 1, high: 1, confidence: 0.95, resamples: 500, skipped: 0 });
    }
  });

  it('matches the exact bootstrap distribution of three pairs, enumerated over all 27 resamples', () => {
    // x = 1 2 3, y = 1 3 2. The 3 resamples of one pair repeated are constant (tau-b undefined). The 6 that
    // use all three pairs have the sample's tau, (2 - 1) / 3 = 1/3. The 18 that use exactly two pairs have
    // tau-b = +1 or -1 (that pair's sign: pairs {1, 2} and {1, 3} concordant, {2, 3} discordant), 6 each.
    // Defined values: -1 with probability 6/24, 1/3 with 6/24, 1 with 12/24.
    const x = [1, 2, 3];
    const y = [1, 3, 2];
    const exact = exactTauDistribution(x, y);
    expect(exact.undefinedCount).toBe(3);
    expect(exact.values.filter((value) => value === -1)).toHaveLength(6);
    expect(exact.values.filter((value) => Math.abs(value - 1 / 3) < 1e-12)).toHaveLength(6);
    expect(exact.values.filter((value) => value === 1)).toHaveLength(12);
    // Confidence 0.4 asks for the 0.3 and 0.7 quantiles: 1/3 and 1, far from the steps at 0.25 and 0.5, so
    // 20,000 resamples (standard error of a fraction about 0.003) give them exactly.
    const interval = bootstrapInterval(x, y, computeKendallTau, { seed: 3, resamples: 20_000, confidence: 0.4 });
    expect(interval.low).toBeCloseTo(1 / 3, 12);
    expect(interval.high).toBe(1);
    // 3 of 27 resamples are undefined: 2,222 expected, within 5 standard errors (about 44 each).
    expect(Math.abs(interval.skipped - 20_000 / 9)).toBeLessThan(5 * 44);
    // At 95% the tails are the extremes of the distribution.
    expect(bootstrapInterval(x, y, computeKendallTau, { seed: 3 })).toMatchObject({ low: -1, high: 1 });
  });

  it('takes quantiles between order statistics by linear interpolation (numpy percentile)', () => {
    // A statistic that returns 10, 20, 30, 40, 50 on successive resamples, whatever they hold. Sorted values
    // v0..v4; the p-quantile sits at position 4p: 50% -> positions 1 and 3 (20, 40); 90% -> positions 0.2 and
    // 3.8 (10 + 0.2 x 10 = 12, 40 + 0.8 x 10 = 48).
    const counting = (): ((x: ArrayLike<number>, y: ArrayLike<number>) => number) => {
      let calls = 0;
      return () => (calls += 1) * 10;
    };
    const half = bootstrapInterval([1, 2, 3], [1, 2, 3], counting(), { seed: 1, resamples: 5, confidence: 0.5 });
    expect([half.low, half.high]).toEqual([20, 40]);
    const ninety = bootstrapInterval([1, 2, 3], [1, 2, 3], counting(), { seed: 1, resamples: 5, confidence: 0.9 });
    expect(ninety.low).toBeCloseTo(12, 12);
    expect(ninety.high).toBeCloseTo(48, 12);
    const single = bootstrapInterval([1, 2, 3], [1, 2, 3], counting(), { seed: 1, resamples: 1 });
    expect([single.low, single.high]).toEqual([10, 10]);
  });

  it('counts the resamples where the statistic is undefined and leaves them out', () => {
    // Two pairs: a resample repeats one pair (constant, probability 1/2) or holds both (tau = 1).
    const interval = bootstrapInterval([1, 2], [5, 6], computeKendallTau, { seed: 9, resamples: 2000 });
    expect(interval).toMatchObject({ low: 1, high: 1, resamples: 2000 });
    // Binomial(2000, 1/2): standard error about 22.
    expect(Math.abs(interval.skipped - 1000)).toBeLessThan(5 * 22.4);
  });

  it('rejects bad options with bad-option', () => {
    const x = [1, 2, 3];
    for (const confidence of [0, 1, 1.5, -0.1, Number.NaN]) {
      expectInvariant(() => bootstrapInterval(x, x, computeKendallTau, { seed: 1, confidence }), 'bad-option', 'confidence');
    }
    for (const resamples of [0, -1, 2.5, Number.POSITIVE_INFINITY]) {
      expectInvariant(() => bootstrapInterval(x, x, computeKendallTau, { seed: 1, resamples }), 'bad-option', 'resamples');
    }
    for (const seed of [-1, 1.5, 2 ** 32]) {
      expectInvariant(() => bootstrapInterval(x, x, computeKendallTau, { seed }), 'bad-option', 'seed');
    }
  });

  it('rejects bad input as the correlations do', () => {
    expectInvariant(() => bootstrapInterval([1, 2], [1], computeKendallTau, { seed: 1 }), 'length-mismatch');
    expectInvariant(() => bootstrapInterval([], [], computeKendallTau, { seed: 1 }), 'empty');
    expectInvariant(() => bootstrapInterval([1, Number.NaN], [1, 2], computeKendallTau, { seed: 1 }), 'bad-score');
  });

  it('fails with constant-input when the statistic is undefined on every resample', () => {
    expectInvariant(() => bootstrapInterval([4, 4, 4], [1, 2, 3], computeSpearman, { seed: 1, resamples: 50 }), 'constant-input', 'all 50 resamples');
  });

  it('lets every error other than constant-input through, and rejects a NaN statistic', () => {
    const failing = (): number => {
      throw new RecnasError('INVARIANT', 'boom', { reason: 'bad-option' });
    };
    let caught: unknown;
    try {
      bootstrapInterval([1, 2, 3], [1, 2, 3], failing, { seed: 1 });
    } catch (error) {
      caught = error;
    }
    expect(isRecnasError(caught) && caught.message).toBe('boom');
    expectInvariant(() => bootstrapInterval([1, 2, 3], [1, 2, 3], () => Number.NaN, { seed: 1 }), 'bad-score', 'returned NaN');
  });
});
