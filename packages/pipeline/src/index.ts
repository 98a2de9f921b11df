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
export { buildRunSummary, SUMMARY_FILE, type RunSummary } from './run-summary.js';
export { runSupernetStage, supernetStageConfig, TRAIN_SUPERNET_RESULT_FILE, type SupernetStageOutput } from './stages/supernet-stage.js';
export { runSearchStage, createSearchStrategy, scoringSpec, SEARCH_HISTORY_FILE, BEST_ARCHITECTURES_FILE, type SearchStageOutput } from './stages/search-stage.js';
export { runSearchLoop, type SearchLoopInput, type SearchLoopResult } from './stages/search-loop.js';
export { SearchHistoryEntryCodec, rankByLoss, type SearchHistoryEntry, type CandidateResult, type CandidateScorer } from './stages/search-history.js';
export { loadScoringContext, scoreArchitecture, type ScoringContext, type ScoringSpec } from './stages/candidate-scoring.js';
export { inProcessScorer, workerScorer, type ParallelScorer } from './stages/candidate-scorers.js';
export { retrainCandidates, runRetrainStage, RetrainedModelCodec, RETRAIN_JOURNAL_FILE, type RetrainedModel, type RetrainCandidate, type RetrainInputs } from './stages/retrain-stage.js';
export { runRankCorrelationStage, RankedSubnetCodec, RANK_CORRELATION_FILE, type RankCorrelation, type RankedSubnet } from './stages/rank-correlation-stage.js';
export { readSplitBatches, readSplits, type SplitPart } from './stages/split-batches.js';
export { resolveSpace, builtinRegistry, type TrainingProgress } from './stages/train-supernet.js';
export {
  ReportInputCodec,
  ReportRunCodec,
  ReportCandidateCodec,
  ReportModelCodec,
  ReportRankCorrelationCodec,
  StageTimingCodec,
  decodeReportInput,
  type ReportInput,
  type ReportRun,
  type ReportCandidate,
  type ReportModel,
  type ReportRankCorrelation,
  type StageTiming,
} from './report/report-input.js';
export { renderReport, writeReport, REPORT_CHART_IDS, REPORT_DATA_IDS } from './report/render-report.js';
export { reportParetoIndices } from './report/search-charts.js';
