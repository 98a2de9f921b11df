/**
 * @recnas/engine: TensorFlow.js backend selection (tensorflow, then wasm, then cpu) and the recnas
 * compute engine. Model packages use tfjs only through the `tf` export.
 * @example
 * import { createEngine, tf } from '@recnas/engine';
 * const engine = createEngine();               // honours RECNAS_BACKEND=wasm|cpu|tensorflow
 * const info = await engine.initBackend();     // logs `[recnas] backend: ...` once
 * const y = tf.matMul(tf.eye(2), tf.ones([2, 2]));
 */
export { tf } from './tf.js';
export { createEngine, initBackend, type Engine, type EngineOptions, type EngineLogger } from './engine.js';
export { BackendNameCodec, backendPreferenceOrder, parseBackendName, type BackendName } from './backend-name.js';
export { BackendInfoCodec, type BackendInfo } from './backend-info.js';
export {
  describeEngine,
  EngineDescriptionCodec,
  KernelSetNameCodec,
  type EngineDescription,
  type KernelSetName,
} from './describe-engine.js';
export { applyAdagrad, applyAdam, sumOfSquares, type AdamSlots } from './fused-optimizers.js';
export { applyAdagradSlice, gatherSlice, sliceShape, type WeightSlice } from './weight-slices.js';
export { dense, type DenseActivation } from './dense.js';
export { pairwiseDots } from './pairwise-dots.js';
export { rowDots } from './row-dots.js';
export { multiHeadAttention } from './multi-head-attention.js';
export { maskedSelfAttention, maskedSelfAttentionPacked } from './masked-self-attention.js';
export { layerNorm } from './layer-norm.js';
export { positionalLayerNorm } from './positional-layer-norm.js';
export { gelu } from './gelu.js';
export { dropoutBits, dropoutMask, dropoutRule, DROPOUT_DRAW_SCALE, type DropoutDraw } from './dropout-mask.js';
export { postLnTransformerLayer, type PostLnLayerOptions, type PostLnLayerWeights } from './post-ln-transformer-layer.js';
export { allocateTable, gatherRows, rowwiseAdagrad, scatterAddRows, type SparseRows } from './sparse-rows.js';
export { blasThreads, setBlasThreads } from './internal/native-loader.js';
export { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
export { serveWorkerTasks } from './serve-worker-tasks.js';
