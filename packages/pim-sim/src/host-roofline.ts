import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { strictPartial } from '@recnas/core';
import type { DeviceCost } from './device-cost.js';
import type { HostDevice } from './host-device.js';
import { MEASURED_HOST_GEMM_FLOPS_PER_SECOND } from './measured-host-device.js';
import type { OperatorWorkload } from './operator-workload.js';
import { NonNegativeFiniteNumberCodec, ruleError } from './internal/number-codecs.js';
import { PositiveFiniteNumberCodec } from './internal/positive-finite-number.js';
import { slowestTerm } from './internal/slowest-term.js';

/**
 * Operation energies at 45 nm, 0.9 V from M. Horowitz, "Computing's energy problem (and what we can do
 * about it)", ISSCC 2014, paper 1.1, operation-energy table: 32-bit float multiply 3.7 pJ and add 0.9 pJ,
 * 32-bit integer add 0.1 pJ, 8-bit integer add 0.03 pJ and multiply 0.2 pJ, a 64-bit DRAM access 1.3 to 2.6 nJ.
 */
export const HOROWITZ_2014_ENERGY_JOULES = {
  float32Multiply: 3.7e-12,
  float32Add: 0.9e-12,
  int32Add: 0.1e-12,
  int8Add: 0.03e-12,
  int8Multiply: 0.2e-12,
  dramAccess64BitLow: 1.3e-9,
  dramAccess64BitHigh: 2.6e-9,
} as const;

/** Host energy per FLOP: a float32 multiply-add (2 FLOPs) is 3.7 + 0.9 pJ (Horowitz 2014), so 2.3 pJ per FLOP. */
export const HOST_FLOP_ENERGY_JOULES = (HOROWITZ_2014_ENERGY_JOULES.float32Multiply + HOROWITZ_2014_ENERGY_JOULES.float32Add) / 2;

/** Off-chip DRAM energy per bit: the low end of Horowitz 2014's 1.3-2.6 nJ per 64-bit access, 20.3 pJ/bit. */
export const DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT = HOROWITZ_2014_ENERGY_JOULES.dramAccess64BitLow / 64;

/**
 * Peak bandwidth of one 64-bit DDR4 channel (JEDEC JESD79-4): transfers per second x 8 bytes.
 * DDR4-3200 is 25.6 GB/s; DDR4-2400 (RecNMP's baseline, UPMEM's DIMMs) is 19.2 GB/s. Datasheet peaks, not measured.
 */
export const DDR4_CHANNEL_BYTES_PER_SECOND = { ddr4x2400: 2400e6 * 8, ddr4x3200: 3200e6 * 8 } as const;

/** Host presets by name: the GEMM rates measured on this project's host (SPEC section 2). */
export const HostPresetCodec = t.keyof({ 'measured-1-thread': null, 'measured-2-threads': null }, 'HostPreset');
export type HostPreset = t.TypeOf<typeof HostPresetCodec>;

const HOST_PRESET_FLOPS_PER_SECOND: Readonly<Record<HostPreset, number>> = {
  'measured-1-thread': MEASURED_HOST_GEMM_FLOPS_PER_SECOND.oneThread,
  'measured-2-threads': MEASURED_HOST_GEMM_FLOPS_PER_SECOND.twoThreads,
};

const HostFieldsCodec = strictPartial(
  { memoryBandwidthBytesPerSecond: PositiveFiniteNumberCodec },
  {
    name: t.string,
    preset: HostPresetCodec,
    peakFlopsPerSecond: PositiveFiniteNumberCodec,
    flopEnergyJoules: NonNegativeFiniteNumberCodec,
    memoryEnergyJoulesPerBit: NonNegativeFiniteNumberCodec,
  },
  'HostConfig',
);
type HostFields = t.TypeOf<typeof HostFieldsCodec>;
/** A decoded host config: the fields as given, with name and energies filled in from their defaults. */
export type HostConfig = HostFields & Required<Pick<HostFields, 'name' | 'flopEnergyJoules' | 'memoryEnergyJoulesPerBit'>>;

const HOST_DEFAULTS = { name: 'host', flopEnergyJoules: HOST_FLOP_ENERGY_JOULES, memoryEnergyJoulesPerBit: DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT };

/**
 * The host of a hardware config: a roofline with either a `preset` (measured GEMM rate) or a
 * `peakFlopsPerSecond`, always a `memoryBandwidthBytesPerSecond`, and energies per FLOP and per DRAM bit
 * (defaults: Horowitz 2014). Exactly one of `preset` and `peakFlopsPerSecond` must be given.
 */
export const HostConfigCodec = new t.Type<HostConfig, t.OutputOf<typeof HostFieldsCodec>, unknown>(
  'HostConfig',
  (value): value is HostConfig => HostFieldsCodec.is(value) && typeof (value as Partial<HostConfig>).flopEnergyJoules === 'number',
  (input, context) =>
    E.flatMap(HostFieldsCodec.validate(input, context), (host) =>
      (host.preset === undefined) === (host.peakFlopsPerSecond === undefined)
        ? t.failures([ruleError(context, 'preset', 'exactly one of preset and peakFlopsPerSecond', host.preset)])
        : t.success({ ...HOST_DEFAULTS, ...host }),
    ),
  HostFieldsCodec.encode,
);

/** The roofline device a host config describes (its preset's measured GEMM rate, or its own peak). */
export function resolveHostDevice(host: HostConfig): HostDevice {
  const peakFlopsPerSecond = host.preset === undefined ? (host.peakFlopsPerSecond ?? 0) : HOST_PRESET_FLOPS_PER_SECOND[host.preset];
  return { name: host.preset ?? host.name, peakFlopsPerSecond, memoryBandwidthBytesPerSecond: host.memoryBandwidthBytesPerSecond };
}

/**
 * Cost of one operator on the host: roofline latency `max(flops / peak, bytesMoved / bandwidth)` and energy
 * `flops * flopEnergyJoules + 8 * bytesMoved * memoryEnergyJoulesPerBit` (every byte from DRAM, no cache
 * reuse, as `bytesMoved` is counted). The host adds no PIM area.
 */
export function costOnHost(host: HostConfig, device: HostDevice, workload: OperatorWorkload): DeviceCost {
  const { seconds, boundBy } = slowestTerm([
    ['compute', workload.flops / device.peakFlopsPerSecond],
    ['memory', workload.bytesMoved / device.memoryBandwidthBytesPerSecond],
  ]);
  const energyJoules = workload.flops * host.flopEnergyJoules + 8 * workload.bytesMoved * host.memoryEnergyJoulesPerBit;
  return { latencySeconds: seconds, energyJoules, areaSquareMillimetres: 0, boundBy };
}
