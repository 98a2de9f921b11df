import { HARDWARE_PRESETS } from '@recnas/pim-sim';
import type { ReportCoDesign, ReportInput } from '../../src/index.js';
import { fixtureReportInput } from './report-fixture.js';

/** 30 pairs: loss falls as energy and latency rise, with a few dominated and two infeasible. */
export function fixtureCoDesign(): ReportCoDesign {
  const points = Array.from({ length: 30 }, (_, index) => ({
    index,
    archHash: index.toString(16).padStart(16, '0'),
    loss: 0.46 - 0.0004 * (index % 10) + 0.0007 * Math.floor(index / 10),
    energy: 1e-3 * (1 + (index % 10)) * (1 + Math.floor(index / 10)),
    latency: 1e-3 * (2 + (index % 10)),
    flops: 1e6 * (1 + (index % 7)),
    feasible: index !== 5 && index !== 17,
  }));
  const row = (name: string, mapping: 'host' | 'naive-pim' | 'co-designed', energyJoules: number) => ({
    name, archHash: '0000000000000009', mapping, validationLogLoss: 0.4564, flopsPerExample: 7e6, latencySeconds: 0.01, energyJoules, areaSquareMillimetres: mapping === 'host' ? 0 : 462.9,
  });
  return {
    objectives: ['loss', 'energy'],
    batchSize: 512,
    logLossTolerance: 0.001,
    logLossDelta: 0.0004,
    rows: [row('accuracy-only on host', 'host', 0.02), row('accuracy-only, naive PIM', 'naive-pim', 0.008), row('co-designed', 'co-designed', 0.004)],
    versusHost: { flopsEfficiency: 1.2, energyEfficiency: 5, speedup: 2 },
    versusNaivePim: { flopsEfficiency: 1.2, energyEfficiency: 2, speedup: 1.1 },
    chosenHardware: { choice: { 'placement.matrix': 'reram-pim' }, config: HARDWARE_PRESETS.naivePim },
    points,
    frontEnergy: [0, 1, 2, 3, 4, 6, 7, 8, 9],
    frontLatency: [0, 1, 2, 3, 4, 6, 7, 8, 9],
  };
}

export function fixtureCoDesignReportInput(): ReportInput {
  return { ...fixtureReportInput(), coDesign: fixtureCoDesign() };
}
