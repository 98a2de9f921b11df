import { sequentialArchHash, sequentialChoiceGroups } from '@recnas/core';
import type { ReportChart } from './chart-spec.js';
import { escapeHtml } from './html-escape.js';
import { budgetCurveRows, budgetCurveSpec, choiceProbabilityRows, choiceProbabilitySpec } from './sequential-charts.js';
import type { ReportSequential, ReportSequentialModel } from './sequential-report-input.js';

/** Ids of the sequential section's chart containers (stable: tests and users' scripts look them up). */
export const SEQUENTIAL_CHART_IDS = {
  choiceProbabilities: 'chart-sequential-alpha',
  budget: 'chart-sequential-budget',
} as const;

type Cell = string | number;

function table(caption: string, headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>, className: string): string {
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const KS = ['5', '10', '20'];
const metric = (values: Readonly<Record<string, number>>, k: string): string => (values[k] === undefined ? 'n/a' : (values[k] as number).toFixed(4));
const megaflops = (flops: number): string => `${(flops / 1e6).toFixed(2)} M`;
const microseconds = (seconds: number | undefined): string => (seconds === undefined ? 'n/a' : `${(seconds * 1e6).toFixed(1)} µs`);

function metricRow(model: ReportSequentialModel, baseline: ReportSequentialModel | undefined): Cell[] {
  const share = baseline === undefined || baseline.flopsPerSequence === 0 ? 'n/a' : `${((100 * model.flopsPerSequence) / baseline.flopsPerSequence).toFixed(1)}%`;
  return [
    model.name,
    model.kind,
    ...KS.map((k) => metric(model.hitRate, k)),
    ...KS.map((k) => metric(model.ndcg, k)),
    model.mrr.toFixed(4),
    model.protocol,
    megaflops(model.flopsPerSequence),
    share,
    microseconds(model.latencySeconds),
  ];
}

/** The metric table: the baseline first, then the variants in run order. */
export function sequentialMetricTable(models: ReadonlyArray<ReportSequentialModel>): string {
  const baseline = models.find((model) => model.kind === 'baseline');
  const ordered = [...models].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'baseline' ? -1 : 1));
  const headers = ['model', 'kind', ...KS.map((k) => `HR@${k}`), ...KS.map((k) => `NDCG@${k}`), 'MRR', 'protocol', 'FLOPs per sequence', '% of SASRec FLOPs', 'host latency'];
  return table('Test metrics, retrained from scratch with the same recipe (leave-one-out)', headers, ordered.map((model) => metricRow(model, baseline)), 'numeric');
}

/** The chosen architecture of each model: depth, heads and FFN width per layer, hidden width. */
export function sequentialArchitectureTable(models: ReadonlyArray<ReportSequentialModel>): string {
  const rows = models.map((model): Cell[] => {
    const { architecture: arch } = model;
    return [
      model.name,
      arch.layers.length,
      arch.layers.map((layer) => layer.heads).join(' / '),
      arch.layers.map((layer) => layer.ffnWidth).join(' / '),
      arch.hiddenWidth,
      `${arch.attentionWidth} (${arch.maxHeads} heads max)`,
      model.params === undefined ? 'n/a' : model.params.toLocaleString('en-US'),
      sequentialArchHash(arch),
    ];
  });
  return table('Chosen architectures', ['model', 'depth', 'heads per layer', 'FFN widths', 'hidden width', 'attention width', 'params', 'architecture hash'], rows, 'numeric');
}

const chartDiv = (id: string, label: string): string => `<div class="chart" id="${id}" role="img" aria-label="${escapeHtml(label)}"></div>`;

/** The sequential section of report.html (an empty string when the report has none). */
export function sequentialSection(sequential: ReportSequential | undefined): string {
  if (sequential === undefined) return '';
  const protocols = [...new Set(sequential.models.map((model) => model.protocol))];
  const sampled = protocols.some((protocol) => protocol !== 'full');
  return [
    '<section id="sequential"><h2>Sequential recommendation (DNS-Rec)</h2>',
    `<p>${escapeHtml(sequential.dataset === undefined ? '' : `Data: ${sequential.dataset}. `)}Ranking protocol: ${escapeHtml(protocols.join(', '))}${
      sampled ? ' (sampled metrics rank the target against 100 sampled negatives and are not comparable with full-ranking numbers)' : ' (every item ranked)'
    }.</p>`,
    sequential.models.length === 0 ? '<p class="note">No sequential model was evaluated in this run.</p>' : sequentialMetricTable(sequential.models),
    sequential.models.length === 0 ? '' : sequentialArchitectureTable(sequential.models),
    ...(sequential.searches.length === 0
      ? ['<p class="note">No search was run.</p>']
      : [
          '<h3>Choice probabilities during the search</h3>',
          chartDiv(SEQUENTIAL_CHART_IDS.choiceProbabilities, 'choice probabilities of each option of each choice group by search step, per variant'),
          '<h3>Budget and expected cost</h3>',
          chartDiv(SEQUENTIAL_CHART_IDS.budget, 'the dynamic budget and the expected cost by search step, as fractions of the unpruned cost, per variant'),
        ]),
    '</section>',
  ].join('\n');
}

/** The sequential section's charts (none without searches). */
export function sequentialCharts(sequential: ReportSequential | undefined): ReportChart[] {
  if (sequential === undefined || sequential.searches.length === 0) return [];
  const groups = new Map(sequential.space === undefined ? [] : sequentialChoiceGroups(sequential.space).map((group) => [group.name, group.options]));
  return [
    { containerId: SEQUENTIAL_CHART_IDS.choiceProbabilities, title: 'Choice probabilities', spec: choiceProbabilitySpec(choiceProbabilityRows(sequential.searches, (group) => groups.get(group))) },
    { containerId: SEQUENTIAL_CHART_IDS.budget, title: 'Budget and expected cost', spec: budgetCurveSpec(budgetCurveRows(sequential.searches)) },
  ];
}
