import * as t from 'io-ts';
import { PositiveIntCodec, ProbabilityCodec, SeedCodec, SequentialArchitectureCodec, strictWithDefaults, type Probability, type Seed } from '@recnas/core';

/**
 * A SASRec model: `itemCount` items (ids 1..itemCount, 0 = padding), `maxLength` positions, the
 * architecture, hidden `dropout` and `attentionDropout` (ICLRec: 0.5 both) and the weight `seed`
 * (default 2018). Unknown keys are rejected.
 */
export const SasrecModelConfigCodec = strictWithDefaults(
  { itemCount: PositiveIntCodec, maxLength: PositiveIntCodec, architecture: SequentialArchitectureCodec },
  { dropout: ProbabilityCodec, attentionDropout: ProbabilityCodec, seed: SeedCodec },
  { dropout: 0.5 as Probability, attentionDropout: 0.5 as Probability, seed: 2018 as Seed },
  'SasrecModelConfig',
);
/** A decoded, complete model config. */
export type SasrecModelConfig = t.TypeOf<typeof SasrecModelConfigCodec>;
/** What callers pass: the required sizes and any overrides (numbers, checked when decoded). */
export interface SasrecModelConfigInput {
  readonly itemCount: number;
  readonly maxLength: number;
  readonly architecture: t.OutputOf<typeof SequentialArchitectureCodec>;
  readonly dropout?: number;
  readonly attentionDropout?: number;
  readonly seed?: number;
}
