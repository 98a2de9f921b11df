import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, operatorKindOf, type SearchSpace } from '@recnas/core';
import type { BaselineRequirements } from '../baseline-requirements.js';

/** The width of `widths` closest to `target` (the smaller one on a tie): published widths mapped onto a space. */
export function nearestWidth(widths: ReadonlyArray<number>, target: number): number {
  return widths.reduce((best, width) => {
    const gap = Math.abs(width - target);
    const bestGap = Math.abs(best - target);
    return gap < bestGap || (gap === bestGap && width < best) ? width : best;
  });
}

/** The smallest width of `widths`. */
export function smallestWidth(widths: ReadonlyArray<number>): number {
  return Math.min(...widths);
}

/** CONFIG_INVALID naming everything `space` lacks for baseline `id`. */
export function checkRequirements(id: string, space: SearchSpace, needs: BaselineRequirements): E.Either<RecnasError, SearchSpace> {
  const problems: string[] = [];
  for (const [operator, kind] of needs.operators) {
    const listed = operatorKindOf(space, operator);
    if (listed !== kind) problems.push(listed === undefined ? `operator "${operator}" (not listed)` : `operator "${operator}" as ${kind} (listed as ${listed})`);
  }
  if (needs.denseSparseInteract === true && !space.denseSparseInteract) problems.push('the dense-sparse interaction toggle');
  if (needs.deepFm === true && !space.deepFm) problems.push('the deep_fm toggle');
  if (space.blocks < (needs.minBlocks ?? 1)) problems.push(`at least ${needs.minBlocks ?? 1} blocks (has ${space.blocks})`);
  if (problems.length === 0) return E.right(space);
  return E.left(
    new RecnasError('CONFIG_INVALID', `baseline "${id}" cannot be expressed in search space "${space.id}": it needs ${problems.join(', ')}`, {
      baseline: id,
      space: space.id,
      problems,
    }),
  );
}

/** `list[index]`, or its last entry past the end (layer widths of a published model padded to more blocks). */
export function widthAt(list: ReadonlyArray<number>, index: number): number {
  return list[Math.min(index, list.length - 1)] as number;
}
