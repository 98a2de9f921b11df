import * as t from 'io-ts';
import { strictType } from '@recnas/core';
import { FiniteNumberCodec, NonNegativeFiniteCodec, NonNegativeIntegerCodec } from './report-numbers.js';

const RatiosCodec = strictType({ flopsEfficiency: NonNegativeFiniteCodec, energyEfficiency: NonNegativeFiniteCodec, speedup: NonNegativeFiniteCodec }, 'ReportCoDesignRatios');

/** One row of the co-design table (costs per batch of `batchSize`). */
export const ReportCoDesignRowCodec = strictType(
  {
    name: t.string,
    archHash: t.string,
    mapping: t.keyof({ host: null, 'naive-pim': null, 'co-designed': null }),
    validationLogLoss: NonNegativeFiniteCodec,
    flopsPerExample: NonNegativeFiniteCodec,
    latencySeconds: NonNegativeFiniteCodec,
    energyJoules: NonNegativeFiniteCodec,
    areaSquareMillimetres: NonNegativeFiniteCodec,
  },
  'ReportCoDesignRow',
);
export type ReportCoDesignRow = t.TypeOf<typeof ReportCoDesignRowCodec>;

/** One evaluated (architecture, hardware) pair of the Pareto plots. */
export const ReportCoDesignPointCodec = strictType(
  {
    index: NonNegativeIntegerCodec,
    archHash: t.string,
    loss: NonNegativeFiniteCodec,
    energy: NonNegativeFiniteCodec,
    latency: NonNegativeFiniteCodec,
    flops: NonNegativeFiniteCodec,
    feasible: t.boolean,
  },
  'ReportCoDesignPoint',
);
export type ReportCoDesignPoint = t.TypeOf<typeof ReportCoDesignPointCodec>;

/** The co-design part of a report: the paper-style table, the chosen hardware and the Pareto plot points. */
export const ReportCoDesignCodec = strictType(
  {
    objectives: t.array(t.string),
    batchSize: NonNegativeIntegerCodec,
    logLossTolerance: NonNegativeFiniteCodec,
    logLossDelta: FiniteNumberCodec,
    rows: t.array(ReportCoDesignRowCodec),
    versusHost: RatiosCodec,
    versusNaivePim: RatiosCodec,
    chosenHardware: strictType({ choice: t.record(t.string, t.union([t.string, t.number, t.boolean])), config: t.unknown }, 'ReportChosenHardware'),
    points: t.array(ReportCoDesignPointCodec),
    frontEnergy: t.array(NonNegativeIntegerCodec),
    frontLatency: t.array(NonNegativeIntegerCodec),
  },
  'ReportCoDesign',
);
export type ReportCoDesign = t.TypeOf<typeof ReportCoDesignCodec>;
