import { describe, expect, it } from 'vitest';
import { REPORT_CHART_IDS, renderReport, type ReportInput, type ReportRankCorrelationPoint } from '../../src/index.js';
import { chartIn, layerRows } from './report-html.js';

const POINTS: ReportRankCorrelationPoint[] = [
  { archHash: 'aaaa', inheritedLogLoss: 0.52, fineTunedLogLoss: 0.47, scratchLogLoss: 0.45 },
  { archHash: 'bbbb', inheritedLogLoss: 0.5, fineTunedLogLoss: 0.48, scratchLogLoss: 0.46 },
];

const inputWith = (points: ReportRankCorrelationPoint[]): ReportInput => ({
  run: { runId: 'rank', seed: 7, backend: 'cpu' },
  history: [],
  models: [],
  rankCorrelation: { architectures: points.length, kendallTauWithFineTuning: 1, points },
});

describe('rank-correlation chart in renderReport', () => {
  it('plots each subnet twice against its from-scratch LogLoss: inherited weights and after fine-tuning', () => {
    const chart = chartIn(renderReport(inputWith(POINTS)), REPORT_CHART_IDS.rankCorrelation);
    expect(layerRows(chart, 'subnets')).toEqual([
      { archHash: 'aaaa', score: 'inherited weights', supernetLogLoss: 0.52, scratchLogLoss: 0.45 },
      { archHash: 'aaaa', score: 'after fine-tuning', supernetLogLoss: 0.47, scratchLogLoss: 0.45 },
      { archHash: 'bbbb', score: 'inherited weights', supernetLogLoss: 0.5, scratchLogLoss: 0.46 },
      { archHash: 'bbbb', score: 'after fine-tuning', supernetLogLoss: 0.48, scratchLogLoss: 0.46 },
    ]);
  });

  it('puts the from-scratch LogLoss on x, the supernet LogLoss on y, the series in the legend and the hash in the tooltip', () => {
    const chart = chartIn(renderReport(inputWith(POINTS)), REPORT_CHART_IDS.rankCorrelation);
    const layer = chart.spec.layer.find((candidate) => candidate.name === 'subnets') as unknown as {
      encoding: { x: { field: string }; y: { field: string }; color: { field: string; title: string }; tooltip: Array<{ field: string }> };
    };
    expect(layer.encoding.x.field).toBe('scratchLogLoss');
    expect(layer.encoding.y.field).toBe('supernetLogLoss');
    expect(layer.encoding.color).toMatchObject({ field: 'score', title: 'supernet score' });
    expect(layer.encoding.tooltip.map((entry) => entry.field)).toContain('archHash');
  });

  it('is left out when the rank correlation has no points', () => {
    const html = renderReport(inputWith([]));
    expect(() => chartIn(html, REPORT_CHART_IDS.rankCorrelation)).toThrow('no chart');
  });
});
