import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { SearchSpaceCodec, SeedCodec, decodeWith, strictType, type RecnasError } from '@recnas/core';
import {
  EvaluatedCandidateCodec,
  PendingCandidateCodec,
  candidateRecordErrors,
  seenListErrors,
} from './internal/candidate-records.js';
import { CountCodec } from './internal/count-codec.js';
import { RngStateCodec } from './internal/rng-state-codec.js';
import { ruleError, withRules } from './internal/rule-error.js';
import { RegularizedEvolutionOptionsCodec } from './regularized-evolution-options.js';

const FieldsCodec = strictType(
  {
    options: RegularizedEvolutionOptionsCodec,
    space: SearchSpaceCodec,
    seed: SeedCodec,
    rng: RngStateCodec,
    initialSlotsUsed: CountCodec,
    generation: CountCodec,
    generationSlotsUsed: CountCodec,
    population: t.array(EvaluatedCandidateCodec),
    pending: t.array(PendingCandidateCodec),
    seen: t.array(t.string),
    evaluated: CountCodec,
  },
  'RegularizedEvolutionState',
);
type Fields = t.TypeOf<typeof FieldsCodec>;

function stateRuleErrors(state: Fields, context: t.Context): t.ValidationError[] {
  const { options } = state;
  const errors: t.ValidationError[] = [];
  const bound = (key: keyof Fields, value: number, max: number, what: string): void => {
    if (value > max) errors.push(ruleError(context, [key], `at most ${what} (${max})`, value));
  };
  bound('initialSlotsUsed', state.initialSlotsUsed, options.population, 'options.population');
  bound('generation', state.generation, options.generations, 'options.generations');
  bound('generationSlotsUsed', state.generationSlotsUsed, options.childrenPerGeneration, 'options.childrenPerGeneration');
  if (state.population.length > options.population) {
    errors.push(ruleError(context, ['population'], `at most options.population (${options.population}) members`, state.population.length));
  }
  errors.push(...candidateRecordErrors(state.population, 'population', state.space, context));
  errors.push(...candidateRecordErrors(state.pending, 'pending', state.space, context));
  errors.push(...seenListErrors(state.seen, state.pending, context));
  return errors;
}

/**
 * The JSON state of `regularized-evolution`, checkpointed after every call: the resolved options and the
 * space; the seed and the xoshiro128** words of its random stream; how many initial-population slots are
 * used (asked, or given up after failed dedup), the current generation and its used child slots; the
 * population oldest first (architecture, hash, objectives); the candidates asked but not told; every hash
 * ever proposed; the number of results told. Decoding also rejects counters beyond the options, records
 * whose hash is not their architecture's, architectures invalid for the space and pending hashes missing
 * from `seen`, each at its JSON path.
 */
export const RegularizedEvolutionStateCodec = withRules(FieldsCodec, stateRuleErrors);
export type RegularizedEvolutionState = t.TypeOf<typeof RegularizedEvolutionStateCodec>;

/** Decodes a checkpointed evolution state; failures are CHECKPOINT_CORRUPT with every issue and its path. */
export function decodeRegularizedEvolutionState(input: unknown): E.Either<RecnasError, RegularizedEvolutionState> {
  return decodeWith(RegularizedEvolutionStateCodec, input, 'regularized-evolution state', 'CHECKPOINT_CORRUPT');
}
