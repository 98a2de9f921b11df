import * as t from 'io-ts';
import { strictPartial, strictType } from '@recnas/core';
import { NonNegativeFiniteNumberCodec, integerInRange } from './internal/number-codecs.js';

/**
 * What kind of computation an operator is, which decides the devices that can run it (docs/pim-model.md):
 * `matrix` weight-stationary products (FC layers, projections: ReRAM crossbars or host);
 * `embedding-gather` embedding-row lookups and their pooling (DRAM-PIM or host);
 * `elementwise` low-intensity vector work without weights (DRAM-PIM or host);
 * `attention` products of two activations (`Q K^T`, `P V`; host only: crossbars hold weights, not activations).
 */
export const WorkloadKindCodec = t.keyof({ matrix: null, 'embedding-gather': null, elementwise: null, attention: null }, 'WorkloadKind');
export type WorkloadKind = t.TypeOf<typeof WorkloadKindCodec>;

/** Every workload kind, in the order the docs list them. */
export const WORKLOAD_KINDS: ReadonlyArray<WorkloadKind> = ['matrix', 'embedding-gather', 'elementwise', 'attention'];

const CountCodec = integerInRange(0, Number.MAX_SAFE_INTEGER, 'non-negative integer');

/**
 * One weight matrix of an operator: `rows` input features K, `cols` output features N (the weight is
 * `[K, N]`), `vectors` input vectors M multiplied by it per forward pass (batch x fields for a 3-d linear).
 */
export const MatrixShapeCodec = strictType({ rows: CountCodec, cols: CountCodec, vectors: CountCodec }, 'MatrixShape');
export type MatrixShape = t.TypeOf<typeof MatrixShapeCodec>;

/**
 * One operator's work as pim-sim sees it; the caller converts `OperatorCost` (@recnas/operators) into it.
 * `id` names the instance (`block3.dense.linear-2d`), `operatorId` the registry id (`linear-2d`); `flops`
 * (a multiply-add is 2), `params` (a count) and `bytesMoved` (float32 at the operator's boundary, parameters
 * included) as in `OperatorCost`. `matrices` (needed on reram-pim) lists the weight matrices; `outputBytes`
 * (default 0) is the part of `bytesMoved` that leaves a DRAM-PIM device for the host (pooled embeddings).
 */
export const OperatorWorkloadCodec = strictPartial(
  {
    id: t.string,
    operatorId: t.string,
    kind: WorkloadKindCodec,
    flops: NonNegativeFiniteNumberCodec,
    params: NonNegativeFiniteNumberCodec,
    bytesMoved: NonNegativeFiniteNumberCodec,
  },
  { matrices: t.array(MatrixShapeCodec), outputBytes: NonNegativeFiniteNumberCodec },
  'OperatorWorkload',
);
export type OperatorWorkload = t.TypeOf<typeof OperatorWorkloadCodec>;

const isCount = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;
const isAmount = (value: number | undefined): boolean => value === undefined || (Number.isFinite(value) && value >= 0);

/**
 * The first problem of a workload built in code (not decoded), as `field: problem`, or undefined.
 * A fast check for the hot path; decode JSON with `OperatorWorkloadCodec` instead.
 */
export function workloadProblem(workload: OperatorWorkload): string | undefined {
  if (!WorkloadKindCodec.is(workload.kind)) return `kind: expected one of ${WORKLOAD_KINDS.join(', ')}, got ${String(workload.kind)}`;
  for (const key of ['flops', 'params', 'bytesMoved', 'outputBytes'] as const) {
    if (!isAmount(workload[key])) return `${key}: expected a finite non-negative number, got ${String(workload[key])}`;
  }
  if ((workload.outputBytes ?? 0) > workload.bytesMoved) return `outputBytes: expected at most bytesMoved (${workload.bytesMoved}), got ${workload.outputBytes}`;
  const matrices = workload.matrices ?? [];
  for (let index = 0; index < matrices.length; index++) {
    const matrix = matrices[index] as MatrixShape;
    if (!isCount(matrix.rows) || !isCount(matrix.cols) || !isCount(matrix.vectors)) {
      return `matrices[${index}]: expected non-negative integer rows, cols and vectors, got ${JSON.stringify(matrix)}`;
    }
  }
  return undefined;
}
