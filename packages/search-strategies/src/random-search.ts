import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Rng, SearchSpaceCodec, SeedCodec, decodeWith, strictType, type ArchEncoding, type RecnasError, type SearchSpace } from '@recnas/core';
import type { Evaluation } from './evaluation.js';
import { PendingCandidateCodec, candidateRecordErrors, matchTold, seenListErrors } from './internal/candidate-records.js';
import { CountCodec } from './internal/count-codec.js';
import { proposeUnique } from './internal/propose-unique.js';
import { RngStateCodec } from './internal/rng-state-codec.js';
import { ruleError, withRules } from './internal/rule-error.js';
import { checkCount, checkSeed } from './internal/strategy-helpers.js';
import { RandomSearchOptionsCodec, type RandomSearchOptions } from './random-search-options.js';
import { sampleArchitecture } from './sample-architecture.js';
import type { SearchStrategy } from './search-strategy.js';

export const RANDOM_SEARCH_ID = 'random';

const FieldsCodec = strictType(
  {
    options: RandomSearchOptionsCodec,
    space: SearchSpaceCodec,
    seed: SeedCodec,
    rng: RngStateCodec,
    slotsUsed: CountCodec,
    pending: t.array(PendingCandidateCodec),
    seen: t.array(t.string),
    evaluated: CountCodec,
  },
  'RandomSearchState',
);
type Fields = t.TypeOf<typeof FieldsCodec>;

function stateRuleErrors(state: Fields, context: t.Context): t.ValidationError[] {
  const errors: t.ValidationError[] = [];
  if (state.slotsUsed > state.options.budget) errors.push(ruleError(context, ['slotsUsed'], `at most options.budget (${state.options.budget})`, state.slotsUsed));
  errors.push(...candidateRecordErrors(state.pending, 'pending', state.space, context));
  errors.push(...seenListErrors(state.seen, state.pending, context));
  return errors;
}

/**
 * The JSON state of `random` search: options, space, seed and rng words, budget slots used (asked, or given
 * up after 100 repeated draws), candidates asked but not told, every hash proposed, results told.
 */
export const RandomSearchStateCodec = withRules(FieldsCodec, stateRuleErrors);
export type RandomSearchState = t.TypeOf<typeof RandomSearchStateCodec>;

/** Decodes a checkpointed random-search state; failures are CHECKPOINT_CORRUPT with paths. */
export function decodeRandomSearchState(input: unknown): E.Either<RecnasError, RandomSearchState> {
  return decodeWith(RandomSearchStateCodec, input, 'random search state', 'CHECKPOINT_CORRUPT');
}

function ask(state: RandomSearchState, count: number): { candidates: ArchEncoding[]; state: RandomSearchState } {
  checkCount(RANDOM_SEARCH_ID, count);
  const rng = Rng.fromState(state.rng, state.seed);
  const seen = new Set(state.seen);
  const pending = [...state.pending];
  const seenList = [...state.seen];
  const candidates: ArchEncoding[] = [];
  let slotsUsed = state.slotsUsed;
  while (candidates.length < count && slotsUsed < state.options.budget) {
    slotsUsed++;
    const proposal = proposeUnique(() => sampleArchitecture(state.space, rng), seen);
    if (proposal === undefined) continue; // the slot is spent: the space is (nearly) exhausted
    const arch = { ...proposal.arch, metadata: { proposedBy: RANDOM_SEARCH_ID, origin: 'random' } };
    seen.add(proposal.archHash);
    seenList.push(proposal.archHash);
    pending.push({ archHash: proposal.archHash, arch });
    candidates.push(arch);
  }
  return { candidates, state: { ...state, rng: rng.state(), slotsUsed, pending, seen: seenList } };
}

function tell(state: RandomSearchState, results: ReadonlyArray<Evaluation>): RandomSearchState {
  const { told, stillPending } = matchTold(RANDOM_SEARCH_ID, state.pending, state.seen, results);
  return { ...state, pending: stillPending, evaluated: state.evaluated + told.length };
}

/**
 * Random search, the baseline of SPEC section 5: proposes up to `budget` distinct architectures drawn with
 * `sampleArchitecture` (dedup by `archHash`; a slot whose 100 draws all repeat is given up). It learns
 * nothing from results, but checks them: a result for an architecture that is not pending throws
 * INVARIANT. Done when the budget is spent and every candidate is told.
 */
export function createRandomSearch(options: RandomSearchOptions): SearchStrategy<RandomSearchState, SearchSpace, ArchEncoding> {
  return {
    id: RANDOM_SEARCH_ID,
    stateCodec: RandomSearchStateCodec,
    init: (space, seed) => ({
      options,
      space,
      seed: checkSeed(RANDOM_SEARCH_ID, seed),
      rng: Rng.fromSeed(seed).fork(RANDOM_SEARCH_ID).state(),
      slotsUsed: 0,
      pending: [],
      seen: [],
      evaluated: 0,
    }),
    ask,
    tell,
    isDone: (state) => state.slotsUsed >= state.options.budget && state.pending.length === 0,
  };
}
