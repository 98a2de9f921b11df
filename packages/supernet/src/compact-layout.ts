import * as t from 'io-ts';
import { operatorKindOf, type ArchEncoding, type BlockChoice, type OperatorKind, type SearchSpace, type SupernetPath } from '@recnas/core';
import { denseOutputWidth, sparseOutputRows, type CtrLayout } from './ctr-model-config.js';

/**
 * How a compact subnet treats the widths inside its operators (docs/decisions/0014-compact-subnets.md):
 * - `max-width` (NASRec-supernet-equal): inputs are only the active channels and rows, but every operator
 *   keeps its maximum output width inside (LayerNorm over the max width, attention over the max rows, the
 *   dot-product's `round(sqrt(2 D))` rows) and its output is cut to the active width afterwards; binary
 *   operators read their inputs in the union of both input sets. Predictions equal the weight-sharing
 *   subnet's (float32 summation order only).
 * - `active-width` (NASRec's standalone subnet, what `countArchCost` counts): every operator is built at
 *   its active width (LayerNorm over the active width); weights inherited from a supernet are the prefix
 *   slices. Equal to the weight-sharing subnet only where no LayerNorm, attention or dot-product row count
 *   sees the inactive channels.
 */
export const CompactConventionCodec = t.keyof({ 'max-width': null, 'active-width': null }, 'CompactConvention');
export type CompactConvention = t.TypeOf<typeof CompactConventionCodec>;

/** One block of a compact subnet: which earlier outputs it reads, and its widths. */
export interface CompactBlockPlan {
  readonly denseKind: OperatorKind;
  /** Outputs (0 = stem) read by a unary or dense-sparse dense operator, ascending. */
  readonly denseSources: ReadonlyArray<number>;
  readonly leftSources: ReadonlyArray<number>;
  readonly rightSources: ReadonlyArray<number>;
  /** `max-width` binary operators read left and right in this set (left ∪ right), zeros where a side has no input. */
  readonly unionSources: ReadonlyArray<number>;
  readonly sparseSources: ReadonlyArray<number>;
  readonly denseWidth: number;
  readonly sparseWidth: number;
  /** `dense-sparse-interact` runs (the space has the toggle and the block turns it on). */
  readonly interact: boolean;
  readonly deepFm: boolean;
  /** Output width the dense operator (and deep-fm) is built at: the max dense width or `denseWidth`. */
  readonly denseBuildWidth: number;
  /** Output rows the sparse operator is built at: the max sparse width or `sparseWidth`. */
  readonly sparseBuildWidth: number;
}

/** The compact shapes of a whole subnet. Output 0 is the stem. */
export interface CompactPlan {
  readonly convention: CompactConvention;
  readonly blocks: ReadonlyArray<CompactBlockPlan>;
  /** Dense width of every output in the compact model (stem, then each block's active width). */
  readonly denseWidths: ReadonlyArray<number>;
  /** Sparse rows of every output in the compact model (stem fields, then active rows plus 8 interaction rows when on). */
  readonly sparseRows: ReadonlyArray<number>;
}

const sorted = (indices: ReadonlyArray<number> | undefined): number[] => [...new Set(indices ?? [])].sort((a, b) => a - b);

/** The fields of a block that fix its compact shapes (an architecture's `BlockChoice` or a single-operator `BlockPath`). */
type BlockShapeChoice = Pick<BlockChoice, 'denseWidth' | 'sparseWidth' | 'denseInputs' | 'sparseInputs' | 'denseLeftInputs' | 'denseRightInputs' | 'denseSparseInteract' | 'deepFm'>;

function blockPlan(denseKind: OperatorKind, layout: CtrLayout, block: BlockShapeChoice, convention: CompactConvention): CompactBlockPlan {
  const left = sorted(block.denseLeftInputs);
  const right = sorted(block.denseRightInputs);
  const max = convention === 'max-width';
  return {
    denseKind,
    denseSources: sorted(block.denseInputs),
    leftSources: left,
    rightSources: right,
    unionSources: sorted([...left, ...right]),
    sparseSources: sorted(block.sparseInputs),
    denseWidth: block.denseWidth,
    sparseWidth: block.sparseWidth,
    interact: block.denseSparseInteract && layout.interactRows > 0,
    deepFm: block.deepFm,
    denseBuildWidth: max ? layout.maxDenseWidth : block.denseWidth,
    sparseBuildWidth: max ? layout.maxSparseWidth : block.sparseWidth,
  };
}

/** The compact plan of a valid `arch` (check it with `validateArchEncoding` first). */
export function compactPlanOf(space: SearchSpace, layout: CtrLayout, arch: ArchEncoding, convention: CompactConvention): CompactPlan {
  return planOfBlocks(
    layout,
    arch.blocks.map((block) => blockPlan(operatorKindOf(space, block.denseOp) ?? 'dense-unary', layout, block, convention)),
    convention,
  );
}

/**
 * The `max-width` compact plan of a single-operator `path` (one dense and one sparse operator per block),
 * `denseKinds[i]` being the kind of block i's dense operator: the shapes a sliced supernet step runs at.
 */
export function compactPlanOfPath(layout: CtrLayout, path: SupernetPath, denseKinds: ReadonlyArray<OperatorKind>): CompactPlan {
  return planOfBlocks(
    layout,
    path.blocks.map((block, position) => blockPlan(denseKinds[position] ?? 'dense-unary', layout, block, 'max-width')),
    'max-width',
  );
}

function planOfBlocks(layout: CtrLayout, blocks: CompactBlockPlan[], convention: CompactConvention): CompactPlan {
  return {
    convention,
    blocks,
    denseWidths: [layout.denseFeatures, ...blocks.map((block) => block.denseWidth)],
    sparseRows: [layout.sparseFieldCount, ...blocks.map((block) => block.sparseWidth + (block.interact ? layout.interactRows : 0))],
  };
}

/** Sum of the compact widths of `sources`. */
export function widthOf(widths: ReadonlyArray<number>, sources: ReadonlyArray<number>): number {
  return sources.reduce((total, index) => total + (widths[index] ?? 0), 0);
}

/** Input width of the head FC in the compact model: the last dense output and the last sparse rows flattened. */
export function compactHeadInputWidth(plan: CompactPlan, embeddingDim: number): number {
  return (plan.denseWidths[plan.denseWidths.length - 1] ?? 0) + (plan.sparseRows[plan.sparseRows.length - 1] ?? 0) * embeddingDim;
}

/** Where each compact dense channel of `sources` sits in the weight-sharing concatenation (masked layout indices). */
export function maskedDenseIndices(layout: CtrLayout, plan: CompactPlan, sources: ReadonlyArray<number>): number[] {
  const indices: number[] = [];
  for (const source of sources) {
    let offset = 0;
    for (let j = 0; j < source; j++) offset += denseOutputWidth(layout, j);
    for (let c = 0; c < (plan.denseWidths[source] ?? 0); c++) indices.push(offset + c);
  }
  return indices;
}

/** Masked row positions of the active rows of output `source` (relative to that output). */
function activeRows(layout: CtrLayout, plan: CompactPlan, source: number): number[] {
  if (source === 0) return Array.from({ length: layout.sparseFieldCount }, (_, r) => r);
  const block = plan.blocks[source - 1] as CompactBlockPlan;
  const rows = Array.from({ length: block.sparseWidth }, (_, r) => r);
  if (block.interact) for (let r = 0; r < layout.interactRows; r++) rows.push(layout.maxSparseWidth + r);
  return rows;
}

/** Where each compact sparse row of `sources` sits in the weight-sharing concatenation of rows. */
export function maskedSparseIndices(layout: CtrLayout, plan: CompactPlan, sources: ReadonlyArray<number>): number[] {
  const indices: number[] = [];
  for (const source of sources) {
    let offset = 0;
    for (let j = 0; j < source; j++) offset += sparseOutputRows(layout, j);
    for (const row of activeRows(layout, plan, source)) indices.push(offset + row);
  }
  return indices;
}

/** Masked positions of the compact head input: the last block's active dense channels, then its active rows flattened. */
export function maskedHeadIndices(layout: CtrLayout, plan: CompactPlan): number[] {
  const last = plan.blocks.length;
  const dense = Array.from({ length: plan.denseWidths[last] ?? 0 }, (_, c) => c);
  const sparse = activeRows(layout, plan, last).flatMap((row) => Array.from({ length: layout.embeddingDim }, (_, e) => layout.maxDenseWidth + row * layout.embeddingDim + e));
  return [...dense, ...sparse];
}
