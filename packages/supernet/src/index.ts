/**
 * @recnas/supernet: the NASRec CTR supernet (weight sharing, training, subnet extraction, cost), and the
 * sparse embedding store it trains with.
 * @example
 * import { Rng } from '@recnas/core';
 * import { SparseEmbeddingStore } from '@recnas/supernet';
 * const store = SparseEmbeddingStore.create({ fields: [{ name: 'C1', vocabSize: 1461 }], dim: 16 }, Rng.fromSeed(2018).fork('embeddings'));
 * // E.isRight(store): const input = store.right.lookup(batch.sparse, batch.size); ... store.right.applyAdagrad(batch.sparse, gradInput, 0.12);
 */
export {
  SparseEmbeddingStoreOptionsCodec,
  DEFAULT_MAX_ROWS_PER_TABLE,
  type SparseEmbeddingStoreOptions,
  type SparseEmbeddingStoreOptionsInput,
} from './sparse-embedding-store-options.js';
export {
  SparseEmbeddingStore,
  DEFAULT_ADAGRAD_EPSILON,
  type EmbeddingTableInfo,
  type SparseEmbeddingStoreState,
} from './sparse-embedding-store.js';
export { JsonValueCodec, JsonObjectCodec, type JsonValue, type JsonObject } from './checkpoint-json.js';
export {
  CHECKPOINT_MAGIC,
  CHECKPOINT_FORMAT_VERSION,
  CHECKPOINT_PREAMBLE_BYTES,
  CHECKPOINT_PAYLOAD_ALIGNMENT,
  CheckpointHeaderCodec,
  CheckpointTensorEntryCodec,
  type CheckpointHeader,
  type CheckpointTensorEntry,
} from './checkpoint-header.js';
export { type CheckpointContent, type CheckpointTensor } from './checkpoint-content.js';
export { saveCheckpoint, type CheckpointSummary } from './checkpoint-save.js';
export { loadCheckpoint, readCheckpointHeader } from './checkpoint-load.js';
export {
  EmbeddingStoreCheckpointMetaCodec,
  embeddingStoreToTensors,
  embeddingStoreFromTensors,
  embeddingTensorNames,
  type EmbeddingStoreCheckpoint,
  type EmbeddingStoreCheckpointMeta,
} from './checkpoint-embedding.js';
export {
  NasrecArchitectureCodec,
  NasrecMicroBlockCodec,
  NasrecMacroBlockCodec,
  NASREC_CONFIG_SPACES,
  importNasrecArchitecture,
  exportNasrecArchitecture,
  type NasrecArchitecture,
  type NasrecArchitectureJson,
  type NasrecInteropOptions,
} from './nasrec-import.js';
export {
  resolveLayout,
  denseInputWidth,
  sparseInputRows,
  denseOutputWidth,
  sparseOutputRows,
  headInputWidth,
  type CtrModelConfig,
  type CtrLayout,
} from './ctr-model-config.js';
export { CtrTrainingOptionsCodec, type CtrTrainingOptions, type CtrTrainingOptionsInput } from './ctr-training-options.js';
export { cosineWarmupLearningRate, type CosineScheduleOptions } from './learning-rate-schedule.js';
export { DenseAdagrad } from './dense-adagrad.js';
export { type OperatorModule, type ModulePlan, type ModuleRole, type BlockModules } from './ctr-modules.js';
export { type CtrEvaluation } from './ctr-trainer.js';
export { CtrSupernet, type CtrSupernetConfig } from './ctr-supernet.js';
export { CtrSubnet, buildFromScratch, type CtrSubnetConfig } from './ctr-subnet.js';
export { countSupernetParameters, type SupernetParameterCount } from './supernet-parameter-count.js';
export { countArchCost, type ArchCost, type BlockCost } from './arch-cost.js';
export { embeddingGradientSquaredNorm } from './internal/embedding-gradient-norm.js';
export {
  supernetCheckpointContent,
  restoreSupernet,
  SupernetCheckpointMetaCodec,
  SUPERNET_CHECKPOINT_KIND,
  SUPERNET_CHECKPOINT_VERSION,
  OPTIMIZER_PREFIX,
  type SupernetCheckpointMeta,
  type RestoreSupernetOptions,
} from './supernet-checkpoint.js';
export { type CtrHeadParameters } from './ctr-head-parameters.js';
export { evaluateCtrModel, type CtrLogitModel, type CtrModelEvaluation } from './ctr-model-evaluation.js';
export { FineTuneOptionsCodec, type FineTuneOptions, type FineTuneOptionsInput } from './fine-tune-options.js';
export { fineTuneCandidate, scoreCandidate, type CandidateScore } from './candidate-scoring.js';
export { RetrainOptionsCodec, type RetrainOptions, type RetrainOptionsInput } from './retrain-options.js';
export { retrainFromScratch, type RetrainHooks } from './retrain-from-scratch.js';
export {
  BASELINE_ARCHITECTURES,
  baselineArchitecture,
  type BaselineArchitecture,
  type BaselineBlock,
  type BaselineRequirements,
} from './baseline-architectures.js';
