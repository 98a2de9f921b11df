/**
 * @recnas/pim-sim: analytic hardware cost models (docs/pim-model.md): a host roofline, DRAM near-memory PIM
 * for embedding gathers (RecNMP / UPMEM style), ReRAM crossbars for matrix operators (ISAAC / MNSIM style),
 * operator placement, and the PIM configuration space searched with the architecture.
 * @example
 * import * as E from 'fp-ts/lib/Either.js';
 * import { HARDWARE_PRESETS, costArchitecture } from '@recnas/pim-sim';
 * const report = costArchitecture(
 *   [{ id: 'block0.dense.linear-2d', operatorId: 'linear-2d', kind: 'matrix', flops: 2 * 512 * 256, params: 512 * 256,
 *      bytesMoved: 4 * (512 + 512 * 256 + 256), matrices: [{ rows: 512, cols: 256, vectors: 1 }] }],
 *   HARDWARE_PRESETS.naivePim,
 * );
 * if (E.isRight(report)) console.log(report.right.total.latencySeconds, report.right.perOperator[0]?.boundBy);
 */
export { HostDeviceCodec, type HostDevice } from './host-device.js';
export {
  rooflineLatencySeconds,
  arithmeticIntensity,
  rooflineRidgePoint,
  type RooflineWorkload,
} from './roofline-latency-seconds.js';
export { createMeasuredHostDevice, MEASURED_HOST_GEMM_FLOPS_PER_SECOND } from './measured-host-device.js';
export {
  HOROWITZ_2014_ENERGY_JOULES,
  HOST_FLOP_ENERGY_JOULES,
  DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT,
  DDR4_CHANNEL_BYTES_PER_SECOND,
  HostPresetCodec,
  HostConfigCodec,
  resolveHostDevice,
  costOnHost,
  type HostPreset,
  type HostConfig,
} from './host-roofline.js';
export {
  WorkloadKindCodec,
  WORKLOAD_KINDS,
  MatrixShapeCodec,
  OperatorWorkloadCodec,
  workloadProblem,
  type WorkloadKind,
  type MatrixShape,
  type OperatorWorkload,
} from './operator-workload.js';
export type { BoundBy, DeviceCost } from './device-cost.js';
export {
  RECNMP_MEMORY_ENERGY_SAVING,
  RECNMP_REPORTED_SLS_SPEEDUP,
  DramPimConfigCodec,
  DRAM_PIM_PRESETS,
  dramPimAreaSquareMillimetres,
  costOnDramPim,
  type DramPimConfig,
} from './dram-pim.js';
export { PUBLISHED_ADC_FIGURES, ADC_FIGURES_BY_BITS, ADC_BITS_RANGE, type AdcFigures } from './reram-adc.js';
export { losslessAdcBits, rowsPerAdcRead, partialSumSplit, type PartialSumSettings, type PartialSumSplit } from './reram-partial-sums.js';
export {
  INPUT_BIT_ACTIVITY,
  ReramPimConfigCodec,
  DEFAULT_RERAM_PIM,
  mapMatrixToCrossbars,
  adcOf,
  reramCapacityCrossbars,
  crossbarsAreaSquareMillimetres,
  reramAreaSquareMillimetres,
  crossbarsOf,
  cellReadEnergyJoules,
  cellWriteEnergyJoules,
  crossbarCycle,
  costOnReramPim,
  type ReramPimConfig,
  type CrossbarMapping,
} from './reram-crossbar.js';
export {
  PimDeviceCodec,
  DEVICE_CAPABILITIES,
  canRun,
  KindPlacementCodec,
  PlacementCodec,
  deviceFor,
  type PimDevice,
  type Placement,
} from './placement.js';
export { HardwareConfigCodec, decodeHardwareConfig, REFERENCE_HOST, HARDWARE_PRESETS, type HardwareConfig } from './hardware-config.js';
export {
  costArchitecture,
  type OperatorCostReport,
  type ArchitectureCostTotal,
  type ArchitectureCostReport,
} from './cost-architecture.js';
export {
  PimConfigSpaceCodec,
  decodePimConfigSpace,
  DEFAULT_PIM_CONFIG_SPACE,
  enumeratePimChoices,
  decodePimChoice,
  type PimConfigSpace,
  type PimChoice,
} from './pim-config-space.js';
