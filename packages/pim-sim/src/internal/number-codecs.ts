import * as t from 'io-ts';

const isNonNegativeFinite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** A finite number >= 0 (energies per bit, areas that may be unknown and left at 0). */
export const NonNegativeFiniteNumberCodec = new t.Type<number, number, unknown>(
  'non-negative finite number',
  isNonNegativeFinite,
  (value, context) => (isNonNegativeFinite(value) ? t.success(value) : t.failure(value, context)),
  t.identity,
);

/**
 * An integer in `[min, max]`, reported as `expected integer in [min, max]` (or `name`). Unbranded so that
 * presets are plain literals.
 */
export function integerInRange(min: number, max: number, name = `integer in [${min}, ${max}]`): t.Type<number, number, unknown> {
  const is = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  return new t.Type<number, number, unknown>(
    name,
    is,
    (value, context) => (is(value) ? t.success(value) : t.failure(value, context)),
    t.identity,
  );
}

/**
 * An io-ts error for a rule a codec cannot express, at `key` below `context`, reported like any other:
 * `host.preset: expected exactly one of preset or peakFlopsPerSecond, got nothing`.
 */
export function ruleError(context: t.Context, key: string, expected: string, value: unknown): t.ValidationError {
  const rule = new t.Type<unknown>(expected, (_: unknown): _ is unknown => true, t.success, t.identity);
  const root: t.ContextEntry[] = context.length === 0 ? [{ key: '', type: t.unknown, actual: undefined }] : [];
  return { value, context: [...root, ...context, { key, type: rule, actual: value }] };
}
