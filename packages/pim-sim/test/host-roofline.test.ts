import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith } from '@recnas/core';
import {
  DDR4_CHANNEL_BYTES_PER_SECOND,
  DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT,
  HOST_FLOP_ENERGY_JOULES,
  HostConfigCodec,
  costOnHost,
  resolveHostDevice,
  type HostConfig,
} from '../src/index.js';

const host: HostConfig = { name: 'hand', peakFlopsPerSecond: 100e9, memoryBandwidthBytesPerSecond: 10e9, flopEnergyJoules: 2e-12, memoryEnergyJoulesPerBit: 20e-12 };

describe('HostConfigCodec', () => {
  it('takes a preset and fills the Horowitz 2014 energies', () => {
    const decoded = decodeWith(HostConfigCodec, { preset: 'measured-1-thread', memoryBandwidthBytesPerSecond: 1e10 }, 'host');
    if (E.isLeft(decoded)) throw decoded.left;
    expect(decoded.right.flopEnergyJoules).toBeCloseTo(2.3e-12, 20); // (3.7 + 0.9) pJ / 2 FLOPs
    expect(decoded.right.memoryEnergyJoulesPerBit).toBeCloseTo(20.3125e-12, 20); // 1.3 nJ / 64 bits
    expect(resolveHostDevice(decoded.right).peakFlopsPerSecond).toBe(94e9);
  });

  it('rejects a config with both or neither of preset and peakFlopsPerSecond', () => {
    for (const input of [{ memoryBandwidthBytesPerSecond: 1e10 }, { preset: 'measured-2-threads', peakFlopsPerSecond: 1e9, memoryBandwidthBytesPerSecond: 1e10 }]) {
      const decoded = decodeWith(HostConfigCodec, input, 'host');
      if (E.isRight(decoded)) throw new Error('expected a failure');
      expect(decoded.left.message).toContain('preset: expected exactly one of preset and peakFlopsPerSecond');
    }
  });

  it('rejects an unknown preset by name', () => {
    const decoded = decodeWith(HostConfigCodec, { preset: 'gpu', memoryBandwidthBytesPerSecond: 1e10 }, 'host');
    if (E.isRight(decoded)) throw new Error('expected a failure');
    expect(decoded.left.message).toContain('preset: expected one of measured-1-thread, measured-2-threads, got "gpu"');
  });
});

describe('costOnHost', () => {
  it('prices the roofline time, FLOP energy and DRAM energy of an operator', () => {
    // 2e9 FLOPs / 100e9 = 20 ms vs 1e8 B / 10e9 = 10 ms: compute-bound, 20 ms.
    const cost = costOnHost(host, resolveHostDevice(host), { id: 'a', operatorId: 'x', kind: 'matrix', flops: 2e9, params: 0, bytesMoved: 1e8 });
    expect(cost.latencySeconds).toBeCloseTo(0.02, 15);
    expect(cost.boundBy).toBe('compute');
    // 2e9 * 2 pJ + 8e8 bits * 20 pJ = 4 mJ + 16 mJ.
    expect(cost.energyJoules).toBeCloseTo(0.02, 15);
    expect(cost.areaSquareMillimetres).toBe(0);
  });

  it('uses the documented constants', () => {
    expect(HOST_FLOP_ENERGY_JOULES).toBeCloseTo(2.3e-12, 20);
    expect(DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT).toBeCloseTo(20.3125e-12, 20);
    expect(DDR4_CHANNEL_BYTES_PER_SECOND).toEqual({ ddr4x2400: 19.2e9, ddr4x3200: 25.6e9 });
  });
});
