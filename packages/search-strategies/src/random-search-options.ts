import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PositiveIntCodec, RecnasError, strictWithDefaults } from '@recnas/core';

const DEFAULT_BUDGET = PositiveIntCodec.decode(2048);
if (E.isLeft(DEFAULT_BUDGET)) throw new RecnasError('INVARIANT', 'default random-search budget is not a positive integer');

/**
 * Options of `random` search: `budget`, the number of distinct architectures to propose. The default,
 * 2,048, equals a full NASRec evolution (128 + 240 x 8), the equal-budget baseline of SPEC section 5.
 */
export const RandomSearchOptionsCodec = strictWithDefaults({}, { budget: PositiveIntCodec }, { budget: DEFAULT_BUDGET.right }, 'RandomSearchOptions');
export type RandomSearchOptions = t.TypeOf<typeof RandomSearchOptionsCodec>;
