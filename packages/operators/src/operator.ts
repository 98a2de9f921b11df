import type * as t from 'io-ts';
import type { tf } from '@recnas/engine';
import type { OperatorKind } from './operator-kind.js';

/**
 * Static shapes an operator is built and costed for. Widths are counts of features (dense) or of rows
 * (sparse, the field axis N of `[B, N, E]`); a value is 0 when the operator has no such input.
 */
export interface OperatorShape {
  /** Dense input features (the left input of a `dense-binary` operator); 0 for `sparse` operators. */
  readonly inputWidth: number;
  /** Features of the right input of a `dense-binary` operator; 0 for every other kind. */
  readonly rightInputWidth: number;
  /** Rows N of the sparse input `[B, N, E]`; 0 when the operator has no sparse input. */
  readonly inputFields: number;
  /** Embedding dim E of sparse inputs and outputs (16 in NASRec); `inferOperatorShape` gives 0 for dense-only kinds. */
  readonly embeddingDim: number;
}

/** What `outputShape` is given: the static shapes, the batch size and the maximum width. */
export interface OperatorOutputShapeInput extends OperatorShape {
  /** Examples in the batch, B. */
  readonly batchSize: number;
  /** The width the operator is built at; the output always has room for all of it. */
  readonly maxWidth: number;
}

/**
 * What `cost` is given: the static shapes, the batch size, the active output width and the decoded options.
 * The cost is that of the operator built at `maxWidth = width` (a standalone subnet, NASRec's fixed mode).
 */
export interface OperatorCostInput<Options = unknown> extends OperatorShape {
  /** Examples in the batch, B. */
  readonly batchSize: number;
  /** Active output width (`<= maxWidth`): features of a dense output, rows of a sparse output. */
  readonly width: number;
  readonly options: Options;
}

/**
 * Cost of one forward pass of an operator over a batch, at the active width, as a standalone subnet
 * (no masks). Units: `flops` floating-point operations, a matmul `[m, k] x [k, n]` counts `2 m k n`
 * (a multiply-add is 2); elementwise add, multiply, ReLU and sigmoid count 1 per output element;
 * LayerNorm counts 5 per element (fvcore's count with affine), softmax 3 per element, a sum of n terms n;
 * reshapes, transposes, slices, pads, concatenations and width masks count 0. `params` trainable
 * parameters in use (a count, not bytes). `bytesMoved` bytes at the operator's boundary as float32
 * (4 bytes each): input elements + parameters + output elements, no cache reuse, intermediates not counted.
 * Consumed by metrics (FLOPs accounting) and pim-sim (latency, energy). NASRec reports fvcore FLOPs,
 * which count one per multiply-add: divide our matmul FLOPs by 2 to compare.
 */
export interface OperatorCost {
  readonly flops: number;
  readonly params: number;
  readonly bytesMoved: number;
}

/**
 * Weight initialisers a builder may use; `createWeightInitializer(rng)` binds them to a seeded Rng and
 * returns trainable `tf.Variable`s. Shapes are row-major; a dense kernel is `[fanIn, fanOut]`.
 */
export interface WeightInitializer<Tensor> {
  /** Uniform in `±sqrt(6 / (fanIn + fanOut))` over the first and last dims of `shape`. */
  glorotUniform(shape: ReadonlyArray<number>): Tensor;
  /** Uniform in `[-limit, limit)`; PyTorch's `nn.Linear` default is `limit = 1 / sqrt(fanIn)`. */
  uniform(shape: ReadonlyArray<number>, limit: number): Tensor;
  zeros(shape: ReadonlyArray<number>): Tensor;
  ones(shape: ReadonlyArray<number>): Tensor;
  constant(shape: ReadonlyArray<number>, value: number): Tensor;
  /** Normal(0, std) values (optional so older initialisers still type-check; `createWeightInitializer` has it). */
  normal?(shape: ReadonlyArray<number>, std: number): Tensor;
}

/** An operator's weights by name, e.g. `{ kernel, bias }` or `{ 'projection.kernel', ... }`. */
export type OperatorWeights<Tensor> = Readonly<Record<string, Tensor>>;

/** What `build` is given: static shapes, the maximum output width, the decoded options and initialisers. */
export interface OperatorBuildInput<Options, Tensor> extends OperatorShape {
  readonly maxWidth: number;
  readonly options: Options;
  readonly init: WeightInitializer<Tensor>;
}

/** What `forward` is given: weights from `build`, inputs in kind order (left, right / dense, sparse), the width. */
export interface OperatorForwardInput<Options, Tensor> {
  readonly weights: OperatorWeights<Tensor>;
  readonly inputs: ReadonlyArray<Tensor>;
  /** Active output width, `0 <= width <= maxWidth`. */
  readonly width: number;
  /** Rank-1 `[maxWidth]`: 1 for the first `width` channels and 0 for the rest (`createWidthMask`). */
  readonly widthMask: Tensor;
  readonly options: Options;
}

/**
 * The operator contract (SPEC section 4), the extension point third-party packages implement.
 *
 * Tensors: dense `[B, d]`, sparse `[B, N, E]`. Inputs come in kind order: `dense-unary` `[x]`,
 * `dense-binary` `[left, right]`, `dense-sparse` `[dense, sparse]`, `sparse` `[sparse]`.
 * Weight sharing as in NASRec's elastic operators: weights are built once at `maxWidth` and shared by
 * every subnet; `forward` returns the output at maximum width with the channels past `width` zeroed.
 * The width is on axis 1 of the output and occupies its last `maxWidth` positions: features of a dense
 * output `[B, maxWidth]`, rows of a sparse output `[B, maxWidth, E]` (NASRec's ElasticLinear3D), or the
 * appended rows of `[B, N + maxWidth, E]` when an operator passes its input rows through first.
 * `Tensor` defaults to TensorFlow.js tensors; forward runs inside `tf.tidy` and leaks nothing.
 * Register operators with `createOperatorRegistry().register(op)`.
 */
export interface Operator<Options = unknown, Tensor = tf.Tensor> {
  /** Kebab-case id a search space names the operator by, e.g. `linear-2d`. */
  readonly id: string;
  readonly kind: OperatorKind;
  /** io-ts codec (any `t.Type` works) for the operator's options; `{}` should decode to the defaults. */
  readonly optionsCodec: t.Decoder<unknown, Options>;
  /** Creates the maximum-width weights with `init` (seeded; never `Math.random`). */
  build(input: OperatorBuildInput<Options, Tensor>): OperatorWeights<Tensor>;
  /** The output at maximum width, channels past `width` zeroed. */
  forward(input: OperatorForwardInput<Options, Tensor>): Tensor;
  /** The output shape at maximum width; shape arithmetic only. */
  outputShape(input: OperatorOutputShapeInput): ReadonlyArray<number>;
  /** FLOPs, parameters and bytes moved at the active width (see `OperatorCost` for units). */
  cost(input: OperatorCostInput<Options>): OperatorCost;
}
