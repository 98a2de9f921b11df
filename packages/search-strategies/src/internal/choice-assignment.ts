import * as E from 'fp-ts/lib/Either.js';
import {
  RecnasError,
  canonicalizeArch,
  decodeArchEncodingFor,
  type ArchEncoding,
  type Choice,
  type ChoiceMap,
  type Rng,
  type SearchSpace,
} from '@recnas/core';

/** The value of one choice: an operator id, a width or a toggle, or a set of input indices. */
export type ChoiceValue = string | number | boolean | ReadonlyArray<number>;

/** Label -> value for every choice of a space (core's `enumerateChoices` labels, e.g. `blocks[2].denseWidth`). */
export type ChoiceAssignment = Map<string, ChoiceValue | undefined>;

const LABEL = /^blocks\[(\d+)\]\.([A-Za-z]+)$/;

function parseLabel(label: string): { position: number; key: string } {
  const match = LABEL.exec(label);
  if (match === null) throw new RecnasError('INVARIANT', `choice label "${label}" is not of the form blocks[i].key`, { label });
  return { position: Number(match[1]), key: match[2] as string };
}

/** The values `arch` gives each choice label (undefined where the encoding leaves a choice out). */
export function assignmentOf(arch: ArchEncoding, choices: ChoiceMap): ChoiceAssignment {
  const assignment: ChoiceAssignment = new Map();
  for (const label of Object.keys(choices)) {
    const { position, key } = parseLabel(label);
    const block = arch.blocks[position] as Readonly<Record<string, unknown>> | undefined;
    assignment.set(label, block?.[key] as ChoiceValue | undefined);
  }
  return assignment;
}

/** True when the choice matters under `assignment` (its `activeWhen` condition, if any, holds). */
export function isActive(choice: Choice, assignment: ChoiceAssignment): boolean {
  if (choice.activeWhen === undefined) return true;
  const value = assignment.get(choice.activeWhen.label);
  return typeof value === 'string' && choice.activeWhen.values.includes(value);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

function sameValue(a: ChoiceValue | undefined, b: ChoiceValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const left = [...(a as number[])].sort((x, y) => x - y);
    const right = [...(b as number[])].sort((x, y) => x - y);
    return left.length === right.length && left.every((value, index) => value === right[index]);
  }
  return a === b;
}

/** True when the choice can take a value other than `current`. */
export function hasAlternative(choice: Choice, current: ChoiceValue | undefined): boolean {
  if (choice.kind === 'one-of') return choice.values.some((value) => !sameValue(value, current));
  const n = choice.candidates.length;
  let subsets = 0;
  for (let size = choice.minSize; size <= Math.min(choice.maxSize, n); size++) subsets += binomial(n, size);
  return subsets > 1;
}

function sampleSubset(choice: Extract<Choice, { kind: 'subset-of' }>, rng: Rng): number[] {
  const maxSize = Math.min(choice.maxSize, choice.candidates.length);
  // Size uniform in [minSize, maxSize], then a uniform subset of that size.
  const size = choice.minSize + rng.nextInt(maxSize - choice.minSize + 1);
  return rng.shuffle([...choice.candidates]).slice(0, size).sort((a, b) => a - b);
}

/** A uniformly drawn value (for a set: size uniform in its range, then a uniform subset of that size). */
export function sampleChoice(choice: Choice, rng: Rng): ChoiceValue {
  return choice.kind === 'one-of' ? rng.pick(choice.values) : sampleSubset(choice, rng);
}

/** A value drawn as in `sampleChoice` but different from `current`; call only when `hasAlternative`. */
export function sampleDifferentValue(choice: Choice, current: ChoiceValue | undefined, rng: Rng): ChoiceValue {
  if (choice.kind === 'one-of') return rng.pick(choice.values.filter((value) => !sameValue(value, current)));
  // Rejection: at least two subsets exist, so each draw repeats `current` with probability at most 1/2.
  for (;;) {
    const value = sampleSubset(choice, rng);
    if (!sameValue(value, current)) return value;
  }
}

/** Draws every active choice that has no usable value yet (e.g. left/right inputs after a switch to a binary operator). */
export function fillActiveChoices(assignment: ChoiceAssignment, choices: ChoiceMap, rng: Rng): void {
  for (const [label, choice] of Object.entries(choices)) {
    if (!isActive(choice, assignment)) continue;
    const value = assignment.get(label);
    const missing = value === undefined || (choice.kind === 'subset-of' && (!Array.isArray(value) || value.length < choice.minSize));
    if (missing) assignment.set(label, sampleChoice(choice, rng));
  }
}

/**
 * The canonical architecture of `space` that `assignment` describes: inactive input sets are written as `[]`
 * and then dropped by `canonicalizeArch`. Throws INVARIANT if the result does not validate (a bug here).
 */
export function archFromAssignment(assignment: ChoiceAssignment, choices: ChoiceMap, space: SearchSpace): ArchEncoding {
  const blocks: Record<string, unknown>[] = Array.from({ length: space.blocks }, () => ({}));
  for (const [label, choice] of Object.entries(choices)) {
    const { position, key } = parseLabel(label);
    const block = blocks[position] as Record<string, unknown>;
    const value = assignment.get(label);
    if (isActive(choice, assignment)) block[key] = value;
    else if (choice.kind === 'subset-of') block[key] = [];
    else if (value !== undefined) block[key] = value;
  }
  const decoded = decodeArchEncodingFor({ space: space.id, blocks }, space);
  if (E.isLeft(decoded)) {
    throw new RecnasError('INVARIANT', `search-strategies built an invalid architecture: ${decoded.left.message}`, { cause: decoded.left });
  }
  return canonicalizeArch(decoded.right, space);
}
