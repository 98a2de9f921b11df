import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { BudgetScheduleCodec, budgetAt, resourcePenalty, type BudgetSchedule } from '../src/index.js';

function schedule(input: Record<string, unknown>): BudgetSchedule {
  const decoded = BudgetScheduleCodec.decode(input);
  if (E.isLeft(decoded)) throw new Error('bad schedule');
  return decoded.right;
}
const linear = schedule({});
const ends = { start: 100, target: 40 };

describe('budgetAt', () => {
  it('moves linearly from the unconstrained cost to the target over the ramp, then holds the target', () => {
    expect(budgetAt(0, ends, linear)).toBe(100);
    expect(budgetAt(0.25, ends, linear)).toBe(70); // halfway through the ramp: 40 + 60 / 2
    expect(budgetAt(0.5, ends, linear)).toBe(40);
    expect(budgetAt(0.9, ends, linear)).toBe(40);
  });
  it('follows half a cosine when asked: slow at both ends, the midpoint at the middle', () => {
    const cosine = schedule({ schedule: 'cosine' });
    expect(budgetAt(0.25, ends, cosine)).toBeCloseTo(70, 12);
    expect(budgetAt(0.05, ends, cosine)).toBeGreaterThan(budgetAt(0.05, ends, linear));
  });
  it('is the target from the first step when static (the ablation)', () => {
    expect(budgetAt(0, ends, schedule({ dynamic: false }))).toBe(40);
  });
  it('never constrains above the start', () => {
    expect(budgetAt(0, { start: 10, target: 20 }, linear)).toBe(20);
  });
});

describe('resourcePenalty', () => {
  it('is lambda * max(0, cost / budget - 1)', () => {
    expect(resourcePenalty(150, 100, 2)).toBe(1);
    expect(resourcePenalty(80, 100, 2)).toBe(0);
  });
});

describe('BudgetScheduleCodec', () => {
  it('fills the defaults and names a bad value', () => {
    expect(BudgetScheduleCodec.decode({})).toEqual(E.right({ dynamic: true, schedule: 'linear', rampFraction: 0.5 }));
    expect(E.isLeft(BudgetScheduleCodec.decode({ schedule: 'step' }))).toBe(true);
  });
});
