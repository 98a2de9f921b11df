import { CHART_CONFIG, type ReportChart, type VegaLiteSpec } from './chart-spec.js';
import type { ReportCoDesign } from './co-design-input.js';

/** Ids of the co-design chart containers in report.html. */
export const PIM_CHART_IDS = { energy: 'chart-pim-energy', latency: 'chart-pim-latency' } as const;

const STATUS_COLORS = {
  field: 'status',
  type: 'nominal',
  title: 'candidate',
  scale: { domain: ['Pareto front', 'dominated', 'infeasible'], range: ['#d62728', '#4c78a8', '#bab0ac'] },
} as const;

/** Validation LogLoss against `cost` (energy or latency per batch), one point per pair, the front as a dashed staircase. */
export function pimParetoSpec(coDesign: ReportCoDesign, cost: 'energy' | 'latency'): VegaLiteSpec {
  const front = new Set(cost === 'energy' ? coDesign.frontEnergy : coDesign.frontLatency);
  const values = coDesign.points.map((point) => ({ ...point, status: !point.feasible ? 'infeasible' : front.has(point.index) ? 'Pareto front' : 'dominated' }));
  const title = cost === 'energy' ? `energy per batch of ${coDesign.batchSize} (J)` : `latency per batch of ${coDesign.batchSize} (s)`;
  return {
    config: CHART_CONFIG,
    width: 640,
    height: 320,
    data: { values },
    layer: [
      {
        name: 'pareto_front',
        transform: [{ filter: "datum.status === 'Pareto front'" }],
        mark: { type: 'line', interpolate: 'step-after', color: '#d62728', strokeDash: [4, 3] },
        encoding: { x: { field: cost, type: 'quantitative' }, y: { field: 'loss', type: 'quantitative' }, order: { field: cost, type: 'quantitative' } },
      },
      {
        name: 'candidates',
        mark: { type: 'point', filled: true, size: 50, opacity: 0.8 },
        encoding: {
          x: { field: cost, type: 'quantitative', title, scale: { type: 'log' }, axis: { format: '~s' } },
          y: { field: 'loss', type: 'quantitative', title: 'validation LogLoss', scale: { zero: false } },
          color: STATUS_COLORS,
          tooltip: [
            { field: 'index', type: 'quantitative', title: 'evaluation' },
            { field: 'archHash', type: 'nominal', title: 'architecture hash' },
            { field: 'loss', type: 'quantitative', title: 'validation LogLoss', format: '.5f' },
            { field: cost, type: 'quantitative', title, format: '.3~s' },
          ],
        },
      },
    ],
  };
}

/** The two co-design charts (LogLoss vs energy, LogLoss vs latency), or none without co-design points. */
export function pimCharts(coDesign: ReportCoDesign | undefined): ReportChart[] {
  if (coDesign === undefined || coDesign.points.length === 0) return [];
  return [
    { containerId: PIM_CHART_IDS.energy, title: 'LogLoss against energy', spec: pimParetoSpec(coDesign, 'energy') },
    { containerId: PIM_CHART_IDS.latency, title: 'LogLoss against latency', spec: pimParetoSpec(coDesign, 'latency') },
  ];
}
