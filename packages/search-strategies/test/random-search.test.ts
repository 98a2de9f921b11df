import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, archHash, decodeWith, isRecnasError, validateArchEncoding } from '@recnas/core';
import { RandomSearchOptionsCodec, decodeRandomSearchState } from '../src/index.js';
import { randomSearch, tinySpace } from './fixtures/strategies.js';
import { runSearch } from './fixtures/synthetic-search.js';

const lossOf = (): Record<string, number> => ({ loss: 0.44 });

describe('createRandomSearch', () => {
  it('proposes budget distinct valid architectures, then is done', () => {
    const strategy = randomSearch(50);
    const run = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 3), lossOf, { askCount: 7, roundTrip: false, scrambleTells: true });
    expect(run.proposed).toHaveLength(50);
    expect(new Set(run.proposed.map(archHash)).size).toBe(50);
    for (const arch of run.proposed) expect(E.isRight(validateArchEncoding(arch, NASREC_FULL_SPACE))).toBe(true);
    expect(run.finalState.evaluated).toBe(50);
    expect(strategy.isDone(run.finalState)).toBe(true);
  });

  it('gives up slots instead of repeating when the space runs out', () => {
    const strategy = randomSearch(10);
    const run = runSearch(strategy, strategy.init(tinySpace([16, 32, 64]), 3), lossOf, { askCount: 4, roundTrip: false, scrambleTells: false });
    expect(run.proposed.map((arch) => arch.blocks[0]?.denseWidth).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([16, 32, 64]);
    expect(run.finalState.slotsUsed).toBe(10);
  });

  it('resumes exactly through a JSON round trip between every call', () => {
    const strategy = randomSearch(30);
    const settings = { askCount: 4, scrambleTells: true };
    const straight = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 8), lossOf, { ...settings, roundTrip: false });
    const resumed = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 8), lossOf, { ...settings, roundTrip: true });
    expect(resumed.proposed).toEqual(straight.proposed);
    expect(resumed.finalState).toEqual(straight.finalState);
  });

  it('rejects unknown results and corrupt states', () => {
    const strategy = randomSearch(5);
    const asked = strategy.ask(strategy.init(NASREC_FULL_SPACE, 1), 2);
    let thrown: unknown;
    try {
      strategy.tell(asked.state, [{ archHash: 'ffffffffffffffff', objectives: { loss: 1 } }]);
    } catch (error) {
      thrown = error;
    }
    expect(isRecnasError(thrown) && thrown.code).toBe('INVARIANT');
    const encoded = JSON.parse(JSON.stringify(strategy.stateCodec.encode(asked.state))) as Record<string, unknown>;
    const decoded = decodeRandomSearchState({ ...encoded, slotsUsed: 6, pending: [] , seen: [1] });
    expect(E.isLeft(decoded) && decoded.left.code).toBe('CHECKPOINT_CORRUPT');
    expect(E.isLeft(decoded) && decoded.left.message).toContain('seen[0]: expected string, got 1');
    const overBudget = decodeRandomSearchState({ ...encoded, slotsUsed: 6 });
    expect(E.isLeft(overBudget) && overBudget.left.message).toContain('slotsUsed: expected at most options.budget (5), got 6');
  });
});

describe('RandomSearchOptionsCodec', () => {
  it('defaults the budget to a full NASRec search and rejects a zero budget', () => {
    expect(decodeWith(RandomSearchOptionsCodec, {}, 'search')).toEqual(E.right({ budget: 2048 }));
    const bad = decodeWith(RandomSearchOptionsCodec, { budget: 0 }, 'search');
    expect(E.isLeft(bad) && bad.left.message).toContain('budget: expected positive integer, got 0');
  });
});
