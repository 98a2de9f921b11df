import { RecnasError } from '@recnas/core';

/**
 * What an axis of a compact weight is, relative to the weight-sharing weight it is cut from:
 * `prefix` the first n entries (output widths, rows, or an axis that does not change), `in` the active
 * dense input channels, `left` the left input of a binary operator, `right-padded` the gate width of
 * `sigmoid-gating` (indexed by the right input), `sum-padded` the padded width of `sum`, `fields` the
 * active sparse input rows.
 */
export type AxisRole = 'prefix' | 'in' | 'left' | 'right-padded' | 'sum-padded' | 'fields';

/** Masked-layout positions of each compact entry for the roles that are not prefixes; -1 is a zero. */
export type SliceContext = Readonly<Record<Exclude<AxisRole, 'prefix'>, ReadonlyArray<number>>>;

type Rule = (weightName: string) => ReadonlyArray<AxisRole>;

const kernelRows =
  (role: AxisRole, kernelName = 'kernel'): Rule =>
  (name) =>
    name === kernelName ? [role, 'prefix'] : ['prefix'];

/** Per built-in operator: the roles of the axes of each weight (docs/decisions/0014-compact-subnets.md). */
const RULES: Readonly<Record<string, Rule>> = {
  'linear-2d': kernelRows('in'),
  'linear-3d': kernelRows('fields'),
  sum: kernelRows('sum-padded'),
  'sigmoid-gating': (name) => {
    if (name === 'gate.kernel') return ['left', 'right-padded'];
    if (name === 'gate.bias') return ['right-padded'];
    if (name === 'projection.kernel') return ['right-padded', 'prefix'];
    return ['prefix'];
  },
  'dot-product': (name) => {
    if (name === 'dense.kernel') return ['in', 'prefix'];
    if (name === 'fields.kernel') return ['fields', 'prefix'];
    return ['prefix', 'prefix'];
  },
  transformer: (name) => (name === 'projection.kernel' ? ['fields', 'prefix'] : ['prefix', 'prefix']),
  fm: () => ['prefix', 'prefix'],
  'deep-fm': () => ['prefix', 'prefix'],
  'dense-sparse-interact': kernelRows('in'),
};

/** The axis roles of `operatorId`'s weight `weightName` (undefined for an operator without rules). */
export function axisRolesOf(operatorId: string, weightName: string): ReadonlyArray<AxisRole> | undefined {
  return RULES[operatorId]?.(weightName);
}

/** Operators a compact subnet can be cut from a supernet for. */
export function hasCompactionRule(operatorId: string): boolean {
  return Object.hasOwn(RULES, operatorId);
}

/**
 * The values of a compact weight of shape `compactShape`, cut from the weight-sharing weight `values` of
 * shape `maskedShape` (row-major, rank 1 or 2) along the axis roles of `operatorId`'s `weightName`.
 */
export function sliceWeight(
  operatorId: string,
  weightName: string,
  values: Float32Array,
  maskedShape: ReadonlyArray<number>,
  compactShape: ReadonlyArray<number>,
  context: SliceContext,
): Float32Array {
  const rule = RULES[operatorId];
  if (rule === undefined) throw new RecnasError('CONFIG_INVALID', `operator "${operatorId}" has no compaction rule (known: ${Object.keys(RULES).join(', ')})`);
  const roles = rule(weightName);
  const axes = compactShape.map((size, axis) => {
    const role = roles[axis] ?? 'prefix';
    const indices = role === 'prefix' ? Array.from({ length: size }, (_, i) => i) : context[role];
    const limit = maskedShape[axis] ?? 0;
    if (indices.length !== size || indices.some((index) => index >= limit)) {
      throw new RecnasError('INVARIANT', `operator "${operatorId}" weight "${weightName}" axis ${axis} (${role}): ${indices.length} indices below ${limit} for a compact size ${size}`);
    }
    return indices;
  });
  if (compactShape.length !== maskedShape.length || compactShape.length > 2) {
    throw new RecnasError('INVARIANT', `operator "${operatorId}" weight "${weightName}": shapes ${JSON.stringify(maskedShape)} and ${JSON.stringify(compactShape)} do not pair`);
  }
  const rows = axes[0] ?? [0];
  const columns = axes[1] ?? [0];
  const stride = maskedShape[1] ?? 1;
  const out = new Float32Array(rows.length * columns.length);
  rows.forEach((row, r) => {
    if (row < 0) return;
    columns.forEach((column, c) => {
      if (column >= 0) out[r * columns.length + c] = values[row * stride + column] as number;
    });
  });
  return out;
}
