import { Rng, type ArchEncoding, type SearchSpace } from '@recnas/core';
import type { Evaluation } from './evaluation.js';
import type { EvaluatedCandidate, PendingCandidate } from './internal/candidate-records.js';
import { matchTold } from './internal/candidate-records.js';
import { proposeUnique } from './internal/propose-unique.js';
import { checkCount, checkSeed, finiteObjectives } from './internal/strategy-helpers.js';
import { mutateArchitecture } from './mutate-architecture.js';
import { mutationsForGeneration } from './mutations-for-generation.js';
import type { RegularizedEvolutionOptions } from './regularized-evolution-options.js';
import { RegularizedEvolutionStateCodec, type RegularizedEvolutionState } from './regularized-evolution-state.js';
import { sampleArchitecture } from './sample-architecture.js';
import { compareObjectives, type RankingObjectives } from './search-objectives.js';
import type { SearchStrategy } from './search-strategy.js';

export const REGULARIZED_EVOLUTION_ID = 'regularized-evolution';

type State = RegularizedEvolutionState;

/** The parent of the next child: the best-ranked of `tournamentSize` distinct members drawn uniformly. */
function tournamentWinner(population: ReadonlyArray<EvaluatedCandidate>, size: number, objectives: RankingObjectives, rng: Rng): EvaluatedCandidate {
  const indices = rng.shuffle(population.map((_, index) => index)).slice(0, Math.min(size, population.length));
  let best = population[indices[0] as number] as EvaluatedCandidate;
  for (const index of indices.slice(1)) {
    const member = population[index] as EvaluatedCandidate;
    if (compareObjectives(member.objectives, best.objectives, objectives) < 0) best = member;
  }
  return best;
}

/** Starts the next generation once every child slot of the current one is used and every child is told. */
function advanceGeneration(state: State): State {
  const { options } = state;
  const finished =
    state.initialSlotsUsed === options.population &&
    state.pending.length === 0 &&
    state.generationSlotsUsed === options.childrenPerGeneration &&
    state.generation < options.generations;
  return finished ? { ...state, generation: state.generation + 1, generationSlotsUsed: 0 } : state;
}

function initialCandidate(state: State, seen: ReadonlySet<string>, rng: Rng): PendingCandidate | undefined {
  const proposal = proposeUnique(() => sampleArchitecture(state.space, rng), seen);
  if (proposal === undefined) return undefined;
  return { archHash: proposal.archHash, arch: { ...proposal.arch, metadata: { proposedBy: REGULARIZED_EVOLUTION_ID, origin: 'initial-population' } } };
}

function childCandidate(state: State, seen: ReadonlySet<string>, rng: Rng): PendingCandidate | undefined {
  const { options } = state;
  const mutations = mutationsForGeneration(options, state.generation);
  let parent: EvaluatedCandidate | undefined;
  const proposal = proposeUnique(() => {
    parent = tournamentWinner(state.population, options.tournamentSize, options.objectives, rng);
    return mutateArchitecture(parent.arch, state.space, mutations, rng);
  }, seen);
  if (proposal === undefined || parent === undefined) return undefined;
  const metadata = { proposedBy: REGULARIZED_EVOLUTION_ID, origin: 'mutation', generation: state.generation, mutations, parentHash: parent.archHash };
  return { archHash: proposal.archHash, arch: { ...proposal.arch, metadata } };
}

/**
 * The next step of `ask`: which slot to fill, or `wait` (children of the current generation, or the
 * initial population, are still pending) or `exhausted` (every slot is used).
 */
function nextSlot(state: State): 'initial' | 'child' | 'next-generation' | 'wait' | 'exhausted' {
  const { options } = state;
  if (state.initialSlotsUsed < options.population) return 'initial';
  if (state.generation >= options.generations) return 'exhausted';
  if (state.generationSlotsUsed === options.childrenPerGeneration) return state.pending.length > 0 ? 'wait' : 'next-generation';
  // Generation 0 starts only once the whole initial population is told.
  if (state.generation === 0 && state.generationSlotsUsed === 0 && state.pending.length > 0) return 'wait';
  return 'child';
}

function ask(state: State, count: number): { candidates: ArchEncoding[]; state: State } {
  checkCount(REGULARIZED_EVOLUTION_ID, count);
  const rng = Rng.fromState(state.rng, state.seed);
  const seen = new Set(state.seen);
  const candidates: ArchEncoding[] = [];
  let current: State = { ...state, pending: [...state.pending], seen: [...state.seen] };
  while (candidates.length < count) {
    const slot = nextSlot(current);
    if (slot === 'wait' || slot === 'exhausted') break;
    if (slot === 'next-generation') {
      current = { ...current, generation: current.generation + 1, generationSlotsUsed: 0 };
      continue;
    }
    let candidate: PendingCandidate | undefined;
    if (slot === 'initial') {
      current = { ...current, initialSlotsUsed: current.initialSlotsUsed + 1 };
      candidate = initialCandidate(current, seen, rng);
    } else {
      current = { ...current, generationSlotsUsed: current.generationSlotsUsed + 1 };
      // A population emptied by failed trials cannot happen (members are only dropped when it overflows).
      candidate = current.population.length > 0 ? childCandidate(current, seen, rng) : undefined;
    }
    if (candidate === undefined) continue; // dedup gave up: the slot is spent, the budget shrinks by one
    seen.add(candidate.archHash);
    current.seen.push(candidate.archHash);
    current.pending.push(candidate);
    candidates.push(candidate.arch);
  }
  return { candidates, state: { ...current, rng: rng.state() } };
}

function tell(state: State, results: ReadonlyArray<Evaluation>): State {
  const { told, stillPending } = matchTold(REGULARIZED_EVOLUTION_ID, state.pending, state.seen, results);
  const population = [...state.population];
  for (const { candidate, result } of told) {
    population.push({ archHash: candidate.archHash, arch: candidate.arch, objectives: finiteObjectives(result) });
    // Aging: the oldest member leaves, whatever its score (Real et al. 2019; NASRec).
    while (population.length > state.options.population) population.shift();
  }
  return advanceGeneration({ ...state, population, pending: stillPending, evaluated: state.evaluated + told.length });
}

/**
 * Regularized (aging) evolution, NASRec's searcher (SPEC section 5), as an ask/tell state machine.
 * The first `population` candidates are random (`sampleArchitecture`). Once all of them are told, each
 * generation proposes `childrenPerGeneration` children: a tournament of `tournamentSize` distinct members
 * drawn from the current population picks the best-ranked (`compareObjectives` with `options.objectives`)
 * as parent, which `mutateArchitecture` changes in `mutationsForGeneration(options, generation)` choices.
 * Every proposal is new (by `archHash`, against all proposals ever); a slot whose 100 draws all repeat is
 * given up. A told result joins the population, and the oldest member leaves when it overflows.
 * Generation g + 1 starts when every child of generation g is told; until then `ask` returns fewer
 * candidates (possibly none) and the caller must `tell`. At most population + generations x
 * childrenPerGeneration candidates are proposed. Candidates carry `metadata` (origin, generation,
 * mutations, parentHash); results may be told in any order and any subset; a result for an architecture
 * that is not pending throws INVARIANT.
 */
export function createRegularizedEvolution(options: RegularizedEvolutionOptions): SearchStrategy<State, SearchSpace, ArchEncoding> {
  return {
    id: REGULARIZED_EVOLUTION_ID,
    stateCodec: RegularizedEvolutionStateCodec,
    init: (space, seed) => ({
      options,
      space,
      seed: checkSeed(REGULARIZED_EVOLUTION_ID, seed),
      rng: Rng.fromSeed(seed).fork(REGULARIZED_EVOLUTION_ID).state(),
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
