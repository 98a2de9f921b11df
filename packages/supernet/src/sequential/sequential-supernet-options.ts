import * as t from 'io-ts';
import {
  PositiveIntCodec,
  PositiveNumberCodec,
  ProbabilityCodec,
  SeedCodec,
  SequentialSpaceCodec,
  strictWithDefaults,
  type PositiveInt,
  type PositiveNumber,
  type Probability,
  type Seed,
} from '@recnas/core';
import { SequentialCostKindCodec } from './expected-cost.js';
import { SequentialLossCodec } from './sequential-training-options.js';

/**
 * Options of the DNS-Rec supernet (docs/decisions/0010-dns-rec.md): the sizes and `space`; the SASRec
 * recipe for the weights (`dropout`, `attentionDropout` 0.5, `loss` bce, `batchSize` 256, Adam
 * `learningRate` 1e-3); the architecture step's Adam `architectureLearningRate` (3e-3); `dataAware`
 * gates (true; false is the ablation); the constrained resource `cost` (flops | latency | energy); the
 * `heldOutFraction` of training users the architecture is trained on (0.1); `seed` (2018).
 */
export const SequentialSupernetOptionsCodec = strictWithDefaults(
  { itemCount: PositiveIntCodec, maxLength: PositiveIntCodec, space: SequentialSpaceCodec },
  {
    dropout: ProbabilityCodec,
    attentionDropout: ProbabilityCodec,
    loss: SequentialLossCodec,
    batchSize: PositiveIntCodec,
    learningRate: PositiveNumberCodec,
    architectureLearningRate: PositiveNumberCodec,
    dataAware: t.boolean,
    cost: SequentialCostKindCodec,
    heldOutFraction: ProbabilityCodec,
    seed: SeedCodec,
  },
  {
    dropout: 0.5 as Probability,
    attentionDropout: 0.5 as Probability,
    loss: 'bce',
    batchSize: 256 as PositiveInt,
    learningRate: 1e-3 as PositiveNumber,
    architectureLearningRate: 3e-3 as PositiveNumber,
    dataAware: true,
    cost: 'flops',
    heldOutFraction: 0.1 as Probability,
    seed: 2018 as Seed,
  },
  'SequentialSupernetOptions',
);
/** Decoded, complete supernet options. */
export type SequentialSupernetOptions = t.TypeOf<typeof SequentialSupernetOptionsCodec>;
/** What callers pass. */
export type SequentialSupernetOptionsInput = t.OutputOf<typeof SequentialSupernetOptionsCodec> | (Omit<Partial<t.OutputOf<typeof SequentialSupernetOptionsCodec>>, 'itemCount' | 'maxLength' | 'space'> & Pick<t.OutputOf<typeof SequentialSupernetOptionsCodec>, 'itemCount' | 'maxLength' | 'space'>);
