import type { PositiveNumber } from '@recnas/core';
import { REFERENCE_HOST, resolveHostDevice, type HostConfig } from '@recnas/pim-sim';
import type { HostCostModel } from '@recnas/supernet';

/**
 * The host roofline DNS-Rec's latency and energy are measured on: `@recnas/pim-sim`'s `REFERENCE_HOST`
 * (this project's measured 2-thread GEMM rate, one DDR4-3200 channel, Horowitz 2014 energies per FLOP and
 * per DRAM bit) as the supernet's `HostCostModel` (seconds and joules per sequence).
 */
export function hostCostModel(host: HostConfig = REFERENCE_HOST): HostCostModel {
  const device = resolveHostDevice(host);
  return {
    peakFlopsPerSecond: device.peakFlopsPerSecond as PositiveNumber,
    memoryBytesPerSecond: device.memoryBandwidthBytesPerSecond as PositiveNumber,
    joulesPerFlop: host.flopEnergyJoules as PositiveNumber,
    joulesPerByte: (8 * host.memoryEnergyJoulesPerBit) as PositiveNumber,
  };
}
