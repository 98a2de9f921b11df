import type { ReportInput } from './report/report-input.js';
import type { RunSummary } from './run-summary.js';

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
    ...(correlation === undefined
      ? {}
      : {
          rankCorrelation: {
            architectures: correlation.subnets,
            kendallTauWithoutFineTuning: correlation.inherited.kendallTau,
            kendallTauWithFineTuning: correlation.fineTuned.kendallTau,
            spearmanWithoutFineTuning: correlation.inherited.spearman,
            spearmanWithFineTuning: correlation.fineTuned.spearman,
          },
        }),
    ...(summary.coDesign === undefined ? {} : { coDesign: reportCoDesignOf(summary.coDesign) }),
  };
}

/** The report's co-design part: the summary's table and points, the constraints left out. */
function reportCoDesignOf(coDesign: NonNullable<RunSummary['coDesign']>): NonNullable<ReportInput['coDesign']> {
  const { constraints: _constraints, ...shown } = coDesign;
  return { ...shown, objectives: [...shown.objectives], rows: [...shown.rows], points: [...shown.points], frontEnergy: [...shown.frontEnergy], frontLatency: [...shown.frontLatency], chosenHardware: { choice: { ...shown.chosenHardware.choice }, config: shown.chosenHardware.config } };
}
