import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, type ArchEncoding } from '@recnas/core';
import { deviceFor, type HardwareConfig, type OperatorWorkload } from '@recnas/pim-sim';
import { pimWorkloadsOf, type PimWorkloadConfig } from '@recnas/supernet';

/**
 * Which dense weights a candidate's LogLoss is scored with fake-quantized, and to how many bits: the
 * operators its hardware places on ReRAM, as prefixes of the supernet's variable names
 * (`block0/dense/linear-2d/`, `block1/interact/dense-sparse-interact/`, `head/`), sorted. Plain data: it
 * crosses into scoring worker threads.
 */
export interface WeightPrecisionPlan {
  readonly weightBits: number;
  readonly modules: ReadonlyArray<string>;
}

/** Weights of this many bits or more are scored as they are (float32). */
export const FULL_PRECISION_WEIGHT_BITS = 32;

/** The precision part of a score's cache key: `float32`, or `w4[block0/dense/linear-2d/,head/]`. */
export function precisionKeyOf(plan: WeightPrecisionPlan | undefined): string {
  return plan === undefined ? 'float32' : `w${plan.weightBits}[${plan.modules.join(',')}]`;
}

/**
 * The cache key of a candidate's score: its architecture hash alone at full precision (as before precision
 * was scored, so such scores of older histories stay valid), else `<archHash>@<precisionKey>`.
 */
export function scoreKeyOf(archHash: string, plan: WeightPrecisionPlan | undefined): string {
  return plan === undefined ? archHash : `${archHash}@${precisionKeyOf(plan)}`;
}

/**
 * The supernet variable-name prefix of a `pimWorkloadsOf` workload id: `block<i>.dense.<op>` ->
 * `block<i>/dense/<op>/`, `block<i>.sparse.<op>` -> `block<i>/sparse/<op>/`, `block<i>.dense-sparse-interact`
 * -> `block<i>/interact/dense-sparse-interact/`, `block<i>.deep-fm` -> `block<i>/deep-fm/deep-fm/`,
 * `head.fc` -> `head/` (`CtrSupernet.namedVariables` names).
 */
export function supernetModulePrefixOf(workloadId: string): E.Either<RecnasError, string> {
  if (workloadId === 'head.fc') return E.right('head/');
  const interact = /^block(\d+)\.dense-sparse-interact$/.exec(workloadId);
  if (interact !== null) return E.right(`block${interact[1]}/interact/dense-sparse-interact/`);
  const deepFm = /^block(\d+)\.deep-fm$/.exec(workloadId);
  if (deepFm !== null) return E.right(`block${deepFm[1]}/deep-fm/deep-fm/`);
  const operator = /^block(\d+)\.(dense|sparse)\.([^.]+)$/.exec(workloadId);
  if (operator !== null) return E.right(`block${operator[1]}/${operator[2]}/${operator[3]}/`);
  return E.left(new RecnasError('INVARIANT', `weight precision: workload "${workloadId}" names no supernet module`, { workloadId }));
}

const onReram = (hardware: HardwareConfig, workload: OperatorWorkload): boolean => workload.kind === 'matrix' && deviceFor(hardware.placement, workload) === 'reram-pim';

/**
 * The weight-precision plan of `arch` on `hardware`: the modules of its `matrix` workloads placed on ReRAM,
 * at the chip's `weightBits`; undefined when none is on ReRAM or the weights keep 32 bits (scored as is).
 * CONFIG_INVALID for fewer than 2 weight bits.
 */
export function weightPrecisionPlanOf(arch: ArchEncoding, modelConfig: PimWorkloadConfig, hardware: HardwareConfig): E.Either<RecnasError, WeightPrecisionPlan | undefined> {
  const reram = hardware.reramPim;
  if (reram === undefined || reram.weightBits >= FULL_PRECISION_WEIGHT_BITS) return E.right(undefined);
  return E.flatMap(pimWorkloadsOf(arch, modelConfig), (workloads) => {
    const prefixes = E.sequenceArray(workloads.filter((workload) => onReram(hardware, workload)).map((workload) => supernetModulePrefixOf(workload.id)));
    if (E.isLeft(prefixes)) return prefixes;
    if (prefixes.right.length === 0) return E.right(undefined);
    if (reram.weightBits < 2) return E.left(new RecnasError('CONFIG_INVALID', `reramPim.weightBits: expected at least 2 bits to score quantized weights, got ${reram.weightBits}`));
    return E.right({ weightBits: reram.weightBits, modules: [...new Set(prefixes.right)].sort() });
  });
}
