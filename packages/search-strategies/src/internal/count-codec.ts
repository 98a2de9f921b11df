import * as t from 'io-ts';

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A counter in a strategy state: a non-negative integer, unbranded so that state arithmetic stays plain. */
export const CountCodec = new t.Type<number, number, unknown>(
  'NonNegativeInt',
  isCount,
  (value, context) => (isCount(value) ? t.success(value) : t.failure(value, context)),
  (value) => value,
);
