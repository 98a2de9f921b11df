/**
 * @recnas/operators: the operator contract (the extension point of recnas), the operator registry and
 * the built-in NASRec operators on TensorFlow.js. Nothing is registered at import.
 * @example
 * import { createOperatorRegistry, registerBuiltinOperators, createWeightInitializer, forwardChecked } from '@recnas/operators';
 * const registry = createOperatorRegistry();
 * registerBuiltinOperators(registry); // Either: OPERATOR_DUPLICATE on failure
 * registry.get('linear-2d'); // Either: OPERATOR_UNKNOWN lists the known ids
 */
export { OperatorKindCodec, OPERATOR_KINDS, type OperatorKind } from './operator-kind.js';
export type {
  Operator,
  OperatorShape,
  OperatorOutputShapeInput,
  OperatorCostInput,
  OperatorCost,
  OperatorBuildInput,
  OperatorForwardInput,
  OperatorWeights,
  WeightInitializer,
} from './operator.js';
export { validateOperator, probeShapeFor, OPERATOR_ID_PATTERN, type OperatorProbeShape } from './validate-operator.js';
export { createOperatorRegistry, type OperatorRegistry } from './operator-registry.js';
export { createWeightInitializer, disposeWeights } from './weight-initializer.js';
export { createWidthMask } from './width-mask.js';
export { forwardChecked, inferOperatorShape, type CheckedForwardInput } from './forward-checked.js';
export { builtinOperators, registerBuiltinOperators } from './register-builtin-operators.js';
export { ActivationCodec, type Activation } from './activation.js';
export { linear2d, Linear2dOptionsCodec, type Linear2dOptions } from './builtin/linear-2d.js';
export { sigmoidGating, SigmoidGatingOptionsCodec, type SigmoidGatingOptions } from './builtin/sigmoid-gating.js';
export { sum, SumOptionsCodec, type SumOptions } from './builtin/sum.js';
export { dotProduct, dotProductRows, DotProductOptionsCodec, type DotProductOptions } from './builtin/dot-product.js';
export { crossV2, CrossV2OptionsCodec, type CrossV2Options } from './builtin/cross-v2.js';
export { linear3d, Linear3dOptionsCodec, type Linear3dOptions } from './builtin/linear-3d.js';
export { transformer, TransformerOptionsCodec, type TransformerOptions } from './builtin/transformer.js';
export { fm, fmInteraction, FmOptionsCodec, type FmOptions } from './builtin/fm.js';
export { deepFm } from './builtin/deep-fm.js';
export {
  denseSparseInteract,
  DENSE_SPARSE_INTERACT_ROWS,
  DenseSparseInteractOptionsCodec,
  type DenseSparseInteractOptions,
} from './builtin/dense-sparse-interact.js';
export {
  buildSelfAttentionBlock,
  selfAttentionBlock,
  SELF_ATTENTION_BLOCK_WEIGHT_NAMES,
  SEQUENTIAL_LAYER_NORM_EPSILON,
  SEQUENTIAL_INIT_STD,
  type SelfAttentionBlockShape,
  type SelfAttentionBlockWeightName,
  type SelfAttentionBlockWeights,
  type SelfAttentionBlockGates,
  type SelfAttentionBlockInput,
} from './sequential/self-attention-block.js';
export { maskedLayerNorm } from './sequential/masked-layer-norm.js';
export { GELU_FLOPS_PER_ELEMENT } from './sequential/gelu.js';
export { sequentialAttentionMask, MASKED_SCORE } from './sequential/attention-mask.js';
export { seededDropout, dropoutMultipliers, drawDropout } from './sequential/seeded-dropout.js';
export {
  sequentialCost,
  sequentialCostWith,
  type SequentialCost,
  type SequentialCostInput,
  type SequentialLayerCost,
  type SequentialLayerCostInput,
  type GenericCost,
  type CostArithmetic,
} from './sequential/sequential-cost.js';
