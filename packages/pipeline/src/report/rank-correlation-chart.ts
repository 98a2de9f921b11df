import { CHART_CONFIG, type VegaLiteSpec } from './chart-spec.js';
import type { ReportRankCorrelationPoint } from './report-input.js';

/** The two supernet scores of the rank-correlation chart, as its legend names them. */
export const RANK_CORRELATION_SERIES = { inherited: 'inherited weights', fineTuned: 'after fine-tuning' } as const;

/** One plotted point: a subnet's supernet score of one kind against its from-scratch LogLoss. */
interface ScorePoint {
  readonly archHash: string;
  readonly score: string;
  readonly supernetLogLoss: number;
  readonly scratchLogLoss: number;
}

/**
 * Supernet score against stand-alone result (NASRec's rank-correlation plot): x is each subnet's
 * from-scratch validation LogLoss, y its supernet validation LogLoss with inherited weights and after
 * fine-tuning (two series, one colour and shape each); the tooltip names the architecture hash.
 */
export function rankCorrelationSpec(points: ReadonlyArray<ReportRankCorrelationPoint>): VegaLiteSpec {
  const values: ScorePoint[] = points.flatMap((point) => [
    { archHash: point.archHash, score: RANK_CORRELATION_SERIES.inherited, supernetLogLoss: point.inheritedLogLoss, scratchLogLoss: point.scratchLogLoss },
    { archHash: point.archHash, score: RANK_CORRELATION_SERIES.fineTuned, supernetLogLoss: point.fineTunedLogLoss, scratchLogLoss: point.scratchLogLoss },
  ]);
  const series = { domain: [RANK_CORRELATION_SERIES.inherited, RANK_CORRELATION_SERIES.fineTuned] };
  return {
    config: CHART_CONFIG,
    width: 640,
    height: 320,
    data: { values },
    layer: [
      {
        name: 'subnets',
        mark: { type: 'point', filled: true, size: 60, opacity: 0.8 },
        encoding: {
          x: { field: 'scratchLogLoss', type: 'quantitative', title: 'from-scratch validation LogLoss', scale: { zero: false } },
          y: { field: 'supernetLogLoss', type: 'quantitative', title: 'supernet validation LogLoss', scale: { zero: false } },
          color: { field: 'score', type: 'nominal', title: 'supernet score', scale: { ...series, range: ['#f58518', '#4c78a8'] } },
          shape: { field: 'score', type: 'nominal', title: 'supernet score', scale: { ...series, range: ['circle', 'diamond'] } },
          tooltip: [
            { field: 'archHash', type: 'nominal', title: 'architecture hash' },
            { field: 'score', type: 'nominal', title: 'supernet score' },
            { field: 'supernetLogLoss', type: 'quantitative', title: 'supernet validation LogLoss', format: '.5f' },
            { field: 'scratchLogLoss', type: 'quantitative', title: 'from-scratch validation LogLoss', format: '.5f' },
          ],
        },
      },
    ],
  };
}
