import type { OperatorKind } from '@recnas/core';

/** What a baseline needs from a space: operators of the given kinds, toggles and a minimum number of blocks. */
export interface BaselineRequirements {
  readonly operators: ReadonlyArray<readonly [id: string, kind: OperatorKind]>;
  readonly denseSparseInteract?: boolean;
  readonly deepFm?: boolean;
  readonly minBlocks?: number;
}
