import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import type { BoundBy, DeviceCost } from './device-cost.js';
import { costOnDramPim, dramPimAreaSquareMillimetres } from './dram-pim.js';
import type { HardwareConfig } from './hardware-config.js';
import { costOnHost, resolveHostDevice } from './host-roofline.js';
import { workloadProblem, type OperatorWorkload, type WorkloadKind } from './operator-workload.js';
import { DEVICE_CAPABILITIES, canRun, deviceFor, type PimDevice } from './placement.js';
import { costOnReramPim, crossbarsOf, reramAreaSquareMillimetres, reramCapacityCrossbars } from './reram-crossbar.js';

/** The cost of one operator on the device its placement chose. */
export interface OperatorCostReport {
  readonly id: string;
  readonly operatorId: string;
  readonly kind: WorkloadKind;
  readonly device: PimDevice;
  readonly latencySeconds: number;
  readonly energyJoules: number;
  /** PIM silicon the operator occupies, mm^2 (0 on the host). */
  readonly areaSquareMillimetres: number;
  readonly flops: number;
  readonly boundBy: BoundBy;
}

/** Totals of an architecture on a hardware config. */
export interface ArchitectureCostTotal {
  /** Sum over operators: operators run one after another, devices never overlap (a sequential upper bound). */
  readonly latencySeconds: number;
  /** Sum over operators. */
  readonly energyJoules: number;
  /** Area of every PIM device at least one operator runs on, as configured (not the sum over operators). */
  readonly areaSquareMillimetres: number;
  readonly flops: number;
  /** True when every ReRAM operator's weights fit the chip together and stay programmed (no rewrites). */
  readonly reramWeightsResident: boolean;
}

export interface ArchitectureCostReport {
  readonly perOperator: ReadonlyArray<OperatorCostReport>;
  readonly total: ArchitectureCostTotal;
}

function placementError(workload: OperatorWorkload, index: number, device: PimDevice, hardware: HardwareConfig): RecnasError | undefined {
  const where = `operator "${workload.id}" (workloads[${index}], ${workload.operatorId}, kind ${workload.kind})`;
  const details = { id: workload.id, operatorId: workload.operatorId, kind: workload.kind, device };
  if (!canRun(device, workload.kind)) {
    const runs = DEVICE_CAPABILITIES[device].join(', ');
    return new RecnasError('CONFIG_INVALID', `placement: ${where} is placed on ${device}, which runs only ${runs} operators`, details);
  }
  if ((device === 'dram-pim' && hardware.dramPim === undefined) || (device === 'reram-pim' && hardware.reramPim === undefined)) {
    return new RecnasError('CONFIG_INVALID', `placement: ${where} is placed on ${device}, but the hardware config has no ${device === 'dram-pim' ? 'dramPim' : 'reramPim'}`, details);
  }
  if (device === 'reram-pim' && workload.matrices === undefined) {
    return new RecnasError('OPERATOR_SHAPE', `placement: ${where} is placed on reram-pim, but its workload gives no matrices (weight shapes)`, details);
  }
  return undefined;
}

/**
 * Latency, energy, area and FLOPs of every operator and of the whole architecture on `hardware`
 * (docs/pim-model.md). Each workload runs on the device its placement picks. Fails with CONFIG_INVALID when
 * an operator lands on a device that cannot run it or that the config lacks, OPERATOR_SHAPE when a ReRAM
 * operator has no matrices, INVARIANT for a malformed workload. Pure arithmetic: microseconds per call.
 */
export function costArchitecture(workloads: ReadonlyArray<OperatorWorkload>, hardware: HardwareConfig): E.Either<RecnasError, ArchitectureCostReport> {
  const devices: PimDevice[] = new Array<PimDevice>(workloads.length);
  let reramCrossbars = 0;
  for (let index = 0; index < workloads.length; index++) {
    const workload = workloads[index] as OperatorWorkload;
    const problem = workloadProblem(workload);
    if (problem !== undefined) return E.left(new RecnasError('INVARIANT', `workloads[${index}] ("${workload.id}"): ${problem}`, { id: workload.id }));
    const device = deviceFor(hardware.placement, workload);
    const error = placementError(workload, index, device, hardware);
    if (error !== undefined) return E.left(error);
    devices[index] = device;
    if (device === 'reram-pim' && hardware.reramPim !== undefined) reramCrossbars += crossbarsOf(hardware.reramPim, workload);
  }
  const resident = hardware.reramPim === undefined || reramCrossbars <= reramCapacityCrossbars(hardware.reramPim);
  const host = resolveHostDevice(hardware.host);
  const used = new Set<PimDevice>();
  const perOperator: OperatorCostReport[] = [];
  const total = { latencySeconds: 0, energyJoules: 0, areaSquareMillimetres: 0, flops: 0, reramWeightsResident: resident };
  for (let index = 0; index < workloads.length; index++) {
    const workload = workloads[index] as OperatorWorkload;
    const device = devices[index] as PimDevice;
    let cost: DeviceCost;
    if (device === 'dram-pim' && hardware.dramPim !== undefined) cost = costOnDramPim(hardware.dramPim, workload);
    else if (device === 'reram-pim' && hardware.reramPim !== undefined) cost = costOnReramPim(hardware.reramPim, workload, resident);
    else cost = costOnHost(hardware.host, host, workload);
    if (cost.latencySeconds > 0 || cost.energyJoules > 0) used.add(device);
    const { id, operatorId, kind, flops } = workload;
    perOperator.push({ id, operatorId, kind, device, ...cost, flops });
    total.latencySeconds += cost.latencySeconds;
    total.energyJoules += cost.energyJoules;
    total.flops += flops;
  }
  if (used.has('dram-pim') && hardware.dramPim !== undefined) total.areaSquareMillimetres += dramPimAreaSquareMillimetres(hardware.dramPim);
  if (used.has('reram-pim') && hardware.reramPim !== undefined) total.areaSquareMillimetres += reramAreaSquareMillimetres(hardware.reramPim);
  return E.right({ perOperator, total });
}
