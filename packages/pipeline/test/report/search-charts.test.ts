import { describe, expect, it } from 'vitest';
import { REPORT_CHART_IDS, renderReport, reportParetoIndices, type ReportCandidate, type ReportInput } from '../../src/index.js';
import { chartIn, layerRows } from './report-html.js';

// Hand-checked: 103 is dominated by 101 (same loss, more FLOPs), 105 by 100 (worse on both); 104 would have
// the best loss but is infeasible, so the front is 100, 101, 102 and 106 (best feasible loss).
const HISTORY: ReportCandidate[] = [
  { index: 104, archHash: 'e', validationLogLoss: 0.43, flopsPerExample: 4e6, feasible: false },
  { index: 100, archHash: 'a', validationLogLoss: 0.45, flopsPerExample: 1e6 },
  { index: 102, archHash: 'c', validationLogLoss: 0.46, flopsPerExample: 0.5e6, feasible: true },
  { index: 101, archHash: 'b', validationLogLoss: 0.44, flopsPerExample: 2e6 },
  { index: 103, archHash: 'd', validationLogLoss: 0.44, flopsPerExample: 3e6 },
  { index: 106, archHash: 'g', validationLogLoss: 0.435, flopsPerExample: 5e6 },
  { index: 105, archHash: 'f', validationLogLoss: 0.455, flopsPerExample: 1.5e6 },
];

const inputWith = (history: ReportCandidate[], paretoFront?: number[]): ReportInput => ({
  run: { runId: 'charts', seed: 7, backend: 'cpu' },
  history,
  models: [],
  ...(paretoFront === undefined ? {} : { paretoFront }),
});

describe('reportParetoIndices', () => {
  it('returns the non-dominated feasible candidates over (LogLoss, FLOPs)', () => {
    expect([...reportParetoIndices(inputWith(HISTORY))].sort((a, b) => a - b)).toEqual([100, 101, 102, 106]);
  });

  it('keeps a front the caller computed', () => {
    expect(reportParetoIndices(inputWith(HISTORY, [103, 101]))).toEqual([103, 101]);
  });

  it('is empty for an empty history', () => {
    expect(reportParetoIndices(inputWith([]))).toEqual([]);
  });
});

describe('search charts in renderReport', () => {
  it('plots candidates in evaluation order with the best feasible LogLoss so far', () => {
    const rows = layerRows(chartIn(renderReport(inputWith(HISTORY)), REPORT_CHART_IDS.searchProgress), 'candidates');
    expect(rows.map((row) => row['index'])).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect(rows.map((row) => row['bestSoFar'])).toEqual([0.45, 0.44, 0.44, 0.44, 0.44, 0.44, 0.435]);
    expect(rows.map((row) => row['status'])).toEqual(['Pareto front', 'Pareto front', 'Pareto front', 'dominated', 'infeasible', 'dominated', 'Pareto front']);
  });

  it('has no best so far before the first feasible candidate', () => {
    const history: ReportCandidate[] = [
      { index: 0, archHash: 'x', validationLogLoss: 0.41, flopsPerExample: 1, feasible: false },
      { index: 1, archHash: 'y', validationLogLoss: 0.47, flopsPerExample: 1 },
    ];
    const rows = layerRows(chartIn(renderReport(inputWith(history)), REPORT_CHART_IDS.searchProgress), 'candidates');
    expect(rows.map((row) => row['bestSoFar'])).toEqual([null, 0.47]);
  });

  it('draws the Pareto front from the Pareto rows only, ordered by FLOPs', () => {
    const chart = chartIn(renderReport(inputWith(HISTORY)), REPORT_CHART_IDS.pareto);
    const front = chart.spec.layer.find((layer) => layer.name === 'pareto_front') as unknown as { transform: unknown; encoding: { order: unknown } };
    expect(front.transform).toEqual([{ filter: "datum.status === 'Pareto front'" }]);
    expect(front.encoding.order).toEqual({ field: 'flopsPerExample', type: 'quantitative' });
    expect(layerRows(chart, 'candidates').filter((row) => row['status'] === 'Pareto front').map((row) => row['index'])).toEqual([100, 101, 102, 106]);
  });
});
