import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith } from '@recnas/core';
import { DEFAULT_PIM_CONFIG_SPACE, type PimConfigSpace } from '@recnas/pim-sim';
import {
  JointEvolutionOptionsCodec,
  architectureHashOf,
  bestFeasible,
  createJointEvolution,
  decodeJointEvolutionState,
  jointCandidateHash,
  paretoFront,
  type Evaluation,
  type JointCandidate,
  type JointEvolutionState,
  type JointSpace,
  type SearchStrategy,
} from '../src/index.js';
import { tinySpace } from './fixtures/strategies.js';

const WIDTHS = [16, 32, 64, 128, 256];
const HARDWARE: PimConfigSpace = {
  ...DEFAULT_PIM_CONFIG_SPACE,
  placement: { matrix: ['host', 'reram-pim'], 'embedding-gather': ['host'], elementwise: ['host'], attention: ['host'] },
  crossbarSize: [64, 128, 256],
  adcBits: [4, 6, 8],
  weightBits: [8],
  activationBits: [8],
  reramTiles: [256],
  dramPimUnits: [8],
};
const SPACE: JointSpace = { architecture: tinySpace(WIDTHS), hardware: HARDWARE };

/** Planted objectives: wider is more accurate and costs more; ReRAM with small crossbars and ADCs is cheapest. */
function objectives(candidate: JointCandidate): Record<string, number> {
  const width = candidate.architecture.blocks[0]?.denseWidth ?? 0;
  const onHost = candidate.hardware['placement.matrix'] === 'host';
  const factor = onHost ? 10 : ((candidate.hardware['reramPim.adcBits'] as number) / 4) * ((candidate.hardware['reramPim.crossbarSize'] as number) / 64);
  return { loss: 1 / width, energy: width * factor };
}

const options = (extra: Record<string, unknown> = {}) => {
  const decoded = decodeWith(JointEvolutionOptionsCodec, { population: 8, generations: 15, childrenPerGeneration: 4, tournamentSize: 4, initialMutations: 2, ...extra }, 'options');
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
};

function step<S>(strategy: SearchStrategy<S, JointSpace, JointCandidate>, state: S, log: Evaluation[]): S {
  const asked = strategy.ask(state, 3);
  const told = asked.candidates.map((candidate) => ({ archHash: jointCandidateHash(candidate), objectives: objectives(candidate) }));
  log.push(...told);
  return strategy.tell(asked.state, told);
}

function runAll(strategy: SearchStrategy<JointEvolutionState, JointSpace, JointCandidate>, seed: number): Evaluation[] {
  const log: Evaluation[] = [];
  let state = strategy.init(SPACE, seed);
  while (!strategy.isDone(state)) state = step(strategy, state, log);
  return log;
}

describe('createJointEvolution', () => {
  it('finds the known Pareto front of a toy joint space (loss vs energy)', () => {
    const log = runAll(createJointEvolution(options()), 7);
    expect(log).toHaveLength(8 + 15 * 4);
    expect(new Set(log.map((entry) => entry.archHash)).size).toBe(log.length);
    const front = paretoFront(log.map((entry) => entry.objectives), ['loss', 'energy']).map((index) => log[index]?.objectives);
    const known = WIDTHS.map((width) => ({ loss: 1 / width, energy: width }));
    expect(new Set(front.map((point) => JSON.stringify(point)))).toEqual(new Set(known.map((point) => JSON.stringify(point))));
  });

  it('honours a constraint: the best feasible candidate is the most accurate one within the energy bound', () => {
    const constraints = [{ objective: 'energy', max: 64 }];
    const strategy = createJointEvolution(options({ constraints, tournamentSize: 8 }));
    const log: Evaluation[] = [];
    const parents: string[] = [];
    let state = strategy.init(SPACE, 11);
    while (!strategy.isDone(state)) {
      const asked = strategy.ask(state, 3);
      parents.push(...asked.candidates.map((candidate) => String(candidate.architecture.metadata?.['parentHash'] ?? '')).filter((hash) => hash !== ''));
      const told = asked.candidates.map((candidate) => ({ archHash: jointCandidateHash(candidate), objectives: objectives(candidate) }));
      log.push(...told);
      state = strategy.tell(asked.state, told);
    }
    expect(bestFeasible(log, constraints)?.objectives).toEqual({ loss: 1 / 64, energy: 64 });
    // A whole-population tournament picks a feasible parent whenever the population holds one (Deb's rule);
    // aging can drop the last feasible member for a generation.
    const byHash = new Map(log.map((entry) => [entry.archHash, entry]));
    expect(parents.length).toBeGreaterThan(20);
    const feasibleParents = parents.filter((hash) => (byHash.get(hash)?.objectives['energy'] as number) <= 64);
    expect(feasibleParents.length / parents.length).toBeGreaterThanOrEqual(0.75);
  });

  it('resumes exactly: encode, JSON, decode and continue equals an uninterrupted run', () => {
    const strategy = createJointEvolution(options());
    const uninterrupted = runAll(strategy, 3);
    const log: Evaluation[] = [];
    let state = strategy.init(SPACE, 3);
    for (let i = 0; i < 7; i++) {
      state = step(strategy, state, log);
      const decoded = decodeJointEvolutionState(JSON.parse(JSON.stringify(strategy.stateCodec.encode(state))));
      if (E.isLeft(decoded)) throw decoded.left;
      state = decoded.right;
    }
    while (!strategy.isDone(state)) state = step(strategy, state, log);
    expect(log).toEqual(uninterrupted);
  });

  it('keeps the hardware fixed when the space has none', () => {
    const strategy = createJointEvolution(options({ population: 3, generations: 1, childrenPerGeneration: 1, tournamentSize: 2 }));
    const asked = strategy.ask(strategy.init({ architecture: tinySpace(WIDTHS), hardware: null }, 1), 3);
    expect(asked.candidates.every((candidate) => Object.keys(candidate.hardware).length === 0)).toBe(true);
    const hash = jointCandidateHash(asked.candidates[0] as JointCandidate);
    expect(architectureHashOf(hash)).toHaveLength(16);
  });

  it('rejects a corrupt state at its JSON path and bad options', () => {
    const strategy = createJointEvolution(options());
    const asked = strategy.ask(strategy.init(SPACE, 1), 2);
    const encoded = JSON.parse(JSON.stringify(strategy.stateCodec.encode(asked.state)));
    encoded.pending[0].hash = 'nope';
    const decoded = decodeJointEvolutionState(encoded);
    expect(E.isLeft(decoded) && decoded.left.message).toContain('pending[0].hash');
    const bad = decodeWith(JointEvolutionOptionsCodec, { population: 4, tournamentSize: 9 }, 'search');
    expect(E.isLeft(bad) && bad.left.message).toContain('tournamentSize: expected at most population (4), got 9');
  });
});
