import * as E from 'fp-ts/lib/Either.js';
import type { ArchEncoding, RecnasError } from '@recnas/core';
import { costArchitecture, decodePimChoice, type ArchitectureCostReport, type HardwareConfig, type PimChoice, type PimConfigSpace } from '@recnas/pim-sim';
import { pimWorkloadsOf, type PimWorkloadConfig } from '@recnas/supernet';

/** The hardware objectives of one (architecture, hardware) pair, per batch of `batchSize` examples. */
export interface HardwareObjectives {
  /** Seconds per batch (operators run one after another: docs/pim-model.md). */
  readonly latency: number;
  /** Joules per batch. */
  readonly energy: number;
  /** PIM silicon added, mm^2. */
  readonly area: number;
}

/** The per-operator and total cost of `arch` on `hardware` at `batchSize` (pim-sim over `pimWorkloadsOf`). */
export function costArchitectureOn(arch: ArchEncoding, modelConfig: PimWorkloadConfig, hardware: HardwareConfig, batchSize: number): E.Either<RecnasError, ArchitectureCostReport> {
  return E.flatMap(pimWorkloadsOf(arch, modelConfig, { batchSize }), (workloads) => costArchitecture(workloads, hardware));
}

/** Latency, energy and area of `arch` on `hardware` (see `costArchitectureOn`). */
export function hardwareObjectivesOf(arch: ArchEncoding, modelConfig: PimWorkloadConfig, hardware: HardwareConfig, batchSize: number): E.Either<RecnasError, HardwareObjectives> {
  return E.map((report: ArchitectureCostReport) => ({
    latency: report.total.latencySeconds,
    energy: report.total.energyJoules,
    area: report.total.areaSquareMillimetres,
  }))(costArchitectureOn(arch, modelConfig, hardware, batchSize));
}

/** The hardware config a joint candidate runs on: `base` itself when the hardware is not searched (`space` null). */
export function hardwareOfChoice(space: PimConfigSpace | null, choice: PimChoice, base: HardwareConfig): E.Either<RecnasError, HardwareConfig> {
  return space === null ? E.right(base) : decodePimChoice(space, choice, base);
}
