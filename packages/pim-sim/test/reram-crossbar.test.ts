import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RERAM_PIM,
  cellReadEnergyJoules,
  cellWriteEnergyJoules,
  costOnReramPim,
  crossbarCycle,
  crossbarsAreaSquareMillimetres,
  mapMatrixToCrossbars,
  reramAreaSquareMillimetres,
} from '../src/index.js';
import { TINY_MATRIX_WORKLOAD, TINY_RERAM_CHIP } from './tiny-reram-chip.js';

const tiny = TINY_RERAM_CHIP;
const workload = TINY_MATRIX_WORKLOAD;

describe('mapMatrixToCrossbars', () => {
  it('slices weights over cells and blocks rows and sliced columns over arrays', () => {
    // 4-bit weights over 2-bit cells: 2 slices; ceil(6/4) = 2 row blocks; ceil(3*2/4) = 2 column blocks;
    // 4 groups of 2 polarity arrays = 8 arrays.
    expect(mapMatrixToCrossbars(tiny, { rows: 6, cols: 3, vectors: 2 })).toEqual({ slicesPerWeight: 2, rowBlocks: 2, columnBlocks: 2, groups: 4, crossbars: 8 });
  });

  it('needs 512 arrays for a 1024x1024 FC on the default chip', () => {
    // 8-bit weights / 2-bit cells = 4 slices; 1024/128 = 8 row blocks; 4096/128 = 32 column blocks; x2 polarity.
    expect(mapMatrixToCrossbars(DEFAULT_RERAM_PIM, { rows: 1024, cols: 1024, vectors: 1 }).crossbars).toBe(512);
  });

  it('maps an empty matrix to no arrays', () => {
    expect(mapMatrixToCrossbars(tiny, { rows: 6, cols: 0, vectors: 2 }).crossbars).toBe(0);
  });
});

describe('crossbarCycle', () => {
  it('is the read latency when reads are slower than the shared ADC', () => {
    // ADC: 2 columns / 1e9 conversions/s = 2 ns < 3 ns read.
    expect(crossbarCycle(tiny)).toEqual({ seconds: 3e-9, boundBy: 'crossbar-reads' });
  });

  it('is ADC-bound on the default chip: 8 columns per 6-bit 1 GS/s ADC take 8 ns > 3.16 ns', () => {
    expect(crossbarCycle(DEFAULT_RERAM_PIM)).toEqual({ seconds: 8e-9, boundBy: 'adc' });
  });
});

describe('cellReadEnergyJoules and cellWriteEnergyJoules', () => {
  it('price a cell read and write from the MNSIM 2.0 device figures', () => {
    // 0.5 V^2 * mean(1/3e4, 1/1.5e5) S * 3.16 ns * 0.5 activity = 0.25 * 2e-5 * 3.16e-9 * 0.5 = 7.9e-15 J.
    expect(cellReadEnergyJoules(DEFAULT_RERAM_PIM)).toBeCloseTo(7.9e-15, 20);
    // 3 V^2 / 3e4 ohm * 10 ns = 3e-12 J.
    expect(cellWriteEnergyJoules(DEFAULT_RERAM_PIM)).toBeCloseTo(3e-12, 20);
  });
});

describe('crossbarsAreaSquareMillimetres', () => {
  it('adds cells, DACs and one ADC set per polarity group', () => {
    // 8 arrays * (16 cells * 1.44 + 4 DACs * 0.166) um^2 = 189.632; 4 groups * 2 ADCs * 1200 um^2 = 9600.
    expect(crossbarsAreaSquareMillimetres(tiny, 8)).toBeCloseTo(9789.632e-6, 12);
  });

  it('gives the default chip about 463 mm^2: 16,384 1T1R arrays with 6-bit ADCs', () => {
    // 16384 * (16384 * 1.44 + 128 * 0.166) + 8192 * 16 * 580 um^2 = 386.9 + 76.0 mm^2.
    expect(reramAreaSquareMillimetres(DEFAULT_RERAM_PIM)).toBeCloseTo(462.917, 3);
  });
});

describe('costOnReramPim', () => {
  it('matches the hand calculation of latency, energy, area and bound for resident weights', () => {
    const cost = costOnReramPim(tiny, workload, true);
    // Analog: 1 pass * 2 vectors * 2 bits * 3 ns = 12 ns; digital 10 FLOPs / 1e9 = 10 ns;
    // interface (144 - 4*18) bytes * 2/32 = 4.5 bytes / 1e9 B/s = 4.5 ns. Max: 12 ns, read-bound.
    expect(cost.latencySeconds).toBeCloseTo(12e-9, 20);
    expect(cost.boundBy).toBe('crossbar-reads');
    // Reads: 8 arrays * 16 cells * 4 cycles * 7.5e-15 J = 3.84 pJ (0.25 * 2e-5 * 3e-9 * 0.5 per cell);
    // ADC: 2 row blocks * 3 cols * 2 slices * 4 cycles = 48 conversions * (2 pJ + 0.1 pJ shift-add) = 100.8 pJ;
    // DAC: 6 rows * 2 column blocks * 2 polarity * 4 cycles = 96 * 3.9 fJ = 0.3744 pJ;
    // digital: 10 * 2.3 pJ = 23 pJ; interface: 8 * 4.5 bits * 20 pJ = 720 pJ. Total 848.0144 pJ.
    expect(cost.energyJoules).toBeCloseTo(848.0144e-12, 18);
    expect(cost.areaSquareMillimetres).toBeCloseTo(9789.632e-6, 12);
  });

  it('rewrites weights that do not stay resident, in passes when the chip is too small', () => {
    const small = { ...tiny, crossbarsPerTile: 5 };
    const cost = costOnReramPim(small, workload, false);
    // 8 arrays on a 5-array chip: 2 passes. Writes: 2 * 4 rows * 10 ns = 80 ns; analog 2 * 12 ns = 24 ns.
    expect(cost.latencySeconds).toBeCloseTo(104e-9, 20);
    expect(cost.boundBy).toBe('crossbar-writes');
    // Extra over the resident run: 8 arrays * 16 cells * 3e-12 J = 384 pJ of writes (the reads do not change).
    expect(cost.energyJoules - costOnReramPim(tiny, workload, true).energyJoules).toBeCloseTo(384e-12, 18);
  });

  it('costs nothing for a zero-width operator', () => {
    const empty = { ...workload, flops: 0, params: 0, bytesMoved: 0, matrices: [{ rows: 6, cols: 0, vectors: 2 }] };
    expect(costOnReramPim(tiny, empty, false)).toEqual({ latencySeconds: 0, energyJoules: 0, areaSquareMillimetres: 0, boundBy: 'none' });
  });

  it('throws INVARIANT for a workload without matrices', () => {
    const { matrices: _matrices, ...shapeless } = workload;
    expect(() => costOnReramPim(tiny, shapeless, true)).toThrow(/has no matrices/);
  });
});
