import * as E from 'fp-ts/lib/Either.js';
import { operatorKindOf, validateArchEncoding, type ArchEncoding, type BlockChoice, type RecnasError } from '@recnas/core';
import type { Operator, OperatorCost, OperatorRegistry, OperatorShape } from '@recnas/operators';
import { resolveLayout, type CtrLayout, type CtrModelConfig } from './ctr-model-config.js';
import { DEEP_FM_OPERATOR_ID, INTERACT_OPERATOR_ID } from './ctr-modules.js';

/** Cost of one block of a standalone subnet, per example. */
export interface BlockCost {
  readonly flops: number;
  readonly params: number;
  /** The block's dense output width and sparse output rows in the standalone subnet. */
  readonly denseOutputWidth: number;
  readonly sparseOutputRows: number;
}

/** Cost of an architecture as a standalone subnet (docs/decisions/0005-flops-counting.md). */
export interface ArchCost {
  /** FLOPs of one forward pass for one example, blocks and head; a matmul multiply-add counts 2. Embeddings excluded. */
  readonly flopsPerExample: number;
  /** Dense trainable parameters (blocks and head); embeddings excluded. */
  readonly params: number;
  /** Embedding values, `sum_f min(vocab_f, maxRowsPerTable) * E`, reported apart as NASRec does. */
  readonly embeddingParams: number;
  readonly perBlock: ReadonlyArray<BlockCost>;
  /** The head FC(1). */
  readonly head: { readonly flops: number; readonly params: number };
}

/** What `countArchCost` needs of a model config: the space, operators, input sizes and layout options. */
export type CostConfig = Pick<CtrModelConfig, 'space' | 'registry' | 'denseFeatures' | 'sparseFields' | 'embeddingDim' | 'layerNorm' | 'maxRowsPerTable'>;

function operatorCostOf(registry: OperatorRegistry, id: string, shape: OperatorShape, width: number, layerNorm: boolean): E.Either<RecnasError, OperatorCost> {
  return E.map((op: Operator<unknown>) => {
    const withLayerNorm = op.optionsCodec.decode({ layerNorm });
    const options = E.isRight(withLayerNorm) ? withLayerNorm.right : E.getOrElse((): unknown => ({}))(op.optionsCodec.decode({}));
    return op.cost({ ...shape, batchSize: 1, width, options });
  })(registry.get(id));
}

const total = (widths: ReadonlyArray<number>, indices: ReadonlyArray<number>): number => indices.reduce((sum, index) => sum + (widths[index] ?? 0), 0);

function blockCost(config: CostConfig, layout: CtrLayout, block: BlockChoice, dense: number[], sparse: number[]): E.Either<RecnasError, BlockCost> {
  const { embeddingDim: E_, layerNorm } = layout;
  const kind = operatorKindOf(config.space, block.denseOp);
  const denseIn = total(dense, block.denseInputs);
  const sparseIn = total(sparse, block.sparseInputs);
  const denseShape: OperatorShape =
    kind === 'dense-binary'
      ? { inputWidth: total(dense, block.denseLeftInputs ?? []), rightInputWidth: total(dense, block.denseRightInputs ?? []), inputFields: 0, embeddingDim: E_ }
      : { inputWidth: denseIn, rightInputWidth: 0, inputFields: kind === 'dense-sparse' ? sparseIn : 0, embeddingDim: E_ };
  const output: OperatorShape = { inputWidth: block.denseWidth, rightInputWidth: 0, inputFields: block.sparseWidth, embeddingDim: E_ };
  const parts = [
    operatorCostOf(config.registry, block.denseOp, denseShape, block.denseWidth, layerNorm),
    operatorCostOf(config.registry, block.sparseOp, { inputWidth: 0, rightInputWidth: 0, inputFields: sparseIn, embeddingDim: E_ }, block.sparseWidth, layerNorm),
    ...(block.denseSparseInteract && layout.interactRows > 0 ? [operatorCostOf(config.registry, INTERACT_OPERATOR_ID, output, layout.interactRows, layerNorm)] : []),
    ...(block.deepFm ? [operatorCostOf(config.registry, DEEP_FM_OPERATOR_ID, output, block.denseWidth, layerNorm)] : []),
  ];
  return E.map((costs: OperatorCost[]) => ({
    flops: costs.reduce((sum, cost) => sum + cost.flops, 0),
    params: costs.reduce((sum, cost) => sum + cost.params, 0),
    denseOutputWidth: block.denseWidth,
    sparseOutputRows: block.sparseWidth + (block.denseSparseInteract ? layout.interactRows : 0),
  }))(E.sequenceArray(parts) as E.Either<RecnasError, OperatorCost[]>);
}

/**
 * FLOPs and parameters of `arch` as a standalone subnet at batch size 1, with NASRec's fixed_forward shapes:
 * a block reads only its selected inputs (concatenated), its dense output has `denseWidth` features and its
 * sparse output `sparseWidth` rows plus 8 when `denseSparseInteract` is on; every operator is costed by its
 * own `cost` function, built at the active width. The head FC(1) reads the last block. Embedding lookups
 * cost 0 FLOPs and embedding values are reported apart (`embeddingParams`), as NASRec's MFLOPs exclude them.
 */
export function countArchCost(arch: ArchEncoding, config: CostConfig): E.Either<RecnasError, ArchCost> {
  return E.flatMap(validateArchEncoding(arch, config.space), () =>
    E.flatMap(resolveLayout(config), (layout) => {
      const dense = [layout.denseFeatures];
      const sparse = [layout.sparseFieldCount];
      const perBlock: BlockCost[] = [];
      for (const block of arch.blocks) {
        const cost = blockCost(config, layout, block, dense, sparse);
        if (E.isLeft(cost)) return cost;
        perBlock.push(cost.right);
        dense.push(cost.right.denseOutputWidth);
        sparse.push(cost.right.sparseOutputRows);
      }
      const headIn = (dense[dense.length - 1] ?? 0) + (sparse[sparse.length - 1] ?? 0) * layout.embeddingDim;
      const head = { flops: 2 * headIn + 1, params: headIn + 1 };
      const maxRows = config.maxRowsPerTable ?? 500_000;
      return E.right({
        flopsPerExample: perBlock.reduce((sum, block) => sum + block.flops, 0) + head.flops,
        params: perBlock.reduce((sum, block) => sum + block.params, 0) + head.params,
        embeddingParams: config.sparseFields.reduce((sum, vocab) => sum + Math.min(vocab, maxRows) * layout.embeddingDim, 0),
        perBlock,
        head,
      });
    }),
  );
}
