import type * as t from 'io-ts';
import type { ArchEncoding, SearchSpace } from '@recnas/core';
import type { Evaluation } from './evaluation.js';

/** What `ask` returns: the candidates to evaluate next and the strategy state after proposing them. */
export interface AskResult<S, Encoding> {
  readonly candidates: ReadonlyArray<Encoding>;
  readonly state: S;
}

/**
 * An ask/tell search strategy: a pure state machine with no I/O, no clock and no global randomness.
 * Its state `S` is plain data with a codec (the RNG state lives inside it), so the pipeline can write the
 * encoded state after every `tell` and a search resumes by decoding the last checkpoint.
 * `Space` and `Encoding` default to core's `SearchSpace` and `ArchEncoding` (tests may use toy ones).
 */
export interface SearchStrategy<S, Space = SearchSpace, Encoding = ArchEncoding> {
  /** Kebab-case id users type, e.g. `regularized-evolution`. */
  readonly id: string;
  /** Decodes a checkpointed state; resume = decode the last one written. */
  readonly stateCodec: t.Type<S, unknown>;
  /** The initial state for a search over `space`, driven by `seed` alone. */
  init(space: Space, seed: number): S;
  /** Proposes up to `count` candidates (fewer when the strategy has nothing more to propose). */
  ask(state: S, count: number): AskResult<S, Encoding>;
  /** Feeds back evaluated candidates (any order, any subset of those asked) and returns the next state. */
  tell(state: S, results: ReadonlyArray<Evaluation>): S;
  /** True once the strategy's budget is spent. */
  isDone(state: S): boolean;
}
