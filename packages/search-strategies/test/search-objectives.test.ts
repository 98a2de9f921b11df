import { describe, expect, it } from 'vitest';
import { PRIMARY_LOSS_ONLY, compareObjectives, constraintViolation, scalarScore, type ObjectivePoint, type RankingObjectives } from '../src/index.js';

const flopsCap: RankingObjectives = { primary: 'loss', weights: {}, constraints: [{ objective: 'flops', max: 2e6 }] };

describe('constraintViolation', () => {
  it('sums the violations normalized by each bound', () => {
    const constraints = [
      { objective: 'flops', max: 2e6 },
      { objective: 'latencySeconds', max: 0.5 },
    ];
    expect(constraintViolation({ flops: 1.5e6, latencySeconds: 0.5 }, constraints)).toBe(0);
    // (3e6 - 2e6) / 2e6 + (0.6 - 0.5) / 0.5 = 0.5 + 0.2
    expect(constraintViolation({ flops: 3e6, latencySeconds: 0.6 }, constraints)).toBeCloseTo(0.7, 12);
    // A zero bound divides by 1.
    expect(constraintViolation({ energyJoules: 0.25 }, [{ objective: 'energyJoules', max: 0 }])).toBe(0.25);
    expect(constraintViolation({ loss: 0.44 }, constraints)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('scalarScore', () => {
  it('adds weighted secondary objectives to the primary one', () => {
    expect(scalarScore({ loss: 0.44, flops: 2e6 }, PRIMARY_LOSS_ONLY)).toBe(0.44);
    expect(scalarScore({ loss: 0.44, flops: 2e6 }, { primary: 'loss', weights: { flops: 1e-8 } })).toBeCloseTo(0.46, 12);
    expect(scalarScore({ flops: 2e6 }, PRIMARY_LOSS_ONLY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('compareObjectives', () => {
  it('ranks feasible points by score, then infeasible ones by violation', () => {
    const points: ObjectivePoint[] = [
      { loss: 0.40, flops: 5e6 }, // violation 1.5
      { loss: 0.45, flops: 1e6 }, // feasible
      { loss: 0.41, flops: 2.2e6 }, // violation 0.1
      { loss: 0.44, flops: 2e6 }, // feasible (at the bound)
      { flops: 1e6 }, // feasible, failed trial (no loss)
      { loss: 0.39 }, // no flops: infinite violation
    ];
    const order = points.map((_, index) => index).sort((a, b) => compareObjectives(points[a]!, points[b]!, flopsCap));
    expect(order).toEqual([3, 1, 4, 2, 0, 5]);
  });

  it('uses the primary objective only by default', () => {
    expect(compareObjectives({ loss: 0.44, flops: 9e9 }, { loss: 0.45, flops: 1 }, PRIMARY_LOSS_ONLY)).toBeLessThan(0);
    expect(compareObjectives({ loss: 0.44 }, { loss: 0.44 }, PRIMARY_LOSS_ONLY)).toBe(0);
  });
});
