import { escapeHtml } from './html-escape.js';
import type { ReportCorrelationInterval, ReportRankCorrelation, ReportInput, ReportModel, ReportRun } from './report-input.js';

type Cell = string | number;

function table(caption: string, headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>, className: string): string {
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function keyValueTable(caption: string, rows: ReadonlyArray<readonly [string, Cell]>): string {
  const body = rows.map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(String(value))}</td></tr>`).join('\n');
  return `<table class="key-value"><caption>${escapeHtml(caption)}</caption><tbody>\n${body}\n</tbody></table>`;
}

/** FLOPs as MFLOPs (the unit NASRec reports), e.g. `2.20 M`. */
export function formatMegaFlops(flops: number): string {
  return `${(flops / 1e6).toFixed(2)} M`;
}

const formatInteger = (value: number): string => value.toLocaleString('en-US');
const formatSeconds = (seconds: number): string => (seconds >= 100 ? seconds.toFixed(0) : seconds.toFixed(2));

/** The run metadata: id, seed, backend, engine, dataset, creation time, recnas version and the config summary. */
export function runTable(run: ReportRun): string {
  const rows: Array<readonly [string, Cell]> = [
    ['run id', run.runId],
    ['seed', run.seed],
    ['backend', run.backend],
  ];
  if (run.engine !== undefined) rows.push(['engine', run.engine]);
  if (run.dataset !== undefined) rows.push(['dataset', run.dataset.rows === undefined ? run.dataset.name : `${run.dataset.name} (${formatInteger(run.dataset.rows)} rows)`]);
  if (run.createdAt !== undefined) rows.push(['created at', run.createdAt]);
  if (run.recnasVersion !== undefined) rows.push(['recnas version', run.recnasVersion]);
  for (const [key, value] of Object.entries(run.configSummary ?? {})) rows.push([`config: ${key}`, String(value)]);
  return keyValueTable('Run', rows);
}

/** Wall time per stage and in total, or an empty string when the run recorded none. */
export function stageTimingsTable(run: ReportRun): string {
  const timings = run.stageTimings ?? [];
  if (timings.length === 0) return '';
  const total = timings.reduce((sum, timing) => sum + timing.seconds, 0);
  const rows: Cell[][] = timings.map((timing) => [timing.stage, formatSeconds(timing.seconds)]);
  rows.push(['total', formatSeconds(total)]);
  return table('Time per stage', ['stage', 'seconds'], rows, 'numeric');
}

/** Versions of the packages the run used, or an empty string when none were recorded. */
export function packageVersionsTable(run: ReportRun): string {
  const versions = Object.entries(run.packageVersions ?? {});
  if (versions.length === 0) return '';
  return table('Package versions', ['package', 'version'], versions, 'plain');
}

/** `0.4762`, or `0.4762 ± 0.0011` (sample standard deviation over the model seeds) when there were several. */
function lossCell(model: ReportModel): string {
  return model.testLogLossStd === undefined ? model.testLogLoss.toFixed(4) : `${model.testLogLoss.toFixed(4)} ± ${model.testLogLossStd.toFixed(4)}`;
}

function modelRow(model: ReportModel, withLearningRate: boolean): Cell[] {
  const row: Cell[] = [model.name, model.kind, lossCell(model), model.testAuc.toFixed(4), formatMegaFlops(model.flopsPerExample), formatInteger(model.params)];
  return withLearningRate ? [...row, model.learningRate === undefined ? '' : String(model.learningRate)] : row;
}

/** Searched models first, then baselines, each group by test LogLoss; a note says when there are no baselines. */
export function modelsTable(models: ReadonlyArray<ReportModel>): string {
  if (models.length === 0) return '<p class="note">No model was evaluated on the test split.</p>';
  const byKindThenLoss = [...models].sort((a, b) => (a.kind === b.kind ? a.testLogLoss - b.testLogLoss : a.kind === 'searched' ? -1 : 1));
  const seeds = Math.max(...models.map((model) => model.seeds ?? 1));
  const caption = seeds > 1 ? `Models on the test split (means over ${seeds} model seeds; ± sample standard deviation)` : 'Models on the test split';
  // The column appears when the run searched learning rates: each model's is the one its validation LogLoss chose.
  const withLearningRate = models.some((model) => model.learningRate !== undefined);
  const headers = ['model', 'kind', 'test LogLoss', 'test AUC', 'FLOPs per example', 'params', ...(withLearningRate ? ['learning rate (chosen on validation)'] : [])];
  const rendered = table(caption, headers, byKindThenLoss.map((model) => modelRow(model, withLearningRate)), 'numeric');
  const hasBaseline = models.some((model) => model.kind === 'baseline');
  return hasBaseline ? rendered : `${rendered}\n<p class="note">No hand-designed baselines were evaluated in this run.</p>`;
}

const formatCorrelation = (value: number | undefined, interval?: ReportCorrelationInterval): string =>
  value === undefined ? 'not measured' : interval === undefined ? value.toFixed(3) : `${value.toFixed(3)} [${interval.low.toFixed(3)}, ${interval.high.toFixed(3)}]`;

function rankCorrelationCaption(correlation: ReportRankCorrelation): string {
  const parts = [
    correlation.architectures === undefined ? '' : `${correlation.architectures} architectures`,
    correlation.scratchEpochs === undefined ? '' : `trained from scratch for ${correlation.scratchEpochs} ${correlation.scratchEpochs === 1 ? 'epoch' : 'epochs'}`,
    correlation.scratchSeeds === undefined || correlation.scratchSeeds < 2 ? '' : `scratch LogLoss the mean over ${correlation.scratchSeeds} seeds`,
    correlation.intervals === undefined ? '' : `${correlation.intervalConfidence === undefined ? '' : `${+(correlation.intervalConfidence * 100).toFixed(1)}% `}bootstrap intervals in brackets`,
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'Rank correlation' : `Rank correlation (${parts.join('; ')})`;
}

/** Kendall tau and Spearman between supernet and stand-alone rankings, with and without fine-tuning, each with its interval when given. */
export function rankCorrelationTable(correlation: ReportRankCorrelation | undefined): string {
  if (correlation === undefined) return '<p class="note">Rank correlation was not measured in this run.</p>';
  const intervals = correlation.intervals ?? {};
  const agreement = correlation.scratchAgreement;
  const rendered = table(
    rankCorrelationCaption(correlation),
    ['statistic', 'without fine-tuning', 'with fine-tuning'],
    [
      ['Kendall tau', formatCorrelation(correlation.kendallTauWithoutFineTuning, intervals.kendallTauWithoutFineTuning), formatCorrelation(correlation.kendallTauWithFineTuning, intervals.kendallTauWithFineTuning)],
      ['Spearman', formatCorrelation(correlation.spearmanWithoutFineTuning, intervals.spearmanWithoutFineTuning), formatCorrelation(correlation.spearmanWithFineTuning, intervals.spearmanWithFineTuning)],
    ],
    'numeric',
  );
  if (agreement === undefined) return rendered;
  return `${rendered}\n<p class="note">Training from scratch agrees with itself (first seed against second seed): Kendall tau ${formatCorrelation(agreement.kendallTau, agreement.kendallTauInterval)}, Spearman ${formatCorrelation(agreement.spearman, agreement.spearmanInterval)}. A supernet score cannot be expected to rank the architectures more consistently than that.</p>`;
}

/** The Pareto-front candidates, by FLOPs, so the front can be read without the chart. */
export function paretoTable(input: Pick<ReportInput, 'history'>, frontIndices: ReadonlyArray<number>): string {
  if (frontIndices.length === 0) return '';
  const front = new Set(frontIndices);
  const rows = input.history
    .filter((candidate) => front.has(candidate.index))
    .sort((a, b) => a.flopsPerExample - b.flopsPerExample || a.validationLogLoss - b.validationLogLoss)
    .map((candidate): Cell[] => [candidate.index, candidate.archHash, candidate.validationLogLoss.toFixed(5), formatMegaFlops(candidate.flopsPerExample)]);
  return table('Pareto front', ['evaluation', 'architecture hash', 'validation LogLoss', 'FLOPs per example'], rows, 'numeric');
}
