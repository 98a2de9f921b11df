import * as t from 'io-ts';

// Plain (unbranded) number codecs, so callers can build a ReportInput from literals without decoding first.
// Every one requires a finite number: JSON cannot carry NaN or Infinity, and the report embeds its input as JSON.
function numberCodec(name: string, accepts: (value: number) => boolean): t.Type<number, number, unknown> {
  const is = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && accepts(value);
  return new t.Type<number, number, unknown>(name, is, (value, context) => (is(value) ? t.success(value) : t.failure(value, context)), t.identity);
}

export const FiniteNumberCodec = numberCodec('finite number', () => true);
export const NonNegativeFiniteCodec = numberCodec('non-negative number', (value) => value >= 0);
export const NonNegativeIntegerCodec = numberCodec('non-negative integer', (value) => Number.isSafeInteger(value) && value >= 0);
export const UnitIntervalCodec = numberCodec('number in [0, 1]', (value) => value >= 0 && value <= 1);
export const CorrelationCodec = numberCodec('correlation in [-1, 1]', (value) => value >= -1 && value <= 1);
