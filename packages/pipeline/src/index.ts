/**
 * @recnas/pipeline: the thin orchestrator. This first piece owns the run directory: `run.json` and the
 * append-only JSON-lines journal that makes a search resumable after `kill -9`.
 * @example
 * import { appendJournalLine, createRunDirectory, readJournal } from '@recnas/pipeline';
 * const run = createRunDirectory('runs/criteo', manifest, { resume: true }); // Either<RecnasError, RunDirectory>
 * appendJournalLine('runs/criteo/search-history.jsonl', { archHash: 'a1b2', objectives: { loss: 0.4408 } });
 * const history = readJournal('runs/criteo/search-history.jsonl', EvaluationCodec); // skips a cut last line
 */
export { RunManifestCodec, type RunManifest, type RunManifestJson } from './run-manifest.js';
export { createRunDirectory, readRunManifest, RUN_MANIFEST_FILE, type RunDirectory } from './run-directory.js';
export { appendJournalLine, readJournal, type JournalAppend, type JournalContents } from './journal.js';
export { CtrDataSourceCodec, openCtrReader, readSplitChunks, summariseCtrData, trainingReader, type CtrDataSource, type CtrDataSummary } from './stages/ctr-data.js';
export { parsingInWorker } from './stages/ctr-reader-in-worker.js';
export {
  TrainSupernetConfigCodec,
  resolveTrainSupernetConfig,
  type TrainSupernetConfig,
  type TrainSupernetConfigInput,
  type ResolvedTrainSupernetConfig,
} from './stages/train-supernet-config.js';
export { trainSupernet, type TrainSupernetResult, type TrainSupernetHooks, type ScoredSubnet } from './stages/train-supernet.js';
export { measureArchitecture, type ArchitectureMeasurement } from './stages/measure-architecture.js';
export { saveTrainedSupernet, SUPERNET_CHECKPOINT_FILE } from './stages/save-supernet.js';
export {
  trainArchitecture,
  decodeArchitectureFile,
  TrainArchitectureConfigCodec,
  type TrainArchitectureConfigInput,
  type TrainArchitectureResult,
} from './stages/train-architecture.js';
export { saveModelFolder, MODEL_FILE, MODEL_INFO_FILE } from './stages/model-folder.js';
export { exportRunModel, ExportWeightsCodec, type ExportWeights, type RunModelExport } from './stages/export-run-model.js';
export {
  RunConfigCodec,
  RunSupernetConfigCodec,
  RunSearchConfigCodec,
  RunRetrainConfigCodec,
  RunRankCorrelationConfigCodec,
  DEFAULT_RUN_CONFIG,
  decodeRunConfig,
  resolveRunConfig,
  type RunConfigInput,
  type ResolvedRunConfig,
} from './run-config.js';
export { runPipeline, configSummary, REPORT_FILE, type PipelineEvent, type RunPipelineOptions } from './run-pipeline.js';
export { reportInputOf } from './report-of-summary.js';
export { beatsBaselinesBeyondNoise, buildRunSummary, summariseRetrainedModels, SUMMARY_FILE, type RetrainedModelSummary, type RunSummary, type RunSummaryParts } from './run-summary.js';
export { runSupernetStage, supernetStageConfig, TRAIN_SUPERNET_RESULT_FILE, type SupernetStageOutput } from './stages/supernet-stage.js';
export { runSearchStage, createSearchStrategy, scoringSpec, SEARCH_HISTORY_FILE, BEST_ARCHITECTURES_FILE, type ConfiguredSearch, type SearchStageOptions, type SearchStageOutput } from './stages/search-stage.js';
export type { ScoringTask, TaskScorer } from './stages/scoring-task.js';
export type { WeightPrecisionPlan } from './stages/weight-precision-plan.js';
export { runSearchLoop, type SearchLoopInput, type SearchLoopResult } from './stages/search-loop.js';
export { SearchHistoryEntryCodec, rankByLoss, type SearchHistoryEntry, type CandidateResult, type CandidateScorer } from './stages/search-history.js';
export { loadScoringContext, scoreArchitecture, type ScoringContext, type ScoringSpec } from './stages/candidate-scoring.js';
export { inProcessScorer, workerScorer, type ParallelScorer } from './stages/candidate-scorers.js';
export { createQueueScorer, type QueueScorerOptions } from './queue/queue-scorer.js';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './queue/queue-worker.js';
export { CANDIDATE_QUEUE, candidateJobId } from './queue/candidate-jobs.js';
export { isRedisUrl } from './queue/redis-connection.js';
export { retrainCandidates, retrainSeeds, runRetrainStage, RetrainedModelCodec, RETRAIN_JOURNAL_FILE, type RetrainedModel, type RetrainCandidate, type RetrainInputs, type RetrainStageResult } from './stages/retrain-stage.js';
export { chooseLearningRate, LearningRateTrialCodec, LEARNING_RATE_TRIALS_FILE, type LearningRateTrial } from './stages/learning-rate-trials.js';
export {
  runRankCorrelationStage,
  RankedSubnetCodec,
  RANK_CORRELATION_FILE,
  RANK_CORRELATION_BOOTSTRAP,
  type RankCorrelation,
  type RankCorrelationPoint,
  type RankCorrelationScores,
  type RankedSubnet,
} from './stages/rank-correlation-stage.js';
export { readSplitBatches, readSplits, type SplitPart } from './stages/split-batches.js';
export { resolveSpace, builtinRegistry, type TrainingProgress } from './stages/train-supernet.js';
export {
  ReportInputCodec,
  ReportRunCodec,
  ReportCandidateCodec,
  ReportModelCodec,
  ReportRankCorrelationCodec,
  ReportRankCorrelationPointCodec,
  ReportCorrelationIntervalCodec,
  StageTimingCodec,
  decodeReportInput,
  type ReportInput,
  type ReportRun,
  type ReportCandidate,
  type ReportModel,
  type ReportRankCorrelation,
  type ReportRankCorrelationPoint,
  type ReportCorrelationInterval,
  type StageTiming,
} from './report/report-input.js';
export { renderReport, writeReport, REPORT_CHART_IDS, REPORT_DATA_IDS } from './report/render-report.js';
export { reportParetoIndices } from './report/search-charts.js';
export {
  OBJECTIVE_KEYS,
  ObjectiveListCodec,
  RunObjectivesCodec,
  RunConstraintsCodec,
  RunHardwareConfigCodec,
  resolveHardwareSection,
  paretoObjectivesOf,
  scalarObjectivesOf,
  type RunObjectives,
  type ResolvedHardwareSection,
} from './co-design-config.js';
export { costArchitectureOn, hardwareObjectivesOf, hardwareOfChoice, type HardwareObjectives } from './stages/hardware-cost.js';
export { runCoDesignLoop, jointEvolutionOptionsOf, type CoDesignLoopInput, type CoDesignLoopResult } from './stages/co-design-search.js';
export { buildCoDesignSummary, CO_DESIGN_LOGLOSS_TOLERANCE, type CoDesignSummary, type CoDesignRow, type CoDesignRatios } from './co-design-summary.js';
export { measureHardwareCost, type HardwareCostMeasurement } from './stages/measure-architecture.js';
export { ReportCoDesignCodec, ReportCoDesignRowCodec, ReportCoDesignPointCodec, type ReportCoDesign } from './report/co-design-input.js';
export { PIM_CHART_IDS, pimParetoSpec } from './report/pim-charts.js';
export type { VegaLiteSpec } from './report/chart-spec.js';
export {
  SequentialRunConfigCodec,
  SequentialVariantCodec,
  SEQUENTIAL_VARIANTS,
  DEFAULT_SEQUENTIAL_RUN_CONFIG,
  decodeSequentialRunConfig,
  resolveSequentialRunConfig,
  inferInteractionFormat,
  type SequentialRunConfigInput,
  type ResolvedSequentialRunConfig,
  type SequentialVariant,
} from './sequential/sequential-run-config.js';
export { loadSequentialData, describeSequentialDataLayout, type SequentialDataSummary } from './sequential/sequential-data.js';
export {
  isSequentialArchitectureJson,
  measureSequentialArchitecture,
  type SequentialArchitectureMeasurement,
  type SequentialMeasureSizes,
} from './sequential/measure-sequential-architecture.js';
export { hostCostModel } from './sequential/host-cost-model.js';
export { SequentialModelResultCodec, SEQUENTIAL_MODELS_FILE, type SequentialModelResult, type RankingResult } from './sequential/sequential-model-stage.js';
export { SequentialSearchResultCodec, SEQUENTIAL_SEARCH_FILE, type SequentialSearchResult } from './sequential/sequential-search-stage.js';
export { buildSequentialRunSummary, type SequentialRunSummary, type SequentialRunSummaryParts, type SequentialVariantSummary } from './sequential/sequential-run-summary.js';
export {
  runSequentialPipeline,
  sequentialReportInputOf,
  sequentialConfigSummary,
  SASREC_BASELINE_NAME,
  type RunSequentialPipelineOptions,
} from './sequential/run-sequential-pipeline.js';
export { ReportSequentialCodec, ReportSequentialModelCodec, ReportSequentialSearchCodec, type ReportSequential, type ReportSequentialModel } from './report/sequential-report-input.js';
export { SEQUENTIAL_CHART_IDS } from './report/sequential-section.js';
