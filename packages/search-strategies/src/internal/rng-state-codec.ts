import * as t from 'io-ts';
import type { RngState } from '@recnas/core';

const Uint32Codec = new t.Type<number, number, unknown>(
  'uint32',
  (value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff,
  (value, context) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? t.success(value) : t.failure(value, context),
  (value) => value,
);

const WordsCodec = t.array(Uint32Codec, 'RngState');

/** The four uint32 words of core's xoshiro128** state (`Rng.state()`); the all-zero state is rejected. */
export const RngStateCodec = new t.Type<RngState, ReadonlyArray<number>, unknown>(
  'RngState',
  (value): value is RngState => WordsCodec.is(value) && value.length === 4 && value.some((word) => word !== 0),
  (input, context) => {
    const decoded = WordsCodec.validate(input, context);
    if (decoded._tag === 'Left') return decoded;
    const words = decoded.right;
    const [a, b, c, d] = words;
    if (words.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined) {
      return t.failure(input, context, 'four uint32 words');
    }
    if ((a | b | c | d) === 0) return t.failure(input, context, 'not all zero (a fixed point of xoshiro)');
    return t.success([a, b, c, d] as const);
  },
  (state) => [...state],
);
