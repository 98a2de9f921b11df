/**
 * @recnas/core: shared types, io-ts codecs, typed errors and the seeded RNG.
 * @example
 * import { Rng, decodeSchema } from '@recnas/core';
 * const rng = Rng.fromSeed(2018).fork('split');
 */
export { RecnasError, isRecnasError, invariant, type RecnasErrorCode } from './errors.js';
export { Rng, fnv1a32, type RngState } from './rng.js';
export {
  PositiveIntCodec,
  NonNegativeIntCodec,
  NonNegativeNumberCodec,
  PositiveNumberCodec,
  ProbabilityCodec,
  SeedCodec,
  strictType,
  strictPartial,
  strictWithDefaults,
  type PositiveInt,
  type PositiveIntBrand,
  type NonNegativeIntBrand,
  type ProbabilityBrand,
  type SeedBrand,
  type NonNegativeInt,
  type NonNegativeNumber,
  type NonNegativeNumberBrand,
  type PositiveNumber,
  type PositiveNumberBrand,
  type Probability,
  type Seed,
} from './codecs.js';
export { decodeWith, describeValidationErrors, formatDecodeIssues, type DecodeIssue } from './reporter.js';
export {
  FieldKindCodec,
  FieldSpecCodec,
  SchemaCodec,
  decodeSchema,
  fieldsOfKind,
  type FieldKind,
  type FieldSpec,
  type Schema,
} from './schema.js';
export { checkBatch, allocateBatch, type Batch } from './batch.js';
export {
  OperatorKindCodec,
  SearchSpaceOperatorCodec,
  SearchSpaceCodec,
  defineSearchSpace,
  NASREC_FULL_SPACE,
  NASREC_SMALL_SPACE,
  denseOperators,
  sparseOperators,
  operatorKindOf,
  withBlockCount,
  type OperatorKind,
  type SearchSpaceOperator,
  type SearchSpace,
} from './search-space.js';
export {
  InputIndicesCodec,
  BlockChoiceCodec,
  ArchEncodingCodec,
  decodeArchEncoding,
  decodeArchEncodingFor,
  validateArchEncoding,
  archEncodingErrors,
  activeDenseInputLists,
  canonicalizeArch,
  type BlockChoice,
  type ArchEncoding,
} from './arch-encoding.js';
export { archHash, archCanonicalJson } from './arch-hash.js';
export { fnv1a64 } from './fnv1a64.js';
export {
  enumerateChoices,
  type Choice,
  type ChoiceMap,
  type ChoiceCondition,
  type OneOfChoice,
  type SubsetOfChoice,
} from './enumerate-choices.js';
export { writeFileAtomic } from './atomic-write.js';
export {
  BlockPathCodec,
  SupernetPathCodec,
  pathFromArch,
  fullSupernetPath,
  type BlockPath,
  type SupernetPath,
} from './supernet-path.js';
export { createIdTable, type IdTable, type IdTableRules } from './id-table.js';
export {
  SequentialLayerCodec,
  SequentialArchitectureCodec,
  SequentialSpaceCodec,
  SASREC_SPACE,
  largestSequentialArchitecture,
  sequentialSpaceErrors,
  sequentialArchitectureErrors,
  decodeSequentialArchitecture,
  sequentialArchHash,
  sequentialChoiceGroups,
  architectureFromChoices,
  type SequentialChoiceGroup,
  type SequentialLayer,
  type SequentialArchitecture,
  type SequentialSpace,
} from './sequential-architecture.js';
