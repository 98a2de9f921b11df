import type { ReportCoDesign } from './co-design-input.js';
import { escapeHtml } from './html-escape.js';
import { PIM_CHART_IDS } from './pim-charts.js';

const cell = (value: string): string => `<td>${escapeHtml(value)}</td>`;
const ratio = (value: number): string => `${value.toFixed(2)}x`;
const engineering = (value: number, unit: string): string => {
  const prefixes: Array<[number, string]> = [[1, ''], [1e-3, 'm'], [1e-6, 'u'], [1e-9, 'n']];
  const [scale, prefix] = prefixes.find(([factor]) => Math.abs(value) >= factor) ?? [1e-9, 'n'];
  return `${(value / scale).toPrecision(4)} ${prefix}${unit}`;
};

/** The paper-style table: each model and mapping with its costs, then the ratios of the co-designed model. */
export function coDesignTable(coDesign: ReportCoDesign): string {
  const head = ['model', 'architecture', 'validation LogLoss', 'MFLOPs / example', `latency / batch of ${coDesign.batchSize}`, 'energy / batch', 'PIM area'];
  const rows = coDesign.rows.map((row) =>
    [row.name, row.archHash, row.validationLogLoss.toFixed(5), (row.flopsPerExample / 1e6).toFixed(3), engineering(row.latencySeconds, 's'), engineering(row.energyJoules, 'J'), `${row.areaSquareMillimetres.toFixed(1)} mm^2`]
      .map(cell)
      .join(''),
  );
  const ratioRows = [
    ['vs accuracy-only on host', coDesign.versusHost],
    ['vs accuracy-only, naive PIM', coDesign.versusNaivePim],
  ] as const;
  const ratios = ratioRows.map(([name, r]) => `<tr>${[name, ratio(r.flopsEfficiency), ratio(r.energyEfficiency), ratio(r.speedup)].map(cell).join('')}</tr>`);
  return [
    `<table class="co-design"><caption>Co-design table (validation LogLoss of the co-designed model within ${coDesign.logLossTolerance} of the accuracy-only one; delta ${coDesign.logLossDelta.toFixed(5)})</caption>`,
    `<thead><tr>${head.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>`,
    ...rows.map((row) => `<tr>${row}</tr>`),
    '</tbody></table>',
    '<table class="co-design-ratios"><caption>Co-designed model efficiency</caption>',
    `<thead><tr>${['reference', 'FLOPs efficiency', 'energy efficiency', 'speed'].map((header) => `<th scope="col">${header}</th>`).join('')}</tr></thead><tbody>`,
    ...ratios,
    '</tbody></table>',
  ].join('\n');
}

/** The co-design section: Pareto plots, the table and the chosen hardware config as JSON; empty without co-design. */
export function coDesignSection(coDesign: ReportCoDesign | undefined): string {
  if (coDesign === undefined) return '';
  const chart = (id: string, label: string): string => `<div class="chart" id="${id}" role="img" aria-label="${escapeHtml(label)}"></div>`;
  return [
    '<section id="co-design"><h2>Hardware co-design</h2>',
    `<p>Objectives ${escapeHtml(coDesign.objectives.join(', '))}; ${coDesign.points.length} (architecture, hardware) pairs; costs from the analytic pim-sim model (docs/pim-model.md).</p>`,
    '<h3>LogLoss against energy</h3>',
    chart(PIM_CHART_IDS.energy, 'validation LogLoss against energy per batch, Pareto front highlighted'),
    '<h3>LogLoss against latency</h3>',
    chart(PIM_CHART_IDS.latency, 'validation LogLoss against latency per batch, Pareto front highlighted'),
    coDesignTable(coDesign),
    '<h3>Chosen hardware config</h3>',
    `<pre class="hardware-config">${escapeHtml(JSON.stringify(coDesign.chosenHardware.config, null, 2))}</pre>`,
    '</section>',
  ].join('\n');
}
