import * as t from 'io-ts';

/** One step of a JSON path below a codec's context: an object key or an array index. */
export type PathSegment = string | number;

const anyArray = t.array(t.unknown);

/**
 * An io-ts validation error for a rule a codec cannot express (a contradiction between options, a hash that
 * does not match its architecture), reported like any other failure: `pending[2].archHash: expected ...`.
 * The last segment's type is named after the rule, so the reporter prints it after "expected".
 */
export function ruleError(context: t.Context, segments: ReadonlyArray<PathSegment>, expected: string, value: unknown): t.ValidationError {
  const rule = new t.Type<unknown>(expected, (_: unknown): _ is unknown => true, t.success, t.identity);
  const path = pathContext(context, segments);
  const last = path[path.length - 1];
  if (last !== undefined && segments.length > 0) path[path.length - 1] = { key: last.key, type: rule, actual: value };
  return { value, context: path };
}

/** `context` extended by `segments`, so that errors of a nested check (e.g. `archEncodingErrors`) carry the full path. */
export function pathContext(context: t.Context, segments: ReadonlyArray<PathSegment>): t.ContextEntry[] {
  const entries: t.ContextEntry[] = segments.map((segment, index) => ({
    key: String(segment),
    // The reporter renders `[i]` only below an array type.
    type: typeof segments[index + 1] === 'number' ? anyArray : t.unknown,
    actual: undefined,
  }));
  // The reporter skips the root entry; add one when the codec validates from the top.
  const root: t.ContextEntry[] = context.length === 0 ? [{ key: '', type: t.unknown, actual: undefined }] : [];
  return [...root, ...context, ...entries];
}

/** A codec `base` plus cross-field rules checked after it decodes; `is` requires both. */
export function withRules<A, O>(
  base: t.Type<A, O, unknown>,
  rules: (value: A, context: t.Context) => t.ValidationError[],
): t.Type<A, O, unknown> {
  return new t.Type<A, O, unknown>(
    base.name,
    (value): value is A => base.is(value) && rules(value, []).length === 0,
    (input, context) => {
      const decoded = base.validate(input, context);
      if (decoded._tag === 'Left') return decoded;
      const errors = rules(decoded.right, context);
      return errors.length === 0 ? t.success(decoded.right) : t.failures(errors);
    },
    (value) => base.encode(value),
  );
}
