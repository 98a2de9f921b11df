import { CHART_CONFIG, type VegaLiteSpec } from './chart-spec.js';
import type { ReportSequentialSearch } from './sequential-report-input.js';

/** One probability of one option of one choice group at one recorded search step. */
export interface ChoiceProbabilityRow {
  readonly variant: string;
  readonly group: string;
  readonly option: string;
  readonly step: number;
  readonly probability: number;
}

/** One budget or expected-cost value at a recorded step, as a fraction of the unpruned cost. */
export interface BudgetCurveRow {
  readonly variant: string;
  readonly series: 'budget' | 'expected cost';
  readonly step: number;
  readonly fractionOfStart: number;
  readonly value: number;
}

/** Option labels of a group: `1 layer`, `2 heads`, `FFN 128`, `hidden 64` (as the space lists them), else `option i`. */
function optionLabel(group: string, index: number, options: ReadonlyArray<number> | undefined): string {
  const value = options?.[index];
  if (value === undefined) return `option ${index + 1}`;
  if (group === 'depth') return `${value} layer${value === 1 ? '' : 's'}`;
  if (group.startsWith('heads.')) return `${value} head${value === 1 ? '' : 's'}`;
  if (group.startsWith('ffn.')) return `FFN ${value}`;
  if (group === 'hidden') return `hidden ${value}`;
  return String(value);
}

/** The choice probabilities of every recorded step of every search, one row per (group, option). */
export function choiceProbabilityRows(searches: ReadonlyArray<ReportSequentialSearch>, optionsOf: (group: string) => ReadonlyArray<number> | undefined): ChoiceProbabilityRow[] {
  return searches.flatMap((search) =>
    search.curve.flatMap((point) =>
      Object.entries(point.probabilities).flatMap(([group, values]) =>
        values.map((probability, index) => ({ variant: search.variant, group, option: optionLabel(group, index, optionsOf(group)), step: point.step, probability })),
      ),
    ),
  );
}

/** Budget and expected cost of every recorded step of every search. */
export function budgetCurveRows(searches: ReadonlyArray<ReportSequentialSearch>): BudgetCurveRow[] {
  return searches.flatMap((search) =>
    search.curve.flatMap((point) =>
      (['budget', 'expected cost'] as const).map((series) => {
        const value = series === 'budget' ? point.budget : point.expectedCost;
        return { variant: search.variant, series, step: point.step, value, fractionOfStart: search.startCost > 0 ? value / search.startCost : 0 };
      }),
    ),
  );
}

/** Choice probabilities (the softmax of alpha, gates averaged over the batch) by search step: one panel per group, a line per option and variant. */
export function choiceProbabilitySpec(rows: ReadonlyArray<ChoiceProbabilityRow>): VegaLiteSpec {
  return {
    config: CHART_CONFIG,
    data: { values: rows },
    facet: { field: 'group', type: 'nominal', title: 'choice group', sort: null },
    columns: 3,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    spec: {
      width: 260,
      height: 160,
      mark: { type: 'line', point: false, strokeWidth: 1.8 },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'search step' },
        y: { field: 'probability', type: 'quantitative', title: 'probability', scale: { domain: [0, 1] } },
        color: { field: 'option', type: 'nominal', title: 'option', sort: null },
        strokeDash: { field: 'variant', type: 'nominal', title: 'variant' },
        tooltip: [
          { field: 'variant', type: 'nominal' },
          { field: 'group', type: 'nominal' },
          { field: 'option', type: 'nominal' },
          { field: 'step', type: 'quantitative' },
          { field: 'probability', type: 'quantitative', format: '.3f' },
        ],
      },
    },
  };
}

/** The dynamic budget and the expected cost by search step, as fractions of the unpruned SASRec's cost, per variant. */
export function budgetCurveSpec(rows: ReadonlyArray<BudgetCurveRow>): VegaLiteSpec {
  return {
    config: CHART_CONFIG,
    width: 640,
    height: 280,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'search step' },
      y: { field: 'fractionOfStart', type: 'quantitative', title: 'cost / unpruned SASRec cost', scale: { zero: true } },
      color: { field: 'variant', type: 'nominal', title: 'variant' },
      strokeDash: { field: 'series', type: 'nominal', title: 'series', scale: { domain: ['budget', 'expected cost'], range: [[6, 3], [1, 0]] } },
      detail: { field: 'series', type: 'nominal' },
      tooltip: [
        { field: 'variant', type: 'nominal' },
        { field: 'series', type: 'nominal' },
        { field: 'step', type: 'quantitative' },
        { field: 'value', type: 'quantitative', title: 'cost', format: '.4~g' },
        { field: 'fractionOfStart', type: 'quantitative', title: 'fraction of SASRec', format: '.3f' },
      ],
    },
  };
}
