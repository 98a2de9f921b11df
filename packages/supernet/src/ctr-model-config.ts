import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, Rng, type SearchSpace } from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { DENSE_SPARSE_INTERACT_ROWS } from '@recnas/operators';

/**
 * What a CTR supernet or subnet is built from (not JSON: it holds the space and the operator registry).
 * `sparseFields` are the vocabulary sizes of the categorical fields, one embedding table each.
 */
export interface CtrModelConfig {
  readonly space: SearchSpace;
  readonly registry: OperatorRegistry;
  /** Number of dense features (13 on Criteo). */
  readonly denseFeatures: number;
  /** Vocabulary size of each categorical field (26 on Criteo); tables are capped at `maxRowsPerTable`. */
  readonly sparseFields: ReadonlyArray<number>;
  /** Embedding dim E (NASRec: 16). */
  readonly embeddingDim?: number;
  /** LayerNorm after operators (NASRec's supernet `--use_layernorm 1`); passed to every operator that takes it. */
  readonly layerNorm?: boolean;
  /** Seed of the model's Rng when `rng` is absent (default 2018). */
  readonly seed?: number;
  readonly rng?: Rng;
  /** Rows per embedding table at most (default 500,000, NASRec's cap during search). */
  readonly maxRowsPerTable?: number;
  /**
   * Layout of subnets built from scratch (`buildFromScratch`, `retrainFromScratch`): `active-width` (default,
   * compact at the architecture's widths: the parameters `countArchCost` counts), `max-width` (compact inputs,
   * max-width operators) or `weight-sharing` (the supernet's masked layout). See docs/decisions/0014-compact-subnets.md.
   */
  readonly subnetLayout?: SubnetLayout;
  /**
   * How a supernet step runs a single-operator path: `sliced` (default; only the selected inputs and slices
   * of the shared weights) or `masked` (NASRec's masked max-width forward). Same losses within float32
   * rounding; see docs/decisions/0018-sliced-supernet-paths.md.
   */
  readonly supernetPaths?: 'sliced' | 'masked';
}

/** How a standalone subnet is laid out: one of the two compact conventions, or the supernet's weight-sharing layout. */
export type SubnetLayout = 'active-width' | 'max-width' | 'weight-sharing';

/** The shapes of the weight-sharing layout (see `CtrLayout` docs in docs/decisions/0005-flops-counting.md). */
export interface CtrLayout {
  readonly denseFeatures: number;
  readonly sparseFieldCount: number;
  readonly embeddingDim: number;
  readonly layerNorm: boolean;
  readonly blocks: number;
  /** Max dense width D: every block's dense output is `[B, D]`. */
  readonly maxDenseWidth: number;
  /** Max sparse width S: the sparse operators' output rows. */
  readonly maxSparseWidth: number;
  /** Rows appended by `dense-sparse-interact` (8, NASRec's DS_INTERACT_NUM_SPLITS) or 0 when the space has no such toggle. */
  readonly interactRows: number;
}

export function resolveLayout(config: CtrModelConfig): E.Either<RecnasError, CtrLayout> {
  const embeddingDim = config.embeddingDim ?? 16;
  const problems: string[] = [];
  if (!Number.isSafeInteger(config.denseFeatures) || config.denseFeatures < 1) problems.push(`denseFeatures: expected a positive integer, got ${config.denseFeatures}`);
  if (config.sparseFields.length < 1) problems.push('sparseFields: expected at least one field');
  config.sparseFields.forEach((size, i) => {
    if (!Number.isSafeInteger(size) || size < 1) problems.push(`sparseFields[${i}]: expected a positive vocabulary size, got ${size}`);
  });
  if (!Number.isSafeInteger(embeddingDim) || embeddingDim < 1) problems.push(`embeddingDim: expected a positive integer, got ${embeddingDim}`);
  if (problems.length > 0) return E.left(new RecnasError('CONFIG_INVALID', `CTR model config is invalid:\n${problems.join('\n')}`, { problems }));
  return E.right({
    denseFeatures: config.denseFeatures,
    sparseFieldCount: config.sparseFields.length,
    embeddingDim,
    layerNorm: config.layerNorm ?? true,
    blocks: config.space.blocks,
    maxDenseWidth: Math.max(...config.space.denseWidths),
    maxSparseWidth: Math.max(...config.space.sparseWidths),
    interactRows: config.space.denseSparseInteract ? DENSE_SPARSE_INTERACT_ROWS : 0,
  });
}

/** Features of output `index` (0 = stem) in the weight-sharing layout. */
export function denseOutputWidth(layout: CtrLayout, index: number): number {
  return index === 0 ? layout.denseFeatures : layout.maxDenseWidth;
}

/** Rows of sparse output `index` (0 = stem): a block emits S rows plus the interaction rows (zeros when off). */
export function sparseOutputRows(layout: CtrLayout, index: number): number {
  return index === 0 ? layout.sparseFieldCount : layout.maxSparseWidth + layout.interactRows;
}

/** Dense input width of the block at `position` (0-based): the stem and every earlier block, concatenated. */
export function denseInputWidth(layout: CtrLayout, position: number): number {
  let width = 0;
  for (let j = 0; j <= position; j++) width += denseOutputWidth(layout, j);
  return width;
}

/** Sparse input rows of the block at `position`: the stem's fields and every earlier block's rows. */
export function sparseInputRows(layout: CtrLayout, position: number): number {
  let rows = 0;
  for (let j = 0; j <= position; j++) rows += sparseOutputRows(layout, j);
  return rows;
}

/** Input width of the head FC: last block's dense output and its flattened sparse output. */
export function headInputWidth(layout: CtrLayout): number {
  return layout.maxDenseWidth + sparseOutputRows(layout, layout.blocks) * layout.embeddingDim;
}

/** The model's Rng: `config.rng`, else `Rng.fromSeed(config.seed ?? 2018)`. */
export function modelRng(config: CtrModelConfig): Rng {
  return config.rng ?? Rng.fromSeed(config.seed ?? 2018);
}
