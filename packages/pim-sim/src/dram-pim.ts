import * as t from 'io-ts';
import { strictWithDefaults } from '@recnas/core';
import type { DeviceCost } from './device-cost.js';
import { DDR4_CHANNEL_BYTES_PER_SECOND, DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT, HOROWITZ_2014_ENERGY_JOULES } from './host-roofline.js';
import type { OperatorWorkload } from './operator-workload.js';
import { NonNegativeFiniteNumberCodec, integerInRange } from './internal/number-codecs.js';
import { PositiveFiniteNumberCodec } from './internal/positive-finite-number.js';
import { slowestTerm } from './internal/slowest-term.js';

/**
 * Memory energy saved by RecNMP's rank-level near-memory processing on embedding pooling, 45.8%
 * (L. Ke et al., "RecNMP: Accelerating Personalized Recommendation with Near-Memory Processing", ISCA 2020,
 * abstract). Used to calibrate the rank-level preset's internal access energy, not as a device constant.
 */
export const RECNMP_MEMORY_ENERGY_SAVING = 0.458;

/** RecNMP's reported memory-latency speedup of SparseLengthsSum, 9.8x (Ke et al., ISCA 2020, abstract); a sanity check. */
export const RECNMP_REPORTED_SLS_SPEEDUP = 9.8;

const RANK_LEVEL_PRESET = {
  name: 'rank-level',
  units: 8,
  unitBandwidthBytesPerSecond: DDR4_CHANNEL_BYTES_PER_SECOND.ddr4x2400,
  unitFlopsPerSecond: DDR4_CHANNEL_BYTES_PER_SECOND.ddr4x2400 / 4,
  channelBandwidthBytesPerSecond: DDR4_CHANNEL_BYTES_PER_SECOND.ddr4x2400,
  internalEnergyJoulesPerBit: DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT * (1 - RECNMP_MEMORY_ENERGY_SAVING),
  offChipEnergyJoulesPerBit: DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT,
  flopEnergyJoules: HOROWITZ_2014_ENERGY_JOULES.float32Add,
  unitAreaSquareMillimetres: 0,
};

/**
 * A DRAM near-memory device for embedding gathers and pooling: `units` processing units (ranks or banks),
 * each streaming its own DRAM at `unitBandwidthBytesPerSecond` (internal bandwidth) and adding at
 * `unitFlopsPerSecond`; results cross the memory channel at `channelBandwidthBytesPerSecond`. Energies per
 * bit for internal and off-chip access and per FLOP; `unitAreaSquareMillimetres` the logic added per unit.
 * Every key is optional and defaults to the rank-level (RecNMP-style) preset.
 */
export const DramPimConfigCodec = strictWithDefaults(
  {},
  {
    name: t.string,
    units: integerInRange(1, 1_000_000),
    unitBandwidthBytesPerSecond: PositiveFiniteNumberCodec,
    unitFlopsPerSecond: PositiveFiniteNumberCodec,
    channelBandwidthBytesPerSecond: PositiveFiniteNumberCodec,
    internalEnergyJoulesPerBit: NonNegativeFiniteNumberCodec,
    offChipEnergyJoulesPerBit: NonNegativeFiniteNumberCodec,
    flopEnergyJoules: NonNegativeFiniteNumberCodec,
    unitAreaSquareMillimetres: NonNegativeFiniteNumberCodec,
  },
  RANK_LEVEL_PRESET,
  'DramPimConfig',
);
export type DramPimConfig = t.TypeOf<typeof DramPimConfigCodec>;

/**
 * DRAM-PIM presets (docs/pim-model.md has every figure and how sure it is).
 * `rankLevel`, RecNMP-style (Ke et al., ISCA 2020, Sec. 4): 8 ranks on one DDR4-2400 channel, each rank
 * streaming at the channel's 19.2 GB/s and adding one float32 per 4 bytes streamed; internal energy
 * calibrated so that a pooling-bound gather saves RecNMP's 45.8% of memory energy.
 * `nearBank`, UPMEM-style (F. Devaux, "The true Processing In Memory accelerator", Hot Chips 31, 2019;
 * J. Gomez-Luna et al., IEEE Access 10, 2022): 2,560 DPUs (20 DIMMs x 128), about 1 GB/s each from its
 * 64 MB bank, software-emulated float32 adds (approximate 5 MFLOP/s per DPU), internal energy assumed
 * 10x below off-chip (approximate). Unit logic area is not modelled in either (0).
 */
export const DRAM_PIM_PRESETS: { readonly rankLevel: DramPimConfig; readonly nearBank: DramPimConfig } = {
  rankLevel: RANK_LEVEL_PRESET,
  nearBank: {
    name: 'near-bank',
    units: 2560,
    unitBandwidthBytesPerSecond: 1e9,
    unitFlopsPerSecond: 5e6,
    channelBandwidthBytesPerSecond: DDR4_CHANNEL_BYTES_PER_SECOND.ddr4x2400,
    internalEnergyJoulesPerBit: DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT / 10,
    offChipEnergyJoulesPerBit: DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT,
    flopEnergyJoules: HOROWITZ_2014_ENERGY_JOULES.float32Add,
    unitAreaSquareMillimetres: 0,
  },
};

/** Area of the logic a DRAM-PIM device adds, mm^2: `units * unitAreaSquareMillimetres`. */
export function dramPimAreaSquareMillimetres(config: DramPimConfig): number {
  return config.units * config.unitAreaSquareMillimetres;
}

/**
 * Cost of one operator on a DRAM-PIM device, data spread evenly over the units (no load imbalance):
 * internal bytes `bytesMoved - outputBytes` at `units * unitBandwidth`, FLOPs at `units * unitFlops`, and
 * `outputBytes` over the channel, overlapped (the slowest bounds); energy
 * `8 * internal * internalEnergy + 8 * output * offChipEnergy + flops * flopEnergy`. The operator occupies
 * every unit, so its area is the device's.
 */
export function costOnDramPim(config: DramPimConfig, workload: OperatorWorkload): DeviceCost {
  const outputBytes = workload.outputBytes ?? 0;
  const internalBytes = workload.bytesMoved - outputBytes;
  const { seconds, boundBy } = slowestTerm([
    ['memory', internalBytes / (config.units * config.unitBandwidthBytesPerSecond)],
    ['compute', workload.flops / (config.units * config.unitFlopsPerSecond)],
    ['channel', outputBytes / config.channelBandwidthBytesPerSecond],
  ]);
  const energyJoules =
    8 * internalBytes * config.internalEnergyJoulesPerBit + 8 * outputBytes * config.offChipEnergyJoulesPerBit + workload.flops * config.flopEnergyJoules;
  const idle = workload.flops === 0 && workload.bytesMoved === 0;
  return { latencySeconds: seconds, energyJoules, areaSquareMillimetres: idle ? 0 : dramPimAreaSquareMillimetres(config), boundBy };
}
