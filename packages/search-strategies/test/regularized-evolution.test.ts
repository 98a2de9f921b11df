import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, NASREC_SMALL_SPACE, Rng, archHash, isRecnasError, validateArchEncoding, type ArchEncoding } from '@recnas/core';
import { sampleArchitecture, type RegularizedEvolutionState } from '../src/index.js';
import { changedLabels } from './fixtures/choice-values.js';
import { evolution, plantedLoss, provenance, randomSearch, tinySpace } from './fixtures/strategies.js';
import { distanceTo, runSearch } from './fixtures/synthetic-search.js';

const target = sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(999));
const loss = plantedLoss(target);
const inOrder = { askCount: 1, roundTrip: false, scrambleTells: false };

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isRecnasError(error)) return error;
  }
  throw new Error('expected a RecnasError');
}

describe('createRegularizedEvolution', () => {
  it('proposes population + generations x children distinct architectures, then is done', () => {
    const strategy = evolution({ population: 12, generations: 5, childrenPerGeneration: 3, tournamentSize: 4 });
    const run = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 1), loss, { askCount: 5, roundTrip: false, scrambleTells: false });
    expect(run.proposed).toHaveLength(12 + 5 * 3);
    expect(new Set(run.proposed.map(archHash)).size).toBe(27);
    expect(run.finalState.evaluated).toBe(27);
    expect(run.proposed.slice(0, 12).every((arch) => provenance(arch).origin === 'initial-population')).toBe(true);
    const generations = run.proposed.slice(12).map((arch) => provenance(arch).generation);
    expect(generations).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    expect(strategy.ask(run.finalState, 4).candidates).toEqual([]);
  });

  it('proposes fewer candidates, never a repeat, when the space runs out', () => {
    const space = tinySpace([16, 32]); // exactly two architectures
    const strategy = evolution({ population: 4, generations: 3, childrenPerGeneration: 2, tournamentSize: 2 });
    const run = runSearch(strategy, strategy.init(space, 5), () => ({ loss: 1 }), { askCount: 3, roundTrip: false, scrambleTells: false });
    expect(run.proposed.map((arch) => arch.blocks[0]?.denseWidth).sort()).toEqual([16, 32]);
    expect(strategy.isDone(run.finalState)).toBe(true);
  });

  it('makes every proposal valid and new, whatever the options and seed (property)', () => {
    const options = fc.record({
      population: fc.integer({ min: 2, max: 10 }),
      generations: fc.integer({ min: 1, max: 6 }),
      children: fc.integer({ min: 1, max: 4 }),
      askCount: fc.integer({ min: 1, max: 7 }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      full: fc.boolean(),
    });
    fc.assert(
      fc.property(options, ({ population, generations, children, askCount, seed, full }) => {
        const space = full ? NASREC_FULL_SPACE : NASREC_SMALL_SPACE;
        const strategy = evolution({ population, generations, childrenPerGeneration: Math.min(children, population), tournamentSize: 2 });
        const run = runSearch(strategy, strategy.init(space, seed), loss, { askCount, roundTrip: false, scrambleTells: true });
        for (const arch of run.proposed) expect(E.isRight(validateArchEncoding(arch, space))).toBe(true);
        expect(new Set(run.proposed.map(archHash)).size).toBe(run.proposed.length);
        expect(run.proposed.length).toBe(population + generations * Math.min(children, population));
      }),
      { seed: 2018, numRuns: 40 },
    );
  });

  it('takes the best of the tournament as parent', () => {
    const bestOf = (state: RegularizedEvolutionState): string =>
      state.population.reduce((best, member) => ((member.objectives['loss'] ?? 0) < (best.objectives['loss'] ?? 0) ? member : best)).archHash;
    const rankOf = (state: RegularizedEvolutionState, hash: string): number => {
      const sorted = [...state.population].sort((a, b) => (a.objectives['loss'] ?? 0) - (b.objectives['loss'] ?? 0));
      return sorted.findIndex((member) => member.archHash === hash);
    };
    for (const tournamentSize of [8, 4, 1]) {
      const strategy = evolution({ population: 8, generations: 30, childrenPerGeneration: 2, tournamentSize });
      let state = strategy.init(NASREC_FULL_SPACE, 3);
      const ranks: number[] = [];
      while (!strategy.isDone(state)) {
        const asked = strategy.ask(state, 1);
        const child = asked.candidates[0];
        if (child === undefined) throw new Error('expected one candidate per call');
        const parentHash = provenance(child).parentHash;
        if (parentHash !== undefined) {
          if (tournamentSize === 8) expect(parentHash).toBe(bestOf(state)); // the whole population competes
          ranks.push(rankOf(state, parentHash));
        }
        state = strategy.tell(asked.state, [{ archHash: archHash(child), objectives: loss(child) }]);
      }
      expect(ranks).toHaveLength(60);
      // A tournament of k distinct members out of 8 never picks one of the k - 1 worst.
      expect(Math.max(...ranks)).toBeLessThanOrEqual(8 - tournamentSize);
      if (tournamentSize === 1) expect(Math.max(...ranks)).toBeGreaterThan(4);
    }
  });

  it('adds each told child to the population and drops the oldest member, even the best', () => {
    const strategy = evolution({ population: 6, generations: 20, childrenPerGeneration: 2, tournamentSize: 3 });
    let state = strategy.init(NASREC_FULL_SPACE, 4);
    let droppedTheBest = 0;
    let children = 0;
    while (!strategy.isDone(state)) {
      const asked = strategy.ask(state, 1);
      const child = asked.candidates[0] as ArchEncoding;
      const before = asked.state.population.map((member) => member.archHash);
      const told = strategy.tell(asked.state, [{ archHash: archHash(child), objectives: loss(child) }]);
      const after = told.population.map((member) => member.archHash);
      if (provenance(child).origin === 'mutation') {
        children++;
        expect(after).toEqual([...before.slice(1), archHash(child)]);
        const scores = asked.state.population.map((member) => member.objectives['loss'] ?? 0);
        if ((scores[0] ?? 0) === Math.min(...scores)) droppedTheBest++;
      } else {
        expect(after).toEqual([...before, archHash(child)]);
      }
      state = told;
    }
    expect(children).toBe(40);
    expect(droppedTheBest).toBeGreaterThan(0);
  });

  it('applies the decaying mutation count of each generation', () => {
    // 6 -> 1 over 6 generations: round(6 - g) = 6, 5, 4, 3, 2, 1.
    const strategy = evolution({ population: 10, generations: 6, childrenPerGeneration: 5, tournamentSize: 5, initialMutations: 6, finalMutations: 1 });
    const run = runSearch(strategy, strategy.init(NASREC_SMALL_SPACE, 8), loss, inOrder);
    const byHash = new Map(run.proposed.map((arch) => [archHash(arch), arch]));
    const children = run.proposed.filter((arch) => provenance(arch).origin === 'mutation');
    expect(children).toHaveLength(30);
    for (const child of children) {
      const { generation, mutations, parentHash } = provenance(child);
      expect(mutations).toBe(6 - (generation ?? Number.NaN));
      const parent = byHash.get(parentHash ?? '');
      if (parent === undefined) throw new Error('the parent was never proposed');
      // NASRec-Small has no binary operator, so k mutations change exactly k choices.
      expect(changedLabels(parent, child, NASREC_SMALL_SPACE)).toHaveLength(mutations ?? -1);
    }
  });

  it('finds a planted optimum far better than random search with the same budget', () => {
    const options = { population: 16, generations: 20, childrenPerGeneration: 4, tournamentSize: 8, initialMutations: 3, finalMutations: 1 };
    const budget = 16 + 20 * 4;
    const best = (run: { evaluations: ReadonlyArray<{ objectives: Record<string, number> }> }): number =>
      Math.min(...run.evaluations.map((evaluation) => evaluation.objectives['loss'] ?? Number.POSITIVE_INFINITY));
    const seeds = [1, 2, 3, 4];
    const evolved = seeds.map((seed) => {
      const strategy = evolution(options);
      return best(runSearch(strategy, strategy.init(NASREC_FULL_SPACE, seed), loss, { ...inOrder, askCount: 4 }));
    });
    const random = seeds.map((seed) => {
      const strategy = randomSearch(budget);
      return best(runSearch(strategy, strategy.init(NASREC_FULL_SPACE, seed), loss, { ...inOrder, askCount: 4 }));
    });
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    // Random search reaches a distance of about 40 with 96 draws; evolution about 30.
    expect(mean(evolved)).toBeLessThan(mean(random) - 6);
    expect(distanceTo(target, target)).toBe(0);
  });

  it('waits for the initial population and for each generation before proposing more', () => {
    const strategy = evolution({ population: 4, generations: 2, childrenPerGeneration: 3, tournamentSize: 2 });
    const first = strategy.ask(strategy.init(NASREC_FULL_SPACE, 2), 10);
    expect(first.candidates).toHaveLength(4);
    const results = first.candidates.map((arch) => ({ archHash: archHash(arch), objectives: loss(arch) }));
    const partly = strategy.tell(first.state, results.slice(0, 3));
    expect(strategy.ask(partly, 10).candidates).toEqual([]);
    const children = strategy.ask(strategy.tell(partly, results.slice(3)), 10);
    expect(children.candidates.map((arch) => provenance(arch).generation)).toEqual([0, 0, 0]);
    const childResults = children.candidates.map((arch) => ({ archHash: archHash(arch), objectives: loss(arch) }));
    expect(strategy.ask(strategy.tell(children.state, childResults.slice(1)), 10).candidates).toEqual([]);
    const next = strategy.ask(strategy.tell(children.state, childResults), 10);
    expect(next.candidates.map((arch) => provenance(arch).generation)).toEqual([1, 1, 1]);
    expect(strategy.isDone(next.state)).toBe(false);
  });

  it('is pure: the same state gives the same proposals and is left unchanged', () => {
    const strategy = evolution({ population: 4, generations: 2, childrenPerGeneration: 2, tournamentSize: 2 });
    const state = strategy.init(NASREC_FULL_SPACE, 6);
    const snapshot = JSON.stringify(strategy.stateCodec.encode(state));
    expect(strategy.ask(state, 3)).toEqual(strategy.ask(state, 3));
    expect(JSON.stringify(strategy.stateCodec.encode(state))).toBe(snapshot);
    expect(strategy.ask(state, 0)).toEqual({ candidates: [], state });
  });

  it('rejects results it never asked for or already received, and bad arguments', () => {
    const strategy = evolution({ population: 4, generations: 2, childrenPerGeneration: 2, tournamentSize: 2 });
    const asked = strategy.ask(strategy.init(NASREC_FULL_SPACE, 6), 2);
    const first = asked.candidates[0] as ArchEncoding;
    const told = strategy.tell(asked.state, [{ archHash: archHash(first), objectives: { loss: 0.44 } }]);
    const again = errorOf(() => strategy.tell(told, [{ archHash: archHash(first), objectives: { loss: 0.44 } }]));
    expect(again.code).toBe('INVARIANT');
    expect(again.message).toContain('which was already told');
    const stranger = errorOf(() => strategy.tell(told, [{ archHash: '0123456789abcdef', objectives: { loss: 0.44 } }]));
    expect(stranger.message).toBe('regularized-evolution: told a result for architecture 0123456789abcdef, which was never asked');
    expect(errorOf(() => strategy.ask(told, -1)).code).toBe('INVARIANT');
    expect(errorOf(() => strategy.init(NASREC_FULL_SPACE, -3)).code).toBe('INVARIANT');
  });

  it('ranks feasible candidates first when a constraint is set', () => {
    // Planted: the loss favours the target, but FLOPs above the cap make most good candidates infeasible.
    const flops = (arch: ArchEncoding): number => arch.blocks.reduce((sum, block) => sum + block.denseWidth, 0);
    const cap = 7 * 64;
    const objective = (arch: ArchEncoding): Record<string, number> => ({ ...loss(arch), flops: flops(arch) });
    const options = { population: 16, generations: 20, childrenPerGeneration: 4, tournamentSize: 16, initialMutations: 3, finalMutations: 1 };
    const constrained = evolution({ ...options, objectives: { constraints: [{ objective: 'flops', max: cap }] } });
    const run = runSearch(constrained, constrained.init(NASREC_FULL_SPACE, 9), objective, { ...inOrder, askCount: 4 });
    // With the whole population in every tournament, the parent is feasible whenever any member is.
    const evaluations = new Map(run.evaluations.map((evaluation) => [evaluation.archHash, evaluation.objectives]));
    const children = run.proposed.filter((arch) => provenance(arch).origin === 'mutation');
    const lastChildren = children.slice(-20);
    const feasibleParents = lastChildren.filter((arch) => (evaluations.get(provenance(arch).parentHash ?? '')?.['flops'] ?? Infinity) <= cap);
    expect(feasibleParents).toHaveLength(20);
    const unconstrained = evolution(options);
    const free = runSearch(unconstrained, unconstrained.init(NASREC_FULL_SPACE, 9), objective, { ...inOrder, askCount: 4 });
    const feasibleShare = (records: ReadonlyArray<{ objectives: Record<string, number> }>): number =>
      records.filter((evaluation) => (evaluation.objectives['flops'] ?? Infinity) <= cap).length / records.length;
    expect(feasibleShare(run.evaluations.slice(-40))).toBeGreaterThan(feasibleShare(free.evaluations.slice(-40)));
  });
});
