import type { BootstrapInterval } from '@recnas/metrics';
import type { ReportInput } from './report/report-input.js';
import type { RunSummary } from './run-summary.js';
import type { RankCorrelation } from './stages/rank-correlation-stage.js';

/** Shortens a data path to its file name for the report's dataset row. */
const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/**
 * The report input of a finished run: search history (candidates without a finite loss are left out),
 * the retrained models (a model without a test AUC is left out), the best searched architecture, the rank
 * correlation when it was measured, and the run's metadata.
 */
export function reportInputOf(summary: RunSummary, config: Readonly<Record<string, string | number | boolean>>): ReportInput {
  const history = summary.search.history
    .filter((entry) => entry.validationLogLoss !== null && entry.validationLogLoss >= 0)
    .map((entry) => ({ index: entry.index, archHash: entry.archHash, validationLogLoss: entry.validationLogLoss as number, flopsPerExample: entry.flopsPerExample }));
  const models = summary.models
    .filter((model) => model.testAuc !== null)
    .map((model) => ({
      name: model.name,
      kind: model.kind,
      testLogLoss: model.testLogLoss,
      testAuc: model.testAuc as number,
      flopsPerExample: model.flopsPerExample,
      params: model.params,
      ...(model.seeds.length > 1 && model.testLogLossStd !== null ? { seeds: model.seeds.length, testLogLossStd: model.testLogLossStd } : {}),
      ...(summary.learningRateTrials !== undefined && model.learningRate !== undefined ? { learningRate: model.learningRate } : {}),
    }));
  const correlation = summary.rankCorrelation;
  const best = summary.bestModel?.arch ?? (summary.search.best.archHash === '' ? undefined : summary.search.best.arch);
  return {
    title: `recnas run ${fileName(summary.runDir)}`,
    run: {
      runId: fileName(summary.runDir),
      seed: summary.seed,
      backend: summary.backend,
      createdAt: summary.createdAt,
      recnasVersion: summary.recnasVersion,
      packageVersions: { ...summary.packageVersions },
      dataset: { name: fileName(summary.data.path), rows: summary.data.trainRows + summary.data.validationRows + summary.data.testRows },
      configSummary: { ...config },
      stageTimings: summary.stageSeconds.map((timing) => ({ stage: timing.stage, seconds: timing.seconds })),
    },
    history,
    models,
    ...(best === undefined ? {} : { bestArchitecture: best }),
    ...(correlation === undefined ? {} : { rankCorrelation: reportRankCorrelationOf(correlation) }),
    ...(summary.coDesign === undefined ? {} : { coDesign: reportCoDesignOf(summary.coDesign) }),
  };
}

/** The report's co-design part: the summary's table and points, the constraints left out. */
function reportCoDesignOf(coDesign: NonNullable<RunSummary['coDesign']>): NonNullable<ReportInput['coDesign']> {
  const { constraints: _constraints, ...shown } = coDesign;
  return { ...shown, objectives: [...shown.objectives], rows: [...shown.rows], points: [...shown.points], frontEnergy: [...shown.frontEnergy], frontLatency: [...shown.frontLatency], chosenHardware: { choice: { ...shown.chosenHardware.choice }, config: shown.chosenHardware.config } };
}

/**
 * The report's rank correlation: the four statistics, and when the summary has them (a summary.json written
 * before they existed does not) their intervals, the scratch epochs and the per-subnet points.
 */
function reportRankCorrelationOf(correlation: RankCorrelation): NonNullable<ReportInput['rankCorrelation']> {
  const { inherited, fineTuned } = correlation;
  const interval = (bootstrap: BootstrapInterval | undefined) => (bootstrap === undefined ? undefined : { low: bootstrap.low, high: bootstrap.high });
  const intervals = {
    kendallTauWithoutFineTuning: interval(inherited.intervals?.kendallTau),
    kendallTauWithFineTuning: interval(fineTuned.intervals?.kendallTau),
    spearmanWithoutFineTuning: interval(inherited.intervals?.spearman),
    spearmanWithFineTuning: interval(fineTuned.intervals?.spearman),
  };
  const confidence = inherited.intervals?.kendallTau.confidence;
  return {
    architectures: correlation.subnets,
    kendallTauWithoutFineTuning: inherited.kendallTau,
    kendallTauWithFineTuning: fineTuned.kendallTau,
    spearmanWithoutFineTuning: inherited.spearman,
    spearmanWithFineTuning: fineTuned.spearman,
    ...(Object.values(intervals).some((value) => value !== undefined) ? { intervals: definedEntries(intervals) } : {}),
    ...(confidence === undefined ? {} : { intervalConfidence: confidence }),
    ...(correlation.scratchEpochs === undefined ? {} : { scratchEpochs: correlation.scratchEpochs }),
    ...(correlation.scratchAgreement === undefined || correlation.scratchSeeds === undefined
      ? {}
      : {
          scratchSeeds: correlation.scratchSeeds,
          scratchAgreement: {
            kendallTau: correlation.scratchAgreement.kendallTau,
            spearman: correlation.scratchAgreement.spearman,
            kendallTauInterval: { low: correlation.scratchAgreement.intervals.kendallTau.low, high: correlation.scratchAgreement.intervals.kendallTau.high },
            spearmanInterval: { low: correlation.scratchAgreement.intervals.spearman.low, high: correlation.scratchAgreement.intervals.spearman.high },
          },
        }),
    ...(correlation.points === undefined ? {} : { points: correlation.points.map((point) => ({ ...point })) }),
  };
}

const definedEntries = <A extends Record<string, unknown>>(record: A): { [K in keyof A]?: Exclude<A[K], undefined> } =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as { [K in keyof A]?: Exclude<A[K], undefined> };
