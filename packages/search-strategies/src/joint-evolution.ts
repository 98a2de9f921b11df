import { RecnasError, Rng } from '@recnas/core';
import { compareStandings, paretoStandings, type ParetoStanding } from './constrained-pareto-rank.js';
import type { Evaluation } from './evaluation.js';
import { PROPOSAL_ATTEMPTS } from './internal/propose-unique.js';
import { checkCount, checkSeed, finiteObjectives } from './internal/strategy-helpers.js';
import { jointCandidateHash, type JointCandidate, type JointSpace } from './joint-candidate.js';
import type { JointEvolutionOptions } from './joint-evolution-options.js';
import { JointEvolutionStateCodec, type EvaluatedJointCandidate, type JointEvolutionState, type PendingJointCandidate } from './joint-evolution-state.js';
import { mutateJointCandidate, sampleJointCandidate } from './mutate-joint-candidate.js';
import { mutationsForGeneration } from './mutations-for-generation.js';
import type { SearchStrategy } from './search-strategy.js';

export const JOINT_EVOLUTION_ID = 'joint-evolution';

type State = JointEvolutionState;

function proposeUnique(draw: () => JointCandidate, seen: ReadonlySet<string>): PendingJointCandidate | undefined {
  for (let attempt = 0; attempt < PROPOSAL_ATTEMPTS; attempt++) {
    const candidate = draw();
    const hash = jointCandidateHash(candidate);
    if (!seen.has(hash)) return { hash, candidate };
  }
  return undefined;
}

/** The parent: the best of `size` distinct members under constrained crowded comparison (ties: the first drawn). */
function tournamentWinner(population: ReadonlyArray<EvaluatedJointCandidate>, standings: ReadonlyArray<ParetoStanding>, size: number, rng: Rng): EvaluatedJointCandidate {
  const indices = rng.shuffle(population.map((_, index) => index)).slice(0, Math.min(size, population.length));
  let best = indices[0] as number;
  for (const index of indices.slice(1)) if (compareStandings(standings[index] as ParetoStanding, standings[best] as ParetoStanding) < 0) best = index;
  return population[best] as EvaluatedJointCandidate;
}

function nextSlot(state: State): 'initial' | 'child' | 'next-generation' | 'wait' | 'exhausted' {
  const { options } = state;
  if (state.initialSlotsUsed < options.population) return 'initial';
  if (state.generation >= options.generations) return 'exhausted';
  if (state.generationSlotsUsed === options.childrenPerGeneration) return state.pending.length > 0 ? 'wait' : 'next-generation';
  if (state.generation === 0 && state.generationSlotsUsed === 0 && state.pending.length > 0) return 'wait';
  return 'child';
}

function childOf(state: State, standings: ReadonlyArray<ParetoStanding>, seen: ReadonlySet<string>, rng: Rng): PendingJointCandidate | undefined {
  const { options } = state;
  const mutations = mutationsForGeneration(options, state.generation);
  let parent: EvaluatedJointCandidate | undefined;
  const proposal = proposeUnique(() => {
    parent = tournamentWinner(state.population, standings, options.tournamentSize, rng);
    return mutateJointCandidate(parent.candidate, state.space, mutations, options.hardwareMutationProbability, rng);
  }, seen);
  if (proposal === undefined || parent === undefined) return undefined;
  const metadata = { proposedBy: JOINT_EVOLUTION_ID, origin: 'mutation', generation: state.generation, mutations, parentHash: parent.hash };
  return { hash: proposal.hash, candidate: { ...proposal.candidate, architecture: { ...proposal.candidate.architecture, metadata } } };
}

function ask(state: State, count: number): { candidates: JointCandidate[]; state: State } {
  checkCount(JOINT_EVOLUTION_ID, count);
  const rng = Rng.fromState(state.rng, state.seed);
  const seen = new Set(state.seen);
  const candidates: JointCandidate[] = [];
  let current: State = { ...state, pending: [...state.pending], seen: [...state.seen] };
  const standings = paretoStandings(state.population.map((member) => member.objectives), state.options.objectives, state.options.constraints);
  while (candidates.length < count) {
    const slot = nextSlot(current);
    if (slot === 'wait' || slot === 'exhausted') break;
    if (slot === 'next-generation') {
      current = { ...current, generation: current.generation + 1, generationSlotsUsed: 0 };
      continue;
    }
    let proposal: PendingJointCandidate | undefined;
    if (slot === 'initial') {
      current = { ...current, initialSlotsUsed: current.initialSlotsUsed + 1 };
      const drawn = proposeUnique(() => sampleJointCandidate(current.space, rng), seen);
      const metadata = { proposedBy: JOINT_EVOLUTION_ID, origin: 'initial-population' };
      proposal = drawn === undefined ? undefined : { hash: drawn.hash, candidate: { ...drawn.candidate, architecture: { ...drawn.candidate.architecture, metadata } } };
    } else {
      current = { ...current, generationSlotsUsed: current.generationSlotsUsed + 1 };
      proposal = current.population.length > 0 ? childOf(current, standings, seen, rng) : undefined;
    }
    if (proposal === undefined) continue;
    seen.add(proposal.hash);
    current.seen.push(proposal.hash);
    current.pending.push(proposal);
    candidates.push(proposal.candidate);
  }
  return { candidates, state: { ...current, rng: rng.state() } };
}

function tell(state: State, results: ReadonlyArray<Evaluation>): State {
  const pending = new Map(state.pending.map((record) => [record.hash, record]));
  const population = [...state.population];
  let told = 0;
  for (const result of results) {
    const record = pending.get(result.archHash);
    if (record === undefined) {
      throw new RecnasError('INVARIANT', `${JOINT_EVOLUTION_ID}: result for ${result.archHash}, which is not pending (never asked, or told twice)`, { hash: result.archHash });
    }
    pending.delete(result.archHash);
    population.push({ hash: record.hash, candidate: record.candidate, objectives: finiteObjectives(result) });
    while (population.length > state.options.population) population.shift();
    told += 1;
  }
  const stillPending = state.pending.filter((record) => pending.has(record.hash));
  const next: State = { ...state, population, pending: stillPending, evaluated: state.evaluated + told };
  const { options } = next;
  const finished =
    next.initialSlotsUsed === options.population && next.pending.length === 0 && next.generationSlotsUsed === options.childrenPerGeneration && next.generation < options.generations;
  return finished ? { ...next, generation: next.generation + 1, generationSlotsUsed: 0 } : next;
}

/**
 * `joint-evolution`: aging evolution over joint architecture + hardware candidates with NSGA-II selection
 * (docs/decisions/0013-pim-co-design.md). The schedule is `regularized-evolution`'s (a random initial
 * population, then generations of `childrenPerGeneration` children, the oldest member leaving when the
 * population overflows); the tournament winner is the best member under Deb's constrained domination and
 * NSGA-II's crowded comparison over `options.objectives` (`paretoStandings`), so the population is pushed
 * towards the whole feasible Pareto front instead of one weighted sum. A child changes either its hardware
 * choice or its architecture (`mutateJointCandidate`). Results are told with `archHash` = the joint hash
 * (`jointCandidateHash`). Pure: no I/O, randomness only from the seeded state.
 */
export function createJointEvolution(options: JointEvolutionOptions): SearchStrategy<State, JointSpace, JointCandidate> {
  return {
    id: JOINT_EVOLUTION_ID,
    stateCodec: JointEvolutionStateCodec,
    init: (space, seed) => ({
      options,
      space,
      seed: checkSeed(JOINT_EVOLUTION_ID, seed),
      rng: Rng.fromSeed(seed).fork(JOINT_EVOLUTION_ID).state(),
      initialSlotsUsed: 0,
      generation: 0,
      generationSlotsUsed: 0,
      population: [],
      pending: [],
      seen: [],
      evaluated: 0,
    }),
    ask,
    tell,
    isDone: (state) => state.initialSlotsUsed === state.options.population && state.generation >= state.options.generations && state.pending.length === 0,
  };
}
