import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeReportInput } from '../../src/index.js';
import { fixtureReportInput } from './report-fixture.js';

function issuesOf(input: unknown): Array<{ path: string; expected: string }> {
  const decoded = decodeReportInput(input);
  if (E.isRight(decoded)) throw new Error('expected the input to be rejected');
  expect(decoded.left.code).toBe('CONFIG_INVALID');
  return (decoded.left.details['issues'] as Array<{ path: string; expected: string }>).map(({ path, expected }) => ({ path, expected }));
}

describe('decodeReportInput', () => {
  it('accepts the fixture input unchanged', () => {
    const input = fixtureReportInput();
    expect(decodeReportInput(JSON.parse(JSON.stringify(input)))).toEqual(E.right(input));
  });

  it('accepts a minimal input: run id, seed, backend, no history, no models', () => {
    const minimal = { run: { runId: 'r', seed: 0, backend: 'cpu' }, history: [], models: [] };
    expect(decodeReportInput(minimal)).toEqual(E.right(minimal));
  });

  it('rejects unknown keys and out-of-range numbers with their JSON paths', () => {
    const input = JSON.parse(JSON.stringify(fixtureReportInput())) as Record<string, unknown> & {
      run: Record<string, unknown>;
      models: Array<Record<string, unknown>>;
      rankCorrelation: Record<string, unknown>;
    };
    input.run['sede'] = 1;
    (input.models[1] as Record<string, unknown>)['testAuc'] = 1.2;
    input.rankCorrelation['kendallTauWithFineTuning'] = -1.5;
    expect(issuesOf(input)).toEqual([
      { path: 'run.sede', expected: 'no such key (unknown key)' },
      { path: 'models[1].testAuc', expected: 'number in [0, 1]' },
      { path: 'rankCorrelation.kendallTauWithFineTuning', expected: 'correlation in [-1, 1]' },
    ]);
  });

  it('rejects a rank-correlation interval with low above high, and a negative subnet LogLoss, with their paths', () => {
    const input = fixtureReportInput();
    const correlation = input.rankCorrelation ?? {};
    const points = (correlation.points ?? []).map((point, at) => (at === 2 ? { ...point, scratchLogLoss: -0.1 } : point));
    expect(issuesOf({ ...input, rankCorrelation: { ...correlation, points } })).toEqual([{ path: 'rankCorrelation.points[2].scratchLogLoss', expected: 'non-negative number' }]);
    const intervals = { ...correlation.intervals, spearmanWithFineTuning: { low: 0.9, high: 0.5 } };
    expect(issuesOf({ ...input, rankCorrelation: { ...correlation, intervals } })).toEqual([{ path: 'rankCorrelation.intervals.spearmanWithFineTuning', expected: 'low <= high' }]);
  });

  it('accepts a rank correlation without intervals or points, as summaries written before them have', () => {
    const input = { run: { runId: 'r', seed: 0, backend: 'cpu' }, history: [], models: [], rankCorrelation: { architectures: 5, kendallTauWithFineTuning: 0.4 } };
    expect(decodeReportInput(input)).toEqual(E.right(input));
  });

  it('rejects a LogLoss that JSON cannot carry (NaN)', () => {
    const input = fixtureReportInput();
    const history = input.history.map((candidate, at) => (at === 3 ? { ...candidate, validationLogLoss: Number.NaN } : candidate));
    expect(issuesOf({ ...input, history })).toEqual([{ path: 'history[3].validationLogLoss', expected: 'non-negative number' }]);
  });

  it('rejects a repeated history index and a Pareto index that names no candidate', () => {
    const input = fixtureReportInput();
    const history = input.history.map((candidate, at) => (at === 7 ? { ...candidate, index: 2 } : candidate));
    expect(issuesOf({ ...input, history, paretoFront: [1, 99] })).toEqual([
      { path: 'history[7].index', expected: 'an index not used before' },
      { path: 'paretoFront[1]', expected: 'the index of a candidate in history' },
    ]);
  });
});
