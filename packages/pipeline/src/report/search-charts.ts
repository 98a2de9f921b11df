import { paretoFront } from '@recnas/search-strategies';
import { CHART_CONFIG, type VegaLiteSpec } from './chart-spec.js';
import type { ReportCandidate, ReportInput } from './report-input.js';

/** What each point of the search charts is: on the Pareto front, dominated, or infeasible (broke a constraint). */
export type CandidateStatus = 'Pareto front' | 'dominated' | 'infeasible';

/** One candidate as the search charts plot it. `bestSoFar` is the lowest feasible LogLoss up to this evaluation. */
export interface CandidatePoint {
  readonly index: number;
  readonly archHash: string;
  readonly validationLogLoss: number;
  readonly flopsPerExample: number;
  readonly bestSoFar: number | null;
  readonly status: CandidateStatus;
}

const isFeasible = (candidate: ReportCandidate): boolean => candidate.feasible !== false;

/**
 * The `index` of each candidate on the Pareto front: `input.paretoFront` when the caller gave it, otherwise
 * the non-dominated feasible candidates over (validationLogLoss, flopsPerExample), both minimised.
 */
export function reportParetoIndices(input: Pick<ReportInput, 'history' | 'paretoFront'>): number[] {
  if (input.paretoFront !== undefined) return [...input.paretoFront];
  const feasible = input.history.filter(isFeasible);
  const points = feasible.map((candidate) => ({ loss: candidate.validationLogLoss, flops: candidate.flopsPerExample }));
  return paretoFront(points, ['loss', 'flops']).map((position) => (feasible[position] as ReportCandidate).index);
}

/** The history in evaluation order, with the running best and each candidate's status. */
export function candidatePoints(input: Pick<ReportInput, 'history' | 'paretoFront'>): CandidatePoint[] {
  const front = new Set(reportParetoIndices(input));
  const ordered = [...input.history].sort((a, b) => a.index - b.index);
  let best: number | null = null;
  return ordered.map((candidate) => {
    if (isFeasible(candidate) && (best === null || candidate.validationLogLoss < best)) best = candidate.validationLogLoss;
    const status: CandidateStatus = !isFeasible(candidate) ? 'infeasible' : front.has(candidate.index) ? 'Pareto front' : 'dominated';
    return {
      index: candidate.index,
      archHash: candidate.archHash,
      validationLogLoss: candidate.validationLogLoss,
      flopsPerExample: candidate.flopsPerExample,
      bestSoFar: best,
      status,
    };
  });
}

const STATUS_COLORS = {
  field: 'status',
  type: 'nominal',
  title: 'candidate',
  scale: { domain: ['Pareto front', 'dominated', 'infeasible'], range: ['#d62728', '#4c78a8', '#bab0ac'] },
} as const;

const TOOLTIP = [
  { field: 'index', type: 'quantitative', title: 'evaluation' },
  { field: 'archHash', type: 'nominal', title: 'architecture hash' },
  { field: 'validationLogLoss', type: 'quantitative', title: 'validation LogLoss', format: '.5f' },
  { field: 'flopsPerExample', type: 'quantitative', title: 'FLOPs per example', format: '~s' },
] as const;

const LOG_LOSS_AXIS = { field: 'validationLogLoss', type: 'quantitative', title: 'validation LogLoss', scale: { zero: false } } as const;

/** Search progress: every candidate's validation LogLoss (points) and the best so far (step line) by evaluation index. */
export function searchProgressSpec(points: ReadonlyArray<CandidatePoint>): VegaLiteSpec {
  return {
    config: CHART_CONFIG,
    width: 640,
    height: 300,
    data: { values: points },
    layer: [
      {
        name: 'candidates',
        mark: { type: 'point', filled: true, size: 40, opacity: 0.75 },
        encoding: {
          x: { field: 'index', type: 'quantitative', title: 'evaluation index' },
          y: LOG_LOSS_AXIS,
          color: STATUS_COLORS,
          tooltip: TOOLTIP,
        },
      },
      {
        name: 'best_so_far',
        mark: { type: 'line', interpolate: 'step-after', color: '#222', strokeWidth: 2 },
        encoding: {
          x: { field: 'index', type: 'quantitative' },
          y: { field: 'bestSoFar', type: 'quantitative', title: 'validation LogLoss' },
        },
      },
    ],
  };
}

/** Validation LogLoss against FLOPs per example, one point per candidate, the Pareto front joined as a staircase. */
export function paretoSpec(points: ReadonlyArray<CandidatePoint>): VegaLiteSpec {
  return {
    config: CHART_CONFIG,
    width: 640,
    height: 320,
    data: { values: points },
    layer: [
      {
        name: 'pareto_front',
        transform: [{ filter: "datum.status === 'Pareto front'" }],
        mark: { type: 'line', interpolate: 'step-after', color: '#d62728', strokeDash: [4, 3] },
        encoding: {
          x: { field: 'flopsPerExample', type: 'quantitative' },
          y: { field: 'validationLogLoss', type: 'quantitative' },
          order: { field: 'flopsPerExample', type: 'quantitative' },
        },
      },
      {
        name: 'candidates',
        mark: { type: 'point', filled: true, size: 50, opacity: 0.8 },
        encoding: {
          x: { field: 'flopsPerExample', type: 'quantitative', title: 'FLOPs per example', scale: { zero: false }, axis: { format: '~s' } },
          y: LOG_LOSS_AXIS,
          color: STATUS_COLORS,
          tooltip: TOOLTIP,
        },
      },
    ],
  };
}
