import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { SeedCodec, decodeWith, strictType, type RecnasError } from '@recnas/core';
import { CountCodec } from './internal/count-codec.js';
import { FiniteNumberCodec } from './internal/finite-number.js';
import { RngStateCodec } from './internal/rng-state-codec.js';
import { ruleError, withRules } from './internal/rule-error.js';
import { JointCandidateCodec, JointSpaceCodec, jointCandidateHash } from './joint-candidate.js';
import { JointEvolutionOptionsCodec } from './joint-evolution-options.js';

/** A proposed joint candidate and its hash. */
export const PendingJointCandidateCodec = strictType({ hash: t.string, candidate: JointCandidateCodec }, 'PendingJointCandidate');
export type PendingJointCandidate = t.TypeOf<typeof PendingJointCandidateCodec>;

/** A told joint candidate with its objectives. */
export const EvaluatedJointCandidateCodec = strictType(
  { hash: t.string, candidate: JointCandidateCodec, objectives: t.record(t.string, FiniteNumberCodec) },
  'EvaluatedJointCandidate',
);
export type EvaluatedJointCandidate = t.TypeOf<typeof EvaluatedJointCandidateCodec>;

const FieldsCodec = strictType(
  {
    options: JointEvolutionOptionsCodec,
    space: JointSpaceCodec,
    seed: SeedCodec,
    rng: RngStateCodec,
    initialSlotsUsed: CountCodec,
    generation: CountCodec,
    generationSlotsUsed: CountCodec,
    population: t.array(EvaluatedJointCandidateCodec),
    pending: t.array(PendingJointCandidateCodec),
    seen: t.array(t.string),
    evaluated: CountCodec,
  },
  'JointEvolutionState',
);
type Fields = t.TypeOf<typeof FieldsCodec>;

function stateRuleErrors(state: Fields, context: t.Context): t.ValidationError[] {
  const { options } = state;
  const errors: t.ValidationError[] = [];
  if (state.initialSlotsUsed > options.population) errors.push(ruleError(context, ['initialSlotsUsed'], `at most options.population (${options.population})`, state.initialSlotsUsed));
  if (state.generation > options.generations) errors.push(ruleError(context, ['generation'], `at most options.generations (${options.generations})`, state.generation));
  if (state.population.length > options.population) errors.push(ruleError(context, ['population'], `at most options.population (${options.population}) members`, state.population.length));
  for (const key of ['population', 'pending'] as const) {
    state[key].forEach((record, index) => {
      const expected = jointCandidateHash(record.candidate);
      if (record.hash !== expected) errors.push(ruleError(context, [key, index, 'hash'], `the hash of its candidate (${expected})`, record.hash));
    });
  }
  const seen = new Set(state.seen);
  state.pending.forEach((record, index) => {
    if (!seen.has(record.hash)) errors.push(ruleError(context, ['pending', index, 'hash'], 'a hash listed in seen', record.hash));
  });
  return errors;
}

/**
 * The JSON state of `joint-evolution`, checkpointed after every call: options, joint space, seed and RNG
 * words, slot counters, the aging population (oldest first), pending candidates, every hash proposed and the
 * number told. Decoding rejects counters beyond the options, records whose hash is not their candidate's and
 * pending hashes missing from `seen`, each at its JSON path.
 */
export const JointEvolutionStateCodec = withRules(FieldsCodec, stateRuleErrors);
export type JointEvolutionState = t.TypeOf<typeof JointEvolutionStateCodec>;

/** Decodes a checkpointed joint-evolution state; failures are CHECKPOINT_CORRUPT with every issue and its path. */
export function decodeJointEvolutionState(input: unknown): E.Either<RecnasError, JointEvolutionState> {
  return decodeWith(JointEvolutionStateCodec, input, 'joint-evolution state', 'CHECKPOINT_CORRUPT');
}
