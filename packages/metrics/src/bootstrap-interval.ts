import { Rng, isRecnasError } from '@recnas/core';
import { pairedValues } from './internal/paired-values.js';
import { checkPositiveInteger, metricError } from './internal/validate.js';

const METRIC = 'bootstrapInterval';

/** A statistic of paired samples, e.g. `computeKendallTau`; it throws reason `constant-input` where it is undefined. */
export type PairedStatistic = (x: ArrayLike<number>, y: ArrayLike<number>) => number;

export interface BootstrapIntervalOptions {
  /** Resamples to draw (a positive integer; default 1,000). */
  readonly resamples?: number;
  /** Coverage of the interval, strictly between 0 and 1 (default 0.95). */
  readonly confidence?: number;
  /** Seed of the resampling stream (uint32): the same seed draws the same resamples. */
  readonly seed: number;
}

/** A percentile bootstrap interval and the resamples it was computed from. */
export interface BootstrapInterval {
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  /** Resamples drawn. */
  readonly resamples: number;
  /** Drawn resamples on which the statistic is undefined (constant x or y); the interval leaves them out. */
  readonly skipped: number;
}

function checkOptions(options: BootstrapIntervalOptions): { resamples: number; confidence: number; seed: number } {
  const { resamples = 1000, confidence = 0.95, seed } = options;
  checkPositiveInteger(METRIC, 'resamples', resamples);
  if (!(confidence > 0 && confidence < 1)) {
    throw metricError(METRIC, 'bad-option', `confidence must be strictly between 0 and 1, got ${String(confidence)}`, { confidence });
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw metricError(METRIC, 'bad-option', `seed must be an integer in [0, 2^32 - 1], got ${String(seed)}`, { seed });
  }
  return { resamples, confidence, seed };
}

/** The p-quantile of ascending `sorted` values, interpolating linearly between order statistics (numpy's default). */
function quantile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower === upper ? lower : lower + (position - below) * (upper - lower);
}

/**
 * Percentile bootstrap confidence interval of a paired statistic: draws `resamples` resamples of the
 * (x[i], y[i]) pairs with replacement from `Rng.fromSeed(seed)`, evaluates `statistic` on each, and returns
 * the (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the values. Resamples on which the statistic
 * throws reason `constant-input` are counted in `skipped` and left out; any other error propagates.
 * Throws RecnasError `INVARIANT`: `bad-option` for bad options, the `pairedValues` reasons for bad input,
 * `bad-score` when the statistic returns NaN, and `constant-input` when it is undefined on every resample.
 * @example
 * bootstrapInterval(scores, scratchLosses, computeKendallTau, { seed: 7 }); // { low: 0.12, high: 0.53, confidence: 0.95, resamples: 1000, skipped: 0 }
 */
export function bootstrapInterval(x: ArrayLike<number>, y: ArrayLike<number>, statistic: PairedStatistic, options: BootstrapIntervalOptions): BootstrapInterval {
  const { resamples, confidence, seed } = checkOptions(options);
  const { xs, ys } = pairedValues(METRIC, x, y);
  const n = xs.length;
  const rng = Rng.fromSeed(seed);
  const resampledX = new Float64Array(n);
  const resampledY = new Float64Array(n);
  const values = new Float64Array(resamples);
  let defined = 0;
  for (let resample = 0; resample < resamples; resample++) {
    for (let i = 0; i < n; i++) {
      const pick = rng.nextInt(n);
      resampledX[i] = xs[pick]!;
      resampledY[i] = ys[pick]!;
    }
    let value: number;
    try {
      value = statistic(resampledX, resampledY);
    } catch (error) {
      if (isRecnasError(error) && error.details['reason'] === 'constant-input') continue;
      throw error;
    }
    if (Number.isNaN(value)) {
      throw metricError(METRIC, 'bad-score', `the statistic returned NaN on resample ${resample}; an undefined statistic must throw reason constant-input`, { resample });
    }
    values[defined++] = value;
  }
  if (defined === 0) {
    throw metricError(METRIC, 'constant-input', `the statistic is undefined on all ${resamples} resamples of ${n} pairs`, { n, resamples });
  }
  const sorted = values.subarray(0, defined).sort();
  const tail = (1 - confidence) / 2;
  return { low: quantile(sorted, tail), high: quantile(sorted, 1 - tail), confidence, resamples, skipped: resamples - defined };
}
