import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith, strictPartial, type RecnasError } from '@recnas/core';
import { DRAM_PIM_PRESETS, DramPimConfigCodec } from './dram-pim.js';
import { DDR4_CHANNEL_BYTES_PER_SECOND, DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT, HOST_FLOP_ENERGY_JOULES, HostConfigCodec, type HostConfig } from './host-roofline.js';
import type { WorkloadKind } from './operator-workload.js';
import { DEVICE_CAPABILITIES, PlacementCodec, canRun, type PimDevice } from './placement.js';
import { DEFAULT_RERAM_PIM, ReramPimConfigCodec } from './reram-crossbar.js';
import { ruleError } from './internal/number-codecs.js';

const FieldsCodec = strictPartial(
  { host: HostConfigCodec },
  { dramPim: DramPimConfigCodec, reramPim: ReramPimConfigCodec, placement: PlacementCodec },
  'HardwareConfig',
);
type Fields = t.TypeOf<typeof FieldsCodec>;

const CONFIG_KEY: Readonly<Record<PimDevice, 'dramPim' | 'reramPim' | undefined>> = { host: undefined, 'dram-pim': 'dramPim', 'reram-pim': 'reramPim' };

function placementErrors(config: Fields, context: t.Context): t.ValidationError[] {
  const errors: t.ValidationError[] = [];
  const placementContext: t.Context = [...context, { key: 'placement', type: t.unknown, actual: config.placement }];
  const missing = (device: PimDevice): boolean => CONFIG_KEY[device] !== undefined && config[CONFIG_KEY[device]] === undefined;
  const check = (group: 'byKind' | 'byOperatorId' | 'byId', key: string, device: PimDevice): void => {
    const groupContext: t.Context = [...placementContext, { key: group, type: t.unknown, actual: undefined }];
    if (missing(device)) errors.push(ruleError(groupContext, key, `a configured device (add ${CONFIG_KEY[device]} to the hardware config)`, device));
    else if (group === 'byKind' && !canRun(device, key as WorkloadKind)) {
      const devices = (Object.keys(DEVICE_CAPABILITIES) as PimDevice[]).filter((candidate) => canRun(candidate, key as WorkloadKind));
      errors.push(ruleError(groupContext, key, `a device that runs ${key} operators (${devices.join(', ')})`, device));
    }
  };
  for (const [kind, device] of Object.entries(config.placement?.byKind ?? {})) if (device !== undefined) check('byKind', kind, device);
  for (const [id, device] of Object.entries(config.placement?.byOperatorId ?? {})) check('byOperatorId', id, device);
  for (const [id, device] of Object.entries(config.placement?.byId ?? {})) check('byId', id, device);
  return errors;
}

/**
 * A hardware configuration: the `host` roofline (always), the optional `dramPim` and `reramPim` devices
 * (absent = not built), and the `placement` of operators on them (absent = everything on the host). A
 * placement that names a device the config does not have, or a kind on a device that cannot run it, is
 * rejected with its JSON path (`placement.byKind.attention: expected a device that runs attention ...`).
 */
export const HardwareConfigCodec = new t.Type<Fields, t.OutputOf<typeof FieldsCodec>, unknown>(
  'HardwareConfig',
  FieldsCodec.is,
  (input, context) =>
    E.flatMap(FieldsCodec.validate(input, context), (config) => {
      const errors = placementErrors(config, context);
      return errors.length === 0 ? t.success(config) : t.failures(errors);
    }),
  FieldsCodec.encode,
);
export type HardwareConfig = t.TypeOf<typeof HardwareConfigCodec>;

/** Decodes a hardware config (e.g. parsed JSON); CONFIG_INVALID lists every bad value with its JSON path. */
export function decodeHardwareConfig(input: unknown): E.Either<RecnasError, HardwareConfig> {
  return decodeWith(HardwareConfigCodec, input, 'hardware config');
}

/**
 * This project's host (SPEC section 2's measured 2-thread GEMM rate) with one DDR4-3200 channel's peak
 * bandwidth (25.6 GB/s, JEDEC; nominal, not measured) and Horowitz 2014 energies.
 */
export const REFERENCE_HOST: HostConfig = {
  name: 'measured-2-threads',
  preset: 'measured-2-threads',
  memoryBandwidthBytesPerSecond: DDR4_CHANNEL_BYTES_PER_SECOND.ddr4x3200,
  flopEnergyJoules: HOST_FLOP_ENERGY_JOULES,
  memoryEnergyJoulesPerBit: DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT,
};

/**
 * Hardware presets. `hostOnly`: the reference host, no PIM. `naivePim`: the reference host, the rank-level
 * DRAM-PIM and the default ReRAM chip, with every kind a PIM device can run placed on it (embedding gathers
 * and elementwise work on DRAM-PIM, matrices on ReRAM, attention on the host).
 */
export const HARDWARE_PRESETS: { readonly hostOnly: HardwareConfig; readonly naivePim: HardwareConfig } = {
  hostOnly: { host: REFERENCE_HOST },
  naivePim: {
    host: REFERENCE_HOST,
    dramPim: DRAM_PIM_PRESETS.rankLevel,
    reramPim: DEFAULT_RERAM_PIM,
    placement: { byKind: { matrix: 'reram-pim', 'embedding-gather': 'dram-pim', elementwise: 'dram-pim' } },
  },
};
