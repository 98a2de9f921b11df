/**
 * @recnas/data-loaders: streaming readers, NASRec preprocessing, splits, batching, sequences, synthetic data.
 */
export { openByteStream, openCountedByteStream, isGzipFile, readLines, type TextLine, type CountedByteStream } from './open-source.js';
export { BadRowLedger, type BadRowReason, type ReadReport } from './bad-rows.js';
// --- CTR readers and preprocessing (helper A adds exports below this line) ---
export { criteoTsvReader } from './criteo-tsv-reader.js';
export { criteoCsvReader } from './criteo-csv-reader.js';
export { avazuCsvReader } from './avazu-csv-reader.js';
export { kdd2012Reader } from './kdd2012-reader.js';
export type { CtrReader } from './ctr-reader.js';
export { ctrShardPaths, isShardPattern, shardedCtrReader, type ShardedCtrReaderOptions } from './sharded-ctr-reader.js';
export {
  CtrReaderOptionsCodec,
  CriteoReaderOptionsCodec,
  CriteoCategoricalEncodingCodec,
  AvazuReaderOptionsCodec,
  AvazuHourEncodingCodec,
  type CtrReaderOptions,
  type CriteoReaderOptions,
  type AvazuReaderOptions,
  type AvazuHourEncoding,
  type CriteoCategoricalEncoding,
  type DecodedCtrReaderOptions,
  type DecodedCriteoReaderOptions,
  type DecodedAvazuReaderOptions,
} from './ctr-reader-options.js';
export { criteoPreset, avazuPreset, kdd2012Preset, type CtrPreset, type CtrPresetOptions } from './ctr-presets.js';
export {
  NASREC_CRITEO_VOCAB_SIZES,
  NASREC_AVAZU_VOCAB_SIZES,
  NASREC_KDD2012_VOCAB_SIZES,
  NASREC_SEARCH_VOCAB_CAP,
  capVocabSizes,
} from './nasrec-vocab-sizes.js';
export { preprocessDense, parseCtrNumber, parseHexValue, hexCategoricalId } from './nasrec-preprocessing.js';
export { hashCategoricalBytes, hashCategoricalId } from './categorical-hashing.js';
// --- interaction logs, sequences, splits, batching, synthetic data (helper B adds exports below this line) ---
export {
  InteractionFormatCodec,
  InteractionReadOptionsCodec,
  InteractionColumnOptionsCodec,
  ColumnRefCodec,
  DelimiterCodec,
  decodeInteractionReadOptions,
  type ColumnRef,
  type DecodedInteractionColumnOptions,
  type DecodedInteractionReadOptions,
  type DelimiterBrand,
  type InteractionColumnOptions,
  type InteractionFormat,
  type InteractionReadOptions,
  type SequenceKey,
} from './interaction-read-options.js';
export { openInteractions, readInteractions, type Interaction, type InteractionLog, type InteractionSource } from './interactions.js';
export {
  LAYOUT_SAMPLE_LINES,
  detectInteractionLayout,
  resolveInteractionLayout,
  type InteractionLayout,
  type InteractionLayoutColumn,
  type InteractionLayoutColumns,
  type InteractionLayoutOptions,
} from './interaction-layout.js';
export {
  SequenceOptionsCodec,
  MIN_LEAVE_ONE_OUT_EVENTS,
  leaveOneOutViews,
  type HoldOutView,
  type NextItemView,
  type SequenceDataset,
  type SequenceOptions,
  type SequenceView,
  type ShortUserRule,
} from './sequence-dataset.js';
export { SequenceBuilder, buildSequenceDataset, loadSequenceDataset, type SequenceEvent } from './sequence-builder.js';
export {
  SPLIT_PARTS,
  DEFAULT_SPLIT_RATIOS,
  SplitRatiosCodec,
  splitBlockSize,
  type SplitPart,
  type SplitRatios,
} from './split-ratios.js';
export { SplitAssignmentHash } from './split-hash.js';
export { splitBatch, type SplitBatches } from './split-batch.js';
export { SplitRecordCodec, checkSameSplit, type SplitPartCounts, type SplitRecord } from './split-record.js';
export {
  SplitAssigner,
  StratifiedSplitOptionsCodec,
  DEFAULT_SPLIT_SEED,
  type StratifiedSplitOptions,
} from './split-assigner.js';
export { Batcher, BatcherOptionsCodec, batchChunks, type BatcherOptions } from './batcher.js';
export { BatchFileFooterCodec, BatchFileWriter, StoredBatches, type BatchFileFooter } from './batch-file.js';
export {
  SyntheticCriteoConfigCodec,
  DEFAULT_SYNTHETIC_CRITEO,
  decodeSyntheticCriteoConfig,
  type ResolvedSyntheticCriteoConfig,
  type SyntheticCriteoConfig,
} from './synthetic-config.js';
export {
  SyntheticCriteoMetadataCodec,
  generateSyntheticCriteo,
  teacherMetadataPath,
  type SyntheticCriteoMetadata,
  type SyntheticCriteoWriteOptions,
} from './synthetic-criteo.js';
// --- profiling (inspect-data) ---
export {
  profileCtrDataset,
  profileInteractions,
  type DatasetProfile,
  type FieldProfile,
  type InteractionProfile,
} from './dataset-profile.js';
