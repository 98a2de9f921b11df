import * as E from 'fp-ts/lib/Either.js';
import { NASREC_SMALL_SPACE, Rng, decodeArchEncodingFor, type ArchEncoding } from '@recnas/core';
import type { ReportCandidate, ReportInput, ReportRankCorrelationPoint } from '../../src/index.js';

/** A hand-built NASRec-Small architecture: 16 dense and 17 sparse block inputs, plus 2 head inputs. */
export const BEST_ARCH_JSON = {
  space: 'nasrec-small',
  blocks: [
    { denseOp: 'linear-2d', sparseOp: 'linear-3d', denseWidth: 256, sparseWidth: 48, denseInputs: [0], sparseInputs: [0], denseSparseInteract: true, deepFm: false },
    { denseOp: 'dot-product', sparseOp: 'linear-3d', denseWidth: 1024, sparseWidth: 48, denseInputs: [1], sparseInputs: [0, 1], denseSparseInteract: true, deepFm: true },
    { denseOp: 'linear-2d', sparseOp: 'linear-3d', denseWidth: 128, sparseWidth: 16, denseInputs: [0, 2], sparseInputs: [0, 1, 2], denseSparseInteract: false, deepFm: false },
    { denseOp: 'linear-2d', sparseOp: 'linear-3d', denseWidth: 16, sparseWidth: 48, denseInputs: [2], sparseInputs: [0, 2], denseSparseInteract: false, deepFm: true },
    { denseOp: 'dot-product', sparseOp: 'linear-3d', denseWidth: 128, sparseWidth: 32, denseInputs: [0, 2, 3, 4], sparseInputs: [2, 4], denseSparseInteract: false, deepFm: false },
    { denseOp: 'linear-2d', sparseOp: 'linear-3d', denseWidth: 16, sparseWidth: 64, denseInputs: [0, 1, 2, 5], sparseInputs: [1, 2, 5], denseSparseInteract: true, deepFm: false },
    { denseOp: 'linear-2d', sparseOp: 'linear-3d', denseWidth: 1024, sparseWidth: 64, denseInputs: [0, 3, 5], sparseInputs: [0, 1, 2, 5], denseSparseInteract: false, deepFm: false },
  ],
};
export const BEST_ARCH_DENSE_EDGES = 16;
export const BEST_ARCH_SPARSE_EDGES = 17;

/** The fixture architecture, validated against NASRec-Small (throws if it is not valid, so tests notice). */
export function bestArch(): ArchEncoding {
  const decoded = decodeArchEncodingFor(BEST_ARCH_JSON, NASREC_SMALL_SPACE);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

export const CANDIDATES = 40;

/** 40 fake candidates from a seeded Rng: LogLoss that improves with noise, FLOPs 0.5..4 M, every 13th (from 5) infeasible. */
export function fakeHistory(seed = 2018): ReportCandidate[] {
  const rng = Rng.fromSeed(seed).fork('report-fixture');
  return Array.from({ length: CANDIDATES }, (_, index) => ({
    index,
    archHash: rng.nextUint32().toString(16).padStart(8, '0'),
    validationLogLoss: 0.4405 + 0.02 * Math.exp(-index / 12) + 0.004 * rng.nextFloat(),
    flopsPerExample: Math.round(5e5 + 3.5e6 * rng.nextFloat()),
    ...(index % 13 === 5 ? { feasible: false } : {}),
  }));
}

export const RANK_CORRELATION_SUBNETS = 20;

/** 20 fake rank-correlation subnets: scratch LogLoss 0.44..0.47, supernet scores that follow it loosely (fine-tuned more closely). */
export function fakeRankCorrelationPoints(seed = 2018): ReportRankCorrelationPoint[] {
  const rng = Rng.fromSeed(seed).fork('report-fixture-rank-correlation');
  return Array.from({ length: RANK_CORRELATION_SUBNETS }, () => {
    const scratchLogLoss = 0.44 + 0.03 * rng.nextFloat();
    return {
      archHash: rng.nextUint32().toString(16).padStart(8, '0'),
      inheritedLogLoss: scratchLogLoss + 0.05 + 0.03 * rng.nextFloat(),
      fineTunedLogLoss: scratchLogLoss + 0.01 + 0.01 * rng.nextFloat(),
      scratchLogLoss,
    };
  });
}

/** A full, realistic report input: run metadata, 40 candidates, 1 searched model and 4 baselines, rank correlation with intervals and points. */
export function fixtureReportInput(): ReportInput {
  return {
    run: {
      runId: 'criteo-small-2018',
      seed: 2018,
      backend: 'wasm',
      engine: 'tfjs 4.22.0 wasm, 2 threads',
      createdAt: '2024-05-01T12:00:00.000Z',
      recnasVersion: '0.1.0',
      packageVersions: { '@recnas/pipeline': '0.1.0', '@recnas/core': '0.1.0' },
      dataset: { name: 'criteo-sample-8000', rows: 8000 },
      configSummary: { 'search.strategy': 'regularized-evolution', 'search.population': 16, 'supernet.space': 'nasrec-small' },
      stageTimings: [
        { stage: 'load data', seconds: 0.42 },
        { stage: 'train supernet', seconds: 61.5 },
        { stage: 'search', seconds: 143.25 },
      ],
    },
    history: fakeHistory(),
    bestArchitecture: bestArch(),
    models: [
      { name: 'searched #1', kind: 'searched', testLogLoss: 0.4512, testAuc: 0.7581, flopsPerExample: 2.2e6, params: 1_204_321 },
      { name: 'DNN', kind: 'baseline', testLogLoss: 0.4561, testAuc: 0.7499, flopsPerExample: 1.1e6, params: 1_100_001 },
      { name: 'DLRM', kind: 'baseline', testLogLoss: 0.4548, testAuc: 0.7523, flopsPerExample: 1.9e6, params: 1_150_000 },
      { name: 'DeepFM', kind: 'baseline', testLogLoss: 0.4553, testAuc: 0.7517, flopsPerExample: 1.2e6, params: 1_120_400 },
      { name: 'DCN', kind: 'baseline', testLogLoss: 0.4539, testAuc: 0.7540, flopsPerExample: 1.6e6, params: 1_130_200 },
    ],
    rankCorrelation: {
      kendallTauWithoutFineTuning: 0.214,
      kendallTauWithFineTuning: 0.587,
      spearmanWithoutFineTuning: 0.301,
      spearmanWithFineTuning: 0.752,
      architectures: RANK_CORRELATION_SUBNETS,
      intervals: {
        kendallTauWithoutFineTuning: { low: -0.105, high: 0.5 },
        kendallTauWithFineTuning: { low: 0.341, high: 0.79 },
        spearmanWithoutFineTuning: { low: -0.152, high: 0.662 },
        spearmanWithFineTuning: { low: 0.493, high: 0.905 },
      },
      intervalConfidence: 0.95,
      scratchEpochs: 1,
      points: fakeRankCorrelationPoints(),
    },
  };
}
