import * as E from 'fp-ts/lib/Either.js';
import { operatorKindOf, validateArchEncoding, type ArchEncoding, type BlockChoice, type RecnasError } from '@recnas/core';
import type { Operator, OperatorCost, OperatorRegistry, OperatorShape } from '@recnas/operators';
import type { MatrixShape, OperatorWorkload, WorkloadKind } from '@recnas/pim-sim';
import { resolveLayout, type CtrLayout, type CtrModelConfig } from './ctr-model-config.js';
import { DEEP_FM_OPERATOR_ID, INTERACT_OPERATOR_ID } from './ctr-modules.js';

/** What `pimWorkloadsOf` reads of a model config (the same keys as `countArchCost`). */
export type PimWorkloadConfig = Pick<CtrModelConfig, 'space' | 'registry' | 'denseFeatures' | 'sparseFields' | 'embeddingDim' | 'layerNorm'>;

/** Options of `pimWorkloadsOf`. */
export interface PimWorkloadOptions {
  /** Examples per forward pass (default 512, NASRec's batch); every workload scales with it. */
  readonly batchSize?: number;
}

const BYTES = 4;

/** One operator instance of a block at batch B: its registry cost plus the shapes needed for its weight matrices. */
interface Instance {
  readonly id: string;
  readonly operatorId: string;
  readonly shape: OperatorShape;
  readonly width: number;
  readonly cost: OperatorCost;
  /** Attention heads (`transformer` only; 8 otherwise). */
  readonly heads: number;
}

type Split = ReadonlyArray<Omit<OperatorWorkload, 'id' | 'operatorId'> & { readonly suffix?: string }>;

function matrixPart(cost: OperatorCost, matrices: ReadonlyArray<MatrixShape>): Split {
  return [{ kind: 'matrix', flops: cost.flops, params: cost.params, bytesMoved: cost.bytesMoved, matrices: [...matrices] }];
}

/**
 * A two-activation product (attention core or pairwise dot products) split off an operator: its FLOPs move to
 * an `attention` workload whose bytes are its operands and result; the rest stays a `matrix` workload.
 */
function withActivationProduct(cost: OperatorCost, matrices: ReadonlyArray<MatrixShape>, productFlops: number, productBytes: number): Split {
  return [
    { kind: 'matrix', flops: cost.flops - productFlops, params: cost.params, bytesMoved: cost.bytesMoved, matrices: [...matrices] },
    { suffix: 'attention', kind: 'attention', flops: productFlops, params: 0, bytesMoved: productBytes },
  ];
}

const dotProductRows = (width: number): number => Math.round(Math.sqrt(2 * width));

/**
 * How each built-in operator maps onto pim-sim kinds, from the terms of its `cost` function
 * (packages/operators/src/builtin): every FC is a weight matrix `[K, N]` applied to M vectors.
 */
const SPLITS: Readonly<Record<string, (instance: Instance, batch: number) => Split>> = {
  'linear-2d': ({ shape, width, cost }, batch) => matrixPart(cost, [{ rows: shape.inputWidth, cols: width, vectors: batch }]),
  'linear-3d': ({ shape, width, cost }, batch) => matrixPart(cost, [{ rows: shape.inputFields, cols: width, vectors: batch * shape.embeddingDim }]),
  sum: ({ shape, width, cost }, batch) => matrixPart(cost, [{ rows: Math.max(shape.inputWidth, shape.rightInputWidth), cols: width, vectors: batch }]),
  'sigmoid-gating': ({ shape, width, cost }, batch) => {
    const padded = Math.max(shape.inputWidth, shape.rightInputWidth);
    return matrixPart(cost, [{ rows: shape.inputWidth, cols: padded, vectors: batch }, { rows: padded, cols: width, vectors: batch }]);
  },
  fm: ({ shape, width, cost }, batch) => matrixPart(cost, [{ rows: shape.embeddingDim, cols: width, vectors: batch }]),
  [DEEP_FM_OPERATOR_ID]: ({ shape, width, cost }, batch) => matrixPart(cost, [{ rows: shape.embeddingDim, cols: width, vectors: batch }]),
  [INTERACT_OPERATOR_ID]: ({ shape, width, cost }, batch) => matrixPart(cost, [{ rows: shape.inputWidth, cols: width * shape.embeddingDim, vectors: batch }]),
  'dot-product': ({ shape, width, cost }, batch) => {
    const rows = dotProductRows(width);
    const vectors = rows + 1;
    const E_ = shape.embeddingDim;
    const matrices = [
      { rows: shape.inputWidth, cols: E_, vectors: batch },
      { rows: shape.inputFields, cols: rows, vectors: batch * E_ },
      { rows: (vectors * rows) / 2, cols: width, vectors: batch },
    ];
    return withActivationProduct(cost, matrices, 2 * batch * vectors * vectors * E_, BYTES * batch * (vectors * E_ + vectors * vectors));
  },
  transformer: ({ shape, width, cost, heads }, batch) => {
    const E_ = shape.embeddingDim;
    const tokens = batch * width;
    const scores = batch * heads * width * width;
    const matrices = [
      { rows: shape.inputFields, cols: width, vectors: batch * E_ },
      { rows: E_, cols: 3 * E_, vectors: tokens },
      { rows: E_, cols: E_, vectors: tokens },
      { rows: E_, cols: E_, vectors: tokens },
      { rows: E_, cols: E_, vectors: tokens },
    ];
    // Q K^T and P V, the scaling and the softmax (transformer.ts's cost terms); Q, K, V in, the context out.
    return withActivationProduct(cost, matrices, 4 * batch * width * width * E_ + 4 * scores, BYTES * 4 * tokens * E_);
  },
};

/**
 * Third-party operators (pim-sim knows nothing of them): a weightless one is elementwise; one with weights is a
 * matrix workload with one equivalent weight matrix, so it can be placed on ReRAM too: `rows` = its input width
 * (capped at its parameter count), `cols` = params / rows rounded up (every weight gets a cell), `vectors` = the
 * matrix products its FLOPs pay for, `flops / (2 rows cols)`, at least 1. An estimate, stated in docs/pim-model.md:
 * the operator's real weight shapes are not part of the operator contract.
 */
function fallbackSplit({ cost, shape }: Instance): Split {
  if (cost.params === 0) return [{ kind: 'elementwise' as WorkloadKind, flops: cost.flops, params: 0, bytesMoved: cost.bytesMoved }];
  const rows = Math.max(1, Math.min(cost.params, shape.inputWidth > 0 ? shape.inputWidth : Math.ceil(Math.sqrt(cost.params))));
  const cols = Math.ceil(cost.params / rows);
  const vectors = Math.max(1, Math.floor(cost.flops / (2 * rows * cols)));
  return [{ kind: 'matrix' as WorkloadKind, flops: cost.flops, params: cost.params, bytesMoved: cost.bytesMoved, matrices: [{ rows, cols, vectors }] }];
}

function transformerHeads(op: Operator<unknown>, options: unknown): number {
  const heads = (options as { heads?: unknown }).heads;
  return op.id === 'transformer' && typeof heads === 'number' ? heads : 8;
}

function instanceOf(registry: OperatorRegistry, id: string, operatorId: string, shape: OperatorShape, width: number, batch: number, layerNorm: boolean): E.Either<RecnasError, Instance> {
  return E.map((op: Operator<unknown>) => {
    const withLayerNorm = op.optionsCodec.decode({ layerNorm });
    const options = E.isRight(withLayerNorm) ? withLayerNorm.right : E.getOrElse((): unknown => ({}))(op.optionsCodec.decode({}));
    return { id, operatorId, shape, width, cost: op.cost({ ...shape, batchSize: batch, width, options }), heads: transformerHeads(op, options) };
  })(registry.get(operatorId));
}

function toWorkloads(instance: Instance, batch: number): OperatorWorkload[] {
  const split = SPLITS[instance.operatorId];
  const parts = split === undefined ? fallbackSplit(instance) : split(instance, batch);
  return parts.map(({ suffix, ...part }) => ({ ...part, id: suffix === undefined ? instance.id : `${instance.id}.${suffix}`, operatorId: instance.operatorId }));
}

const total = (widths: ReadonlyArray<number>, indices: ReadonlyArray<number>): number => indices.reduce((sum, index) => sum + (widths[index] ?? 0), 0);

function blockInstances(config: PimWorkloadConfig, layout: CtrLayout, block: BlockChoice, index: number, dense: number[], sparse: number[], batch: number) {
  const E_ = layout.embeddingDim;
  const kind = operatorKindOf(config.space, block.denseOp);
  const sparseIn = total(sparse, block.sparseInputs);
  const denseShape: OperatorShape =
    kind === 'dense-binary'
      ? { inputWidth: total(dense, block.denseLeftInputs ?? []), rightInputWidth: total(dense, block.denseRightInputs ?? []), inputFields: 0, embeddingDim: E_ }
      : { inputWidth: total(dense, block.denseInputs), rightInputWidth: 0, inputFields: kind === 'dense-sparse' ? sparseIn : 0, embeddingDim: E_ };
  const output: OperatorShape = { inputWidth: block.denseWidth, rightInputWidth: 0, inputFields: block.sparseWidth, embeddingDim: E_ };
  const name = `block${index}`;
  const ln = layout.layerNorm;
  return [
    instanceOf(config.registry, `${name}.dense.${block.denseOp}`, block.denseOp, denseShape, block.denseWidth, batch, ln),
    instanceOf(config.registry, `${name}.sparse.${block.sparseOp}`, block.sparseOp, { inputWidth: 0, rightInputWidth: 0, inputFields: sparseIn, embeddingDim: E_ }, block.sparseWidth, batch, ln),
    ...(block.denseSparseInteract && layout.interactRows > 0 ? [instanceOf(config.registry, `${name}.${INTERACT_OPERATOR_ID}`, INTERACT_OPERATOR_ID, output, layout.interactRows, batch, ln)] : []),
    ...(block.deepFm ? [instanceOf(config.registry, `${name}.${DEEP_FM_OPERATOR_ID}`, DEEP_FM_OPERATOR_ID, output, block.denseWidth, batch, ln)] : []),
  ];
}

/** The stem's embedding lookups: one row of E floats per field and example, read in the tables and written to the batch input. */
function embeddingGather(layout: CtrLayout, batch: number): OperatorWorkload {
  const outputBytes = BYTES * batch * layout.sparseFieldCount * layout.embeddingDim;
  return { id: 'stem.embeddings', operatorId: 'embedding-lookup', kind: 'embedding-gather', flops: 0, params: 0, bytesMoved: 2 * outputBytes, outputBytes };
}

/**
 * The pim-sim workloads of `arch` as a standalone subnet at `batchSize` (default 512): the stem's embedding
 * lookups (`embedding-gather`, its output crossing to the host), every block operator with the same shapes
 * `countArchCost` uses (FC parts as `matrix` workloads with their weight shapes; the two-activation products
 * of `transformer` and `dot-product` split off as `attention` workloads named `<id>.attention`; weightless
 * third-party operators `elementwise`) and the head FC(1). The FLOPs sum to `batchSize x
 * countArchCost(arch).flopsPerExample` (embedding lookups cost 0 FLOPs, as there). See docs/pim-model.md.
 */
export function pimWorkloadsOf(arch: ArchEncoding, config: PimWorkloadConfig, options: PimWorkloadOptions = {}): E.Either<RecnasError, OperatorWorkload[]> {
  const batch = options.batchSize ?? 512;
  return E.flatMap(validateArchEncoding(arch, config.space), () =>
    E.flatMap(resolveLayout(config), (layout) => {
      const dense = [layout.denseFeatures];
      const sparse = [layout.sparseFieldCount];
      const workloads: OperatorWorkload[] = [embeddingGather(layout, batch)];
      for (const [index, block] of arch.blocks.entries()) {
        const instances = E.sequenceArray(blockInstances(config, layout, block, index, dense, sparse, batch));
        if (E.isLeft(instances)) return instances;
        for (const instance of instances.right) workloads.push(...toWorkloads(instance, batch));
        dense.push(block.denseWidth);
        sparse.push(block.sparseWidth + (block.denseSparseInteract ? layout.interactRows : 0));
      }
      const headIn = (dense[dense.length - 1] ?? 0) + (sparse[sparse.length - 1] ?? 0) * layout.embeddingDim;
      workloads.push({
        id: 'head.fc',
        operatorId: 'head',
        kind: 'matrix',
        flops: batch * (2 * headIn + 1),
        params: headIn + 1,
        bytesMoved: BYTES * (batch * headIn + headIn + 1 + batch),
        matrices: [{ rows: headIn, cols: 1, vectors: batch }],
      });
      return E.right(workloads);
    }),
  );
}
