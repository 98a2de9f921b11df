import type { ArchEncoding } from '@recnas/core';
import type { RunSummary } from '@recnas/pipeline';

const fixed = (value: number | null | undefined, digits: number): string =>
  value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
const megaflops = (flops: number | null | undefined): string => fixed(flops === null || flops === undefined ? flops : flops / 1e6, 3);
const inputs = (list: ReadonlyArray<number> | undefined): string => `[${(list ?? []).join(',')}]`;

/**
 * One line per block: the dense operator and width with its inputs (left/right for a binary operator),
 * the sparse operator and width with its inputs, and the interaction flags. Input 0 is the stem, i is block i.
 */
export function describeArchitecture(arch: ArchEncoding): string[] {
  return arch.blocks.map((block, position) => {
    const denseFrom =
      block.denseLeftInputs !== undefined && block.denseRightInputs !== undefined
        ? `${inputs(block.denseLeftInputs)}x${inputs(block.denseRightInputs)}`
        : inputs(block.denseInputs);
    const flags = [block.denseSparseInteract ? 'dense-sparse interaction' : '', block.deepFm ? 'DeepFM' : ''].filter(Boolean);
    return `block ${position + 1}: dense ${block.denseOp}/${block.denseWidth} <- ${denseFrom}; sparse ${block.sparseOp}/${block.sparseWidth} <- ${inputs(block.sparseInputs)}${flags.length === 0 ? '' : `; ${flags.join(', ')}`}`;
  });
}

/** A plain-text table: the first `textColumns` columns left-aligned, the numbers right-aligned. */
function table(rows: ReadonlyArray<ReadonlyArray<string>>, textColumns: number): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const cell = (text: string, column: number): string => (column < textColumns ? text.padEnd(widths[column] ?? 0) : text.padStart(widths[column] ?? 0));
  return rows.map((row) => row.map(cell).join('  ').trimEnd());
}

/** A correlation with its interval when there is one: `0.337 [0.120, 0.530]`. */
const withInterval = (value: number, interval: { readonly low: number; readonly high: number } | undefined): string =>
  interval === undefined ? fixed(value, 3) : `${fixed(value, 3)} [${fixed(interval.low, 3)}, ${fixed(interval.high, 3)}]`;

/**
 * Kendall tau-b and Spearman of the supernet scores against the from-scratch LogLoss, each with its bootstrap
 * interval (a summary.json written before the intervals existed has none).
 */
export function rankCorrelationLines(correlation: NonNullable<RunSummary['rankCorrelation']>): string[] {
  const { inherited, fineTuned, subnets } = correlation;
  const confidence = inherited.intervals?.kendallTau.confidence;
  const line = (name: string, statistic: 'kendallTau' | 'spearman'): string =>
    `${name} over ${subnets} subnets: ${withInterval(inherited[statistic], inherited.intervals?.[statistic])} with inherited weights, ` +
    `${withInterval(fineTuned[statistic], fineTuned.intervals?.[statistic])} after fine-tuning`;
  const lines = [line('Kendall tau', 'kendallTau'), line('Spearman', 'spearman')];
  const seeds = correlation.scratchSeeds ?? 1;
  if (confidence !== undefined) {
    const over = seeds > 1 ? `, the mean over ${seeds} seeds` : '';
    lines.push(`  (against the validation LogLoss after ${correlation.scratchEpochs} from-scratch epochs${over}; ${+(confidence * 100).toFixed(1)}% bootstrap intervals in brackets)`);
  }
  const agreement = correlation.scratchAgreement;
  if (agreement !== undefined) {
    lines.push(`from scratch, seed 1 against seed 2: Kendall tau ${withInterval(agreement.kendallTau, agreement.intervals.kendallTau)}, Spearman ${withInterval(agreement.spearman, agreement.intervals.spearman)} (how well the ground truth agrees with itself)`);
  }
  return lines;
}

/** The hash of the architecture a run presents as its result (the retrained pick, else the search's best). */
export function bestArchitectureHash(summary: RunSummary): string {
  return summary.bestModel?.archHash ?? summary.search.best.archHash;
}

/** What `recnas run` prints at the end (stderr): the best architecture, the models against the baselines, times, the report. */
export function runSummaryLines(summary: RunSummary, reportPath: string): string {
  const best = summary.bestModel;
  const arch = best?.arch ?? summary.search.best.arch;
  const lines = [
    '',
    `best architecture ${bestArchitectureHash(summary)}${best === undefined ? ' (best of the search)' : ` (${best.name}: chosen by validation LogLoss after retraining)`}:`,
    ...describeArchitecture(arch).map((line) => `  ${line}`),
    `  search: validation LogLoss ${fixed(summary.search.best.validationLogLoss, 4)} after fine-tuning (${summary.search.evaluated} candidates, ${summary.search.strategy})`,
  ];
  if (best !== undefined) {
    lines.push(`  retrained: validation LogLoss ${fixed(best.validationLogLoss, 4)}, test LogLoss ${fixed(best.testLogLoss, 4)}, test AUC ${fixed(best.testAuc, 4)}, ${megaflops(best.flopsPerExample)} MFLOPs per example`);
  }
  if (summary.models.length > 0) {
    const seeds = Math.max(...summary.models.map((model) => model.seeds.length));
    const over = seeds > 1 ? `, means over ${seeds} model seeds ± standard deviation` : '';
    lines.push('', `models retrained from scratch with the same budget (test split of ${summary.data.testRows} rows${over}):`);
    const loss = (model: RunSummary['models'][number]): string =>
      model.testLogLossStd === null ? fixed(model.testLogLoss, 4) : `${fixed(model.testLogLoss, 4)} ± ${fixed(model.testLogLossStd, 4)}`;
    // With a learning-rate search, each model's chosen rate (on validation) is shown.
    const rates = summary.learningRateTrials !== undefined;
    const rows = [
      ['model', 'kind', 'test LogLoss', 'test AUC', 'MFLOPs', ...(rates ? ['learning rate'] : [])],
      ...summary.models.map((model) => [model.name, model.kind, loss(model), fixed(model.testAuc, 4), megaflops(model.flopsPerExample), ...(rates ? [String(model.learningRate ?? '')] : [])]),
    ];
    lines.push(...table(rows, 2).map((line) => `  ${line}`));
  }
  if (summary.beatsAllBaselines !== undefined) {
    const deltas = Object.entries(summary.versusBaselines).map(([name, delta]) => `${name} ${delta >= 0 ? '+' : ''}${fixed(delta, 4)}`);
    lines.push(`beats every baseline on test LogLoss: ${summary.beatsAllBaselines ? 'yes' : 'no'} (difference: ${deltas.join(', ')})`);
  }
  if (summary.beatsAllBaselinesBeyondNoise !== undefined) {
    lines.push(`beats every baseline by more than twice the standard error of the difference: ${summary.beatsAllBaselinesBeyondNoise ? 'yes' : 'no'}`);
  }
  if (summary.rankCorrelation !== undefined) lines.push(...rankCorrelationLines(summary.rankCorrelation));
  lines.push(`stage times: ${summary.stageSeconds.map((timing) => `${timing.stage} ${timing.seconds.toFixed(1)} s`).join(', ')}`, `report: ${reportPath}`, '');
  return lines.join('\n');
}
