import * as t from 'io-ts';
import { strictPartial } from '@recnas/core';
import { WORKLOAD_KINDS, type OperatorWorkload, type WorkloadKind } from './operator-workload.js';

/** The devices an operator can be placed on. */
export const PimDeviceCodec = t.keyof({ host: null, 'dram-pim': null, 'reram-pim': null }, 'PimDevice');
export type PimDevice = t.TypeOf<typeof PimDeviceCodec>;

/**
 * Which workload kinds each device runs: the host runs everything; DRAM-PIM runs gathers and elementwise
 * work next to the data; ReRAM crossbars run weight-stationary matrix products only.
 */
export const DEVICE_CAPABILITIES: Readonly<Record<PimDevice, ReadonlyArray<WorkloadKind>>> = {
  host: WORKLOAD_KINDS,
  'dram-pim': ['embedding-gather', 'elementwise'],
  'reram-pim': ['matrix'],
};

/** True when `device` can run a workload of `kind`. */
export function canRun(device: PimDevice, kind: WorkloadKind): boolean {
  return DEVICE_CAPABILITIES[device].includes(kind);
}

/** Devices by workload kind; absent kinds stay on the host. */
export const KindPlacementCodec = strictPartial(
  {},
  { matrix: PimDeviceCodec, 'embedding-gather': PimDeviceCodec, elementwise: PimDeviceCodec, attention: PimDeviceCodec },
  'KindPlacement',
);

/**
 * Where each operator runs. The most specific rule wins: `byId` (an instance, `block3.dense.linear-2d`),
 * then `byOperatorId` (every instance of a registry id, e.g. a third-party `my-op`), then `byKind`; an
 * operator no rule names runs on the host.
 */
export const PlacementCodec = strictPartial(
  {},
  { byKind: KindPlacementCodec, byOperatorId: t.record(t.string, PimDeviceCodec), byId: t.record(t.string, PimDeviceCodec) },
  'Placement',
);
export type Placement = t.TypeOf<typeof PlacementCodec>;

const own = <V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;

/** The device `placement` puts `workload` on (byId, then byOperatorId, then byKind, else host). */
export function deviceFor(placement: Placement | undefined, workload: OperatorWorkload): PimDevice {
  if (placement === undefined) return 'host';
  return own(placement.byId, workload.id) ?? own(placement.byOperatorId, workload.operatorId) ?? placement.byKind?.[workload.kind] ?? 'host';
}
