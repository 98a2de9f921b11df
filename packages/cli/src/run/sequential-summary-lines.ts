import type { SequentialModelResult, SequentialRunSummary } from '@recnas/pipeline';

const fixed = (value: number | null | undefined, digits: number): string => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));

function table(rows: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd());
}

const describe = (model: SequentialModelResult): string =>
  `${model.architecture.layers.length} layers, heads ${model.architecture.layers.map((layer) => layer.heads).join('/')}, FFN ${model.architecture.layers.map((layer) => layer.ffnWidth).join('/')}, hidden ${model.architecture.hiddenWidth}`;

/** What `recnas run --task sequential` prints at the end (stderr): the data, the metric table, the architectures, the report. */
export function sequentialSummaryLines(summary: SequentialRunSummary, reportPath: string): string {
  const { data, baseline } = summary;
  const models = [baseline, ...summary.variants.map((variant) => variant.model)];
  const rows = [
    ['model', 'HR@10', 'NDCG@10', 'MRR', 'MFLOPs/seq', '% SASRec', 'latency us'],
    ...models.map((model) => [
      model.name,
      fixed(model.test.hitRate['10'], 4),
      fixed(model.test.ndcg['10'], 4),
      fixed(model.test.mrr, 4),
      fixed(model.flopsPerSequence / 1e6, 3),
      fixed((100 * model.flopsPerSequence) / baseline.flopsPerSequence, 1),
      fixed(model.latencySeconds * 1e6, 1),
    ]),
  ];
  const bad = data.badRows === 0 ? 'no bad rows' : `${data.badRows} bad rows (${Object.entries(data.badRowsByReason).map(([reason, count]) => `${reason} ${count}`).join(', ')})`;
  return [
    '',
    `data: ${data.users} users, ${data.items} items, ${data.interactions} interactions; ${data.shortUsers} users with fewer than 3 events (${data.shortUserRule}); ${bad}`,
    `test metrics (${summary.protocol} ranking, ${data.testUsers} users), every model trained with the same recipe:`,
    ...table(rows).map((line) => `  ${line}`),
    'chosen architectures:',
    `  ${baseline.name}: ${describe(baseline)}`,
    ...summary.variants.map(({ model, search }) => `  ${model.name}: ${describe(model)} (${(100 * search.selectedCost / search.startCost).toFixed(1)}% of the unconstrained ${search.cost}, target ${(100 * search.targetCost / search.startCost).toFixed(1)}%; selection: ${search.selection})`),
    `stage times: ${summary.stageSeconds.map((timing) => `${timing.stage} ${timing.seconds.toFixed(1)} s`).join(', ')}`,
    `report: ${reportPath}`,
    '',
  ].join('\n');
}
