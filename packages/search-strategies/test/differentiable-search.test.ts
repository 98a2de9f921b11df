import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { SASREC_SPACE } from '@recnas/core';
import {
  DifferentiableSearchStateCodec,
  decodeDifferentiableSearch,
  selectSequentialArchitecture,
  type DifferentiableSearch,
  type DifferentiableSearchState,
  type SearchInstruction,
} from '../src/index.js';

function search(options: Record<string, unknown> = {}): DifferentiableSearch {
  const decoded = decodeDifferentiableSearch({ steps: 10, startCost: 100, targetCost: 50, warmupFraction: 0.2, recordEvery: 2, ...options });
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

/** Runs a whole search, reporting a cost equal to the budget; returns the instructions in order. */
function replay(strategy: DifferentiableSearch, from?: DifferentiableSearchState): { instructions: SearchInstruction[]; state: DifferentiableSearchState } {
  let state = from ?? strategy.init();
  const instructions: SearchInstruction[] = [];
  for (let next = strategy.ask(state); next !== undefined; next = strategy.ask(state)) {
    instructions.push(next);
    state = strategy.tell(state, next.kind === 'weights' ? { kind: 'weights', taskLoss: 1 } : { kind: 'architecture', taskLoss: 1, expectedCost: next.budget, penalty: 0, probabilities: { depth: [0.5, 0.5] } });
  }
  return { instructions, state };
}

describe('decodeDifferentiableSearch', () => {
  it('rejects a warm-up that leaves no architecture step, naming the option', () => {
    const decoded = decodeDifferentiableSearch({ steps: 1, startCost: 100, targetCost: 50, warmupFraction: 1 });
    expect(E.isLeft(decoded) && decoded.left.message).toContain('warmupFraction');
  });
  it('names a missing required option', () => {
    const decoded = decodeDifferentiableSearch({ steps: 10, startCost: 100 });
    expect(E.isLeft(decoded) && decoded.left.message).toContain('targetCost');
  });
});

describe('createDifferentiableSearch', () => {
  it('warms up the weights, then alternates weight and architecture steps', () => {
    const { instructions } = replay(search());
    expect(instructions.map((instruction) => instruction.kind[0]).join('')).toBe('wwwawawawawawawawa');
    expect(instructions.filter((instruction) => instruction.kind === 'architecture').map((instruction) => instruction.step)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('takes an architecture step every architectureEvery weight steps after the warm-up', () => {
    const { instructions } = replay(search({ architectureEvery: 3 }));
    expect(instructions.map((instruction) => instruction.kind[0]).join('')).toBe('wwwawwwawwwaw');
  });
  it('moves the budget from the start to the target over the ramp (dynamic constraint)', () => {
    const budgets = replay(search()).instructions.filter((instruction) => instruction.kind === 'architecture').map((instruction) => instruction.budget);
    // 8 constrained steps, ramp over half of them: 100 at the first, 50 from progress 0.5 on.
    expect(budgets[0]).toBe(100);
    expect(budgets[1]).toBeCloseTo(100 - 50 * (1 / 7) / 0.5, 10);
    expect(budgets.slice(4)).toEqual([50, 50, 50, 50]);
  });
  it('uses the target from the first step when the constraint is static', () => {
    const budgets = replay(search({ budget: { dynamic: false } })).instructions.map((instruction) => instruction.budget);
    expect(new Set(budgets)).toEqual(new Set([50]));
  });
  it('records the curve every recordEvery architecture steps, the first and the last', () => {
    const { state } = replay(search());
    expect(state.curve.map((point) => point.step)).toEqual([2, 3, 5, 7, 9]);
    expect(state.curve[0]).toMatchObject({ budget: 100, expectedCost: 100, probabilities: { depth: [0.5, 0.5] } });
  });
  it('resumes from an encoded state exactly as an uninterrupted search', () => {
    const strategy = search();
    let state = strategy.init();
    for (let i = 0; i < 7; i++) {
      const next = strategy.ask(state)!;
      state = strategy.tell(state, next.kind === 'weights' ? { kind: 'weights', taskLoss: 1 } : { kind: 'architecture', taskLoss: 1, expectedCost: next.budget, probabilities: { depth: [0.5, 0.5] } });
    }
    const decoded = DifferentiableSearchStateCodec.decode(JSON.parse(JSON.stringify(state)));
    if (E.isLeft(decoded)) throw new Error('state did not decode');
    expect(replay(strategy, decoded.right).state).toEqual(replay(strategy).state);
  });
  it('refuses a report of the wrong kind', () => {
    const strategy = search();
    expect(() => strategy.tell(strategy.init(), { kind: 'architecture', taskLoss: 1, expectedCost: 1 })).toThrow(/asked a weights step/);
  });
  it('anneals the temperature geometrically over the constrained steps', () => {
    const temperatures = replay(search({ initialTemperature: 4, finalTemperature: 1 })).instructions.filter((i) => i.kind === 'architecture').map((i) => i.temperature);
    expect(temperatures[0]).toBe(4);
    expect(temperatures[temperatures.length - 1]).toBeCloseTo(1, 12);
  });
});

describe('selectSequentialArchitecture', () => {
  it('takes the most probable option of every group, ties to the smaller one', () => {
    const arch = selectSequentialArchitecture(SASREC_SPACE, {
      depth: [0.6, 0.4],
      'heads.0': [0.5, 0.5],
      'ffn.0': [0.1, 0.1, 0.6, 0.1, 0.1],
      'heads.1': [0, 1],
      'ffn.1': [0, 0, 0, 0, 1],
      hidden: [0.1, 0.2, 0.3, 0.4],
    });
    expect(arch).toEqual({ hiddenWidth: 64, attentionWidth: 64, maxHeads: 2, layers: [{ heads: 1, ffnWidth: 128 }] });
  });
  it('names a group with the wrong number of probabilities', () => {
    expect(() => selectSequentialArchitecture(SASREC_SPACE, { depth: [1] })).toThrow(/group depth needs 2/);
  });
});
