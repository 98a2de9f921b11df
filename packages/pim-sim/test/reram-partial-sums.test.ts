import { describe, expect, it } from 'vitest';
import { DEFAULT_RERAM_PIM, costOnReramPim, losslessAdcBits, partialSumSplit, rowsPerAdcRead, type OperatorWorkload, type ReramPimConfig } from '../src/index.js';
import { TINY_MATRIX_WORKLOAD, TINY_RERAM_CHIP } from './tiny-reram-chip.js';

describe('losslessAdcBits', () => {
  it('is ceil(log2(rows * (2^cellBits - 1) + 1)): ISAAC log2(R) + w for 1-bit inputs', () => {
    expect(losslessAdcBits(128, 2)).toBe(9); // 0..384: log2(385) = 8.59
    expect(losslessAdcBits(64, 2)).toBe(8); // 0..192: log2(193) = 7.59
    expect(losslessAdcBits(256, 2)).toBe(10); // 0..768
    expect(losslessAdcBits(128, 1)).toBe(8); // 0..128: 129 levels
    expect(losslessAdcBits(4, 2)).toBe(4); // 0..12
  });
});

describe('rowsPerAdcRead', () => {
  it('activates as many rows as the ADC converts exactly, within 1..crossbarSize', () => {
    expect(rowsPerAdcRead({ crossbarSize: 128, cellBits: 2, adcBits: 6 })).toBe(21); // floor(63 / 3)
    expect(rowsPerAdcRead({ crossbarSize: 128, cellBits: 2, adcBits: 8 })).toBe(85); // floor(255 / 3)
    expect(rowsPerAdcRead({ crossbarSize: 128, cellBits: 2, adcBits: 9 })).toBe(128); // floor(511 / 3) = 170, capped
    expect(rowsPerAdcRead({ crossbarSize: 128, cellBits: 8, adcBits: 4 })).toBe(1); // floor(15 / 255) = 0, at least 1
  });
});

describe('partialSumSplit', () => {
  it('counts row groups per row block and the reads of the fullest array', () => {
    // 300 rows on 128-row arrays: blocks of 128, 128 and 44 rows; 21 rows per read: 7 + 7 + 3 groups.
    expect(partialSumSplit({ crossbarSize: 128, cellBits: 2, adcBits: 6 }, { rows: 300, cols: 5, vectors: 1 })).toEqual({ sequentialReads: 7, rowGroups: 17 });
    expect(partialSumSplit({ crossbarSize: 128, cellBits: 2, adcBits: 6 }, { rows: 10, cols: 5, vectors: 1 })).toEqual({ sequentialReads: 1, rowGroups: 1 });
    // A lossless ADC: one read per row block.
    expect(partialSumSplit({ crossbarSize: 128, cellBits: 2, adcBits: 9 }, { rows: 300, cols: 5, vectors: 1 })).toEqual({ sequentialReads: 1, rowGroups: 3 });
  });
});

// The tiny chip of reram-crossbar.test.ts with 3-bit cells: a full 4-row column sums to 0..28 and needs a
// 5-bit ADC; a 4-bit ADC reads floor(15 / 7) = 2 rows at a time.
const tiny: ReramPimConfig = { ...TINY_RERAM_CHIP, cellBits: 3, adcBits: 4 };
const workload = TINY_MATRIX_WORKLOAD;

describe('costOnReramPim with an ADC narrower than the partial sums', () => {
  it('charges the extra reads and conversions (hand calculation)', () => {
    const cost = costOnReramPim(tiny, workload, true);
    // W [6, 3]: row blocks of 4 and 2 rows; 2 rows per read: 2 + 1 = 3 row groups, 2 sequential reads.
    // Cycle: 2 columns / 1 GS/s = 2 ns < 3 ns read. Analog: 1 pass * 2 vectors * 2 bits * 2 reads * 3 ns = 24 ns.
    expect(cost.latencySeconds).toBeCloseTo(24e-9, 20);
    expect(cost.boundBy).toBe('crossbar-reads');
    // 4-bit weights over 3-bit cells: 2 slices, 2 column blocks, 8 arrays.
    // Reads: 8 * 16 cells * 4 cycles * 7.5 fJ = 3.84 pJ; ADC: 3 groups * 3 cols * 2 slices * 4 cycles = 72
    // conversions * (0.7 pJ + 0.1 pJ) = 57.6 pJ; DAC 0.3744 pJ; digital 23 pJ; interface 720 pJ.
    expect(cost.energyJoules).toBeCloseTo(804.8144e-12, 18);
  });

  it('is unchanged by the split when the ADC is lossless (5 bits here)', () => {
    const lossless = costOnReramPim({ ...tiny, adcBits: 5 }, workload, true);
    expect(lossless.latencySeconds).toBeCloseTo(12e-9, 20);
    // 48 conversions at the interpolated 5-bit ADC: sqrt(0.7 * 1.26) mW / 1 GS/s + 0.1 pJ each.
    const conversionJoules = 48 * (Math.sqrt(0.7e-3 * 1.26e-3) / 1e9 + 0.1e-12);
    expect(lossless.energyJoules).toBeCloseTo(3.84e-12 + conversionJoules + 0.3744e-12 + 23e-12 + 720e-12, 18);
  });

  it('makes fewer ADC bits slower and costlier on the default 128x128 chip, not cheaper for free', () => {
    const fc: OperatorWorkload = { id: 'fc', operatorId: 'linear-2d', kind: 'matrix', flops: 2 * 1024 * 1024 * 512, params: 1024 * 1024, bytesMoved: 4 * (1024 * 1024 + 2 * 1024 * 512), matrices: [{ rows: 1024, cols: 1024, vectors: 512 }] };
    const at = (adcBits: number) => costOnReramPim({ ...DEFAULT_RERAM_PIM, adcBits }, fc, true);
    for (const [narrow, wide] of [[4, 6], [6, 8], [8, 9]] as const) {
      expect(at(narrow).energyJoules).toBeGreaterThan(at(wide).energyJoules);
      expect(at(narrow).latencySeconds).toBeGreaterThan(at(wide).latencySeconds);
    }
  });
});
