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
  type SubnetLayout,
} from './ctr-model-config.js';
export { CtrTrainingOptionsCodec, type CtrTrainingOptions, type CtrTrainingOptionsInput } from './ctr-training-options.js';
export { cosineWarmupLearningRate, type CosineScheduleOptions } from './learning-rate-schedule.js';
export { DenseAdagrad } from './dense-adagrad.js';
export { type OperatorModule, type ModulePlan, type ModuleRole, type BlockModules } from './ctr-modules.js';
export { type CtrEvaluation } from './ctr-trainer.js';
export { CtrSupernet, type CtrSupernetConfig, type CompactSubnetOptions } from './ctr-supernet.js';
export { CtrSubnet, buildFromScratch, type CtrSubnetConfig } from './ctr-subnet.js';
export {
  CtrModelMetaCodec,
  CTR_MODEL_KIND,
  CTR_MODEL_VERSION,
  ctrModelContent,
  restoreCtrModel,
  saveCtrModel,
  loadCtrModel,
  type CtrModelMeta,
} from './ctr-model-file.js';
export { CompactConventionCodec, compactHeadInputWidth, type CompactConvention, type CompactPlan, type CompactBlockPlan } from './compact-layout.js';
export { countSupernetParameters, type SupernetParameterCount } from './supernet-parameter-count.js';
export { estimateSupernetTrainingMemory, type TrainingMemoryEstimate } from './training-memory.js';
export { countArchCost, type ArchCost, type BlockCost, type CostConfig } from './arch-cost.js';
export { pimWorkloadsOf, type PimWorkloadConfig, type PimWorkloadOptions } from './pim-workloads.js';
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
  baselineSpace,
  type BaselineArchitecture,
  type BaselineBlock,
  type BaselineRequirements,
} from './baseline-architectures.js';
export { SasrecModelConfigCodec, type SasrecModelConfig, type SasrecModelConfigInput } from './sequential/sasrec-config.js';
export { SasrecModel, ITEM_TABLE_NAME, type SequentialGates, type EncodeOptions } from './sequential/sasrec-model.js';
export { type SequenceRows, type SequenceDatasetViews } from './sequential/sequence-data.js';
export { SequentialAdam, type AdamSettings } from './sequential/sequential-adam.js';
export { sequentialBceLoss, sequentialCeLoss } from './sequential/sequential-loss.js';
export { NegativeSampler } from './sequential/negative-sampler.js';
export {
  SequentialTrainingOptionsCodec,
  SequentialLossCodec,
  type SequentialTrainingOptions,
  type SequentialTrainingOptionsInput,
  type SequentialLoss,
} from './sequential/sequential-training-options.js';
export { sequentialTrainStep, type SequentialBatch } from './sequential/sequential-train-step.js';
export {
  SequentialTrainer,
  trainSequentialModel,
  SEQUENTIAL_VALIDATION_KS,
  EARLY_STOPPING_K,
  type SequentialStepReport,
  type SequentialEpochReport,
  type SequentialEpochSummary,
  type SequentialTrainerProgress,
  type SequentialTrainingHooks,
  type SequentialTrainingResult,
} from './sequential/sequential-trainer.js';
export { evaluateFullRanking, type FullRankingOptions, type SequentialRankingProtocol } from './sequential/full-ranking.js';
export {
  sasrecCheckpointContent,
  restoreSasrecTraining,
  SasrecCheckpointMetaCodec,
  SASREC_CHECKPOINT_KIND,
  SASREC_CHECKPOINT_VERSION,
} from './sequential/sasrec-checkpoint.js';
export { ChoiceParameters, poolHistories } from './sequential/choice-parameters.js';
export { softGatesOf, gateTensors, gatesOfTensors } from './sequential/soft-gates.js';
export {
  SequentialCostKindCodec,
  HostCostModelCodec,
  sequentialResource,
  expectedSequentialResource,
  type SequentialCostKind,
  type HostCostModel,
  type SequentialCostSizes,
} from './sequential/expected-cost.js';
export { StepBatches, splitSearchRows, type UserBatch } from './sequential/step-batches.js';
export { SequentialSupernetOptionsCodec, type SequentialSupernetOptions, type SequentialSupernetOptionsInput } from './sequential/sequential-supernet-options.js';
export { SequentialSupernet, type WeightStepInput, type ArchitectureStepInput, type SupernetStepReport } from './sequential/sequential-supernet.js';
export {
  sequentialSupernetCheckpointContent,
  restoreSequentialSupernet,
  SEQUENTIAL_SUPERNET_CHECKPOINT_KIND,
} from './sequential/sequential-supernet-checkpoint.js';
