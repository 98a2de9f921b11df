import * as t from 'io-ts';
import { RecnasError, strictWithDefaults } from '@recnas/core';
import type { DeviceCost } from './device-cost.js';
import { DDR4_CHANNEL_BYTES_PER_SECOND, DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT, HOROWITZ_2014_ENERGY_JOULES, HOST_FLOP_ENERGY_JOULES } from './host-roofline.js';
import type { MatrixShape, OperatorWorkload } from './operator-workload.js';
import { ADC_BITS_RANGE, ADC_FIGURES_BY_BITS, type AdcFigures } from './reram-adc.js';
import { partialSumSplit } from './reram-partial-sums.js';
import { NonNegativeFiniteNumberCodec, integerInRange } from './internal/number-codecs.js';
import { PositiveFiniteNumberCodec } from './internal/positive-finite-number.js';
import { ceilDiv } from './internal/ceil-div.js';
import { slowestTerm } from './internal/slowest-term.js';

/** Fraction of input bits that are 1 in a bit-serial cycle (assumed: activation bits are uniform), for read energy. */
export const INPUT_BIT_ACTIVITY = 0.5;

/** Bytes per value in `OperatorCost.bytesMoved` and per parameter (float32, @recnas/operators). */
const FLOAT32_BYTES = 4;

/**
 * Defaults of the ReRAM crossbar chip. Array, device and interface figures are MNSIM 2.0's SimConfig.ini
 * (thu-nics/MNSIM-2.0): Xbar_Size 128x128, Device_Resistance 1.5e5 / 3e4 ohm (HRS / LRS), Read_Voltage 0.5 V,
 * Write_Voltage 3 V, Read_Latency 3.16 ns, Write_Latency 10 ns, Device_Area 1.44 um^2 (1T1R), Xbar_Polarity 2,
 * ADC_Choice 4 (6-bit), 16 ADCs per 128 columns (8 columns per ADC, as DNN+NeuroSim V1.3 Param.cpp's
 * numColMuxed = 8), Tile_Num 16x16 = 256 tiles, PE_Num 2x2 x Group_Num 8 x polarity 2 = 64 arrays per tile,
 * Digital_Frequency 100 MHz. 2 bits per cell: ISAAC (Shafiee et al., ISCA 2016) and DNN+NeuroSim
 * Param.cpp cellBit = 2. 8-bit weights and activations: DNN+NeuroSim's inference defaults. DAC: 1-bit,
 * 3.9 uW at 1 GS/s and 0.166 um^2 (ISAAC, via MNSIM 2.0 DAC.py choice 1). Digital throughput per tile is
 * 100 MHz x 128 lanes (approximate); the chip's interface is one DDR4-3200 channel (assumed).
 */
const RERAM_DEFAULTS = {
  name: 'reram-crossbar',
  crossbarSize: 128,
  cellBits: 2,
  weightBits: 8,
  activationBits: 8,
  adcBits: 6,
  columnsPerAdc: 8,
  polarity: 2,
  tiles: 256,
  crossbarsPerTile: 64,
  readLatencySeconds: 3.16e-9,
  writeLatencySeconds: 10e-9,
  readVoltageVolts: 0.5,
  writeVoltageVolts: 3,
  lowResistanceOhms: 3e4,
  highResistanceOhms: 1.5e5,
  cellAreaSquareMicrometres: 1.44,
  dacEnergyJoules: 0.0039e-3 / 1e9,
  dacAreaSquareMicrometres: 0.166,
  digitalOpsPerSecondPerTile: 100e6 * 128,
  digitalFlopEnergyJoules: HOST_FLOP_ENERGY_JOULES,
  shiftAddEnergyJoules: HOROWITZ_2014_ENERGY_JOULES.int32Add,
  interfaceBandwidthBytesPerSecond: DDR4_CHANNEL_BYTES_PER_SECOND.ddr4x3200,
  interfaceEnergyJoulesPerBit: DRAM_OFF_CHIP_ENERGY_JOULES_PER_BIT,
};

/**
 * A ReRAM crossbar chip for FC / matrix operators (ISAAC / MNSIM style): `tiles x crossbarsPerTile` arrays of
 * `crossbarSize^2` cells holding `cellBits` each; weights of `weightBits` are sliced over cells, signed by
 * `polarity` arrays (2: positive and negative); inputs are fed bit-serially, `activationBits` cycles per
 * vector through 1-bit DACs; each group of `polarity` arrays shares `crossbarSize / columnsPerAdc` ADCs of
 * `adcBits`. Every key is optional (defaults: MNSIM 2.0's SimConfig.ini, see RERAM_DEFAULTS in docs/pim-model.md).
 */
export const ReramPimConfigCodec = strictWithDefaults(
  {},
  {
    name: t.string,
    crossbarSize: integerInRange(1, 4096),
    cellBits: integerInRange(1, 8),
    weightBits: integerInRange(1, 32),
    activationBits: integerInRange(1, 32),
    adcBits: integerInRange(ADC_BITS_RANGE.min, ADC_BITS_RANGE.max),
    columnsPerAdc: integerInRange(1, 4096),
    polarity: integerInRange(1, 2),
    tiles: integerInRange(1, 1_000_000),
    crossbarsPerTile: integerInRange(1, 1_000_000),
    readLatencySeconds: PositiveFiniteNumberCodec,
    writeLatencySeconds: PositiveFiniteNumberCodec,
    readVoltageVolts: NonNegativeFiniteNumberCodec,
    writeVoltageVolts: NonNegativeFiniteNumberCodec,
    lowResistanceOhms: PositiveFiniteNumberCodec,
    highResistanceOhms: PositiveFiniteNumberCodec,
    cellAreaSquareMicrometres: NonNegativeFiniteNumberCodec,
    dacEnergyJoules: NonNegativeFiniteNumberCodec,
    dacAreaSquareMicrometres: NonNegativeFiniteNumberCodec,
    digitalOpsPerSecondPerTile: PositiveFiniteNumberCodec,
    digitalFlopEnergyJoules: NonNegativeFiniteNumberCodec,
    shiftAddEnergyJoules: NonNegativeFiniteNumberCodec,
    interfaceBandwidthBytesPerSecond: PositiveFiniteNumberCodec,
    interfaceEnergyJoulesPerBit: NonNegativeFiniteNumberCodec,
  },
  RERAM_DEFAULTS,
  'ReramPimConfig',
);
export type ReramPimConfig = t.TypeOf<typeof ReramPimConfigCodec>;

/** The default ReRAM chip (MNSIM 2.0 SimConfig.ini figures; docs/pim-model.md). */
export const DEFAULT_RERAM_PIM: ReramPimConfig = RERAM_DEFAULTS;

/** How a weight matrix `[K, N]` lands on crossbars: weight slices per weight, row and column blocks, arrays. */
export interface CrossbarMapping {
  /** Cells per weight: `ceil(weightBits / cellBits)`. */
  readonly slicesPerWeight: number;
  /** `ceil(K / crossbarSize)`: array rows needed for the input features. */
  readonly rowBlocks: number;
  /** `ceil(N * slicesPerWeight / crossbarSize)`: array columns needed for the sliced output features. */
  readonly columnBlocks: number;
  /** Groups of `polarity` arrays sharing ADCs: `rowBlocks * columnBlocks`. */
  readonly groups: number;
  /** Arrays occupied: `groups * polarity`. */
  readonly crossbars: number;
}

/** Maps a `[rows, cols]` weight matrix onto crossbars of `config` (see `CrossbarMapping`). */
export function mapMatrixToCrossbars(config: ReramPimConfig, matrix: MatrixShape): CrossbarMapping {
  const slicesPerWeight = ceilDiv(config.weightBits, config.cellBits);
  const rowBlocks = ceilDiv(matrix.rows, config.crossbarSize);
  const columnBlocks = ceilDiv(matrix.cols * slicesPerWeight, config.crossbarSize);
  const groups = rowBlocks * columnBlocks;
  return { slicesPerWeight, rowBlocks, columnBlocks, groups, crossbars: groups * config.polarity };
}

/** The ADC of `config` (its resolution's figures). Throws INVARIANT for a resolution outside 4..10 bits. */
export function adcOf(config: ReramPimConfig): AdcFigures {
  const adc = ADC_FIGURES_BY_BITS.get(config.adcBits);
  if (adc === undefined) throw new RecnasError('INVARIANT', `reram-pim: no ADC figures for ${config.adcBits} bits (${ADC_BITS_RANGE.min}..${ADC_BITS_RANGE.max})`);
  return adc;
}

/** Arrays the chip has: `tiles * crossbarsPerTile`. */
export function reramCapacityCrossbars(config: ReramPimConfig): number {
  return config.tiles * config.crossbarsPerTile;
}

/** Area of one array with its DACs, um^2: `crossbarSize^2 * cellArea + crossbarSize * dacArea`. */
function crossbarAreaSquareMicrometres(config: ReramPimConfig): number {
  return config.crossbarSize * config.crossbarSize * config.cellAreaSquareMicrometres + config.crossbarSize * config.dacAreaSquareMicrometres;
}

/** Area of the ADCs of one group of `polarity` arrays, um^2: `(crossbarSize / columnsPerAdc) * adcArea`. */
function groupAdcAreaSquareMicrometres(config: ReramPimConfig, adc: AdcFigures): number {
  return ceilDiv(config.crossbarSize, config.columnsPerAdc) * adc.areaSquareMicrometres;
}

/** Area of `crossbars` arrays in `crossbars / polarity` ADC groups, mm^2 (arrays, DACs and ADCs; no buffers or NoC). */
export function crossbarsAreaSquareMillimetres(config: ReramPimConfig, crossbars: number): number {
  const adc = adcOf(config);
  return (crossbars * crossbarAreaSquareMicrometres(config) + (crossbars / config.polarity) * groupAdcAreaSquareMicrometres(config, adc)) / 1e6;
}

/** Area of the whole chip as configured, mm^2: every array of every tile with its DACs and ADCs. */
export function reramAreaSquareMillimetres(config: ReramPimConfig): number {
  return crossbarsAreaSquareMillimetres(config, reramCapacityCrossbars(config));
}

/** Arrays every matrix of `workload` occupies on `config`. */
export function crossbarsOf(config: ReramPimConfig, workload: OperatorWorkload): number {
  let crossbars = 0;
  for (const matrix of workload.matrices ?? []) crossbars += mapMatrixToCrossbars(config, matrix).crossbars;
  return crossbars;
}

/**
 * Energy of reading one cell in one bit-serial cycle, J: `V_read^2 * G_mean * t_read * INPUT_BIT_ACTIVITY`
 * with `G_mean` the mean of the low- and high-resistance conductances (MNSIM 2.0 device figures: 7.9 fJ).
 */
export function cellReadEnergyJoules(config: ReramPimConfig): number {
  const meanConductanceSiemens = (1 / config.lowResistanceOhms + 1 / config.highResistanceOhms) / 2;
  return config.readVoltageVolts ** 2 * meanConductanceSiemens * config.readLatencySeconds * INPUT_BIT_ACTIVITY;
}

/** Energy of programming one cell, J: `V_write^2 / R_low * t_write`, an upper bound (MNSIM 2.0 figures: 3 pJ). */
export function cellWriteEnergyJoules(config: ReramPimConfig): number {
  return (config.writeVoltageVolts ** 2 / config.lowResistanceOhms) * config.writeLatencySeconds;
}

/**
 * Seconds of one bit-serial cycle: the array read and the ADC conversions of its columns are pipelined,
 * so `max(readLatency, columnsPerAdc / adcSampleRate)`; also says which of the two bounds it.
 */
export function crossbarCycle(config: ReramPimConfig): { readonly seconds: number; readonly boundBy: 'crossbar-reads' | 'adc' } {
  const adcSeconds = config.columnsPerAdc / adcOf(config).sampleRatePerSecond;
  return adcSeconds > config.readLatencySeconds ? { seconds: adcSeconds, boundBy: 'adc' } : { seconds: config.readLatencySeconds, boundBy: 'crossbar-reads' };
}

interface MatrixWork {
  crossbars: number;
  groups: number;
  cellCycles: number;
  conversions: number;
  dacDrives: number;
  bitCycles: number;
  macFlops: number;
}

function matrixWork(config: ReramPimConfig, matrices: ReadonlyArray<MatrixShape>, capacity: number): MatrixWork {
  const work: MatrixWork = { crossbars: 0, groups: 0, cellCycles: 0, conversions: 0, dacDrives: 0, bitCycles: 0, macFlops: 0 };
  const cellsPerCrossbar = config.crossbarSize * config.crossbarSize;
  for (const matrix of matrices) {
    const mapping = mapMatrixToCrossbars(config, matrix);
    if (mapping.crossbars === 0) continue;
    const cycles = matrix.vectors * config.activationBits;
    // An ADC narrower than a column's full partial sum reads the rows in groups (docs/pim-model.md,
    // "ADC resolution"): every group is converted, and the groups of one array are read one after another.
    const split = partialSumSplit(config, matrix);
    work.crossbars += mapping.crossbars;
    work.groups += mapping.groups;
    work.cellCycles += mapping.crossbars * cellsPerCrossbar * cycles;
    work.conversions += split.rowGroups * matrix.cols * mapping.slicesPerWeight * cycles;
    work.dacDrives += matrix.rows * mapping.columnBlocks * config.polarity * cycles;
    // Matrices run one after another; one too big for the chip runs in ceil(crossbars / capacity) passes.
    work.bitCycles += ceilDiv(mapping.crossbars, capacity) * cycles * split.sequentialReads;
    work.macFlops += 2 * matrix.rows * matrix.cols * matrix.vectors;
  }
  return work;
}

/**
 * Cost of one `matrix` operator on the ReRAM chip. `resident` says whether every ReRAM operator's weights fit
 * the chip together (programmed once, before inference); otherwise this operator's arrays are rewritten on
 * every forward pass. Latency: `writes + max(analog, digital, interface)` with analog
 * `passes * vectors * activationBits * sequentialReads * cycle` (`sequentialReads` > 1 when the ADC is
 * narrower than a column's partial sum, see `partialSumSplit`), digital the FLOPs beyond the matrices' `2 K N M` at
 * `tiles * digitalOpsPerSecondPerTile`, interface the non-parameter bytes at activation precision.
 * Throws INVARIANT when the workload has no `matrices` (the caller checks placement first).
 */
export function costOnReramPim(config: ReramPimConfig, workload: OperatorWorkload, resident: boolean): DeviceCost {
  const matrices = workload.matrices;
  if (matrices === undefined) throw new RecnasError('INVARIANT', `reram-pim: operator "${workload.id}" has no matrices`);
  const capacity = reramCapacityCrossbars(config);
  const work = matrixWork(config, matrices, capacity);
  const adc = adcOf(config);
  const cycle = crossbarCycle(config);
  const residualFlops = Math.max(0, workload.flops - work.macFlops);
  const interfaceBytes = (Math.max(0, workload.bytesMoved - FLOAT32_BYTES * workload.params) * config.activationBits) / (8 * FLOAT32_BYTES);
  const rewrites = !resident && work.crossbars > 0;
  const writeSeconds = rewrites ? ceilDiv(work.crossbars, capacity) * config.crossbarSize * config.writeLatencySeconds : 0;
  const overlapped = slowestTerm([
    [cycle.boundBy, work.bitCycles * cycle.seconds],
    ['digital', residualFlops / (config.tiles * config.digitalOpsPerSecondPerTile)],
    ['interface', interfaceBytes / config.interfaceBandwidthBytesPerSecond],
  ]);
  const energyJoules =
    work.cellCycles * cellReadEnergyJoules(config) +
    work.conversions * ((adc.powerWatts / adc.sampleRatePerSecond) + config.shiftAddEnergyJoules) +
    work.dacDrives * config.dacEnergyJoules +
    residualFlops * config.digitalFlopEnergyJoules +
    8 * interfaceBytes * config.interfaceEnergyJoulesPerBit +
    (rewrites ? work.crossbars * config.crossbarSize * config.crossbarSize * cellWriteEnergyJoules(config) : 0);
  return {
    latencySeconds: writeSeconds + overlapped.seconds,
    energyJoules,
    areaSquareMillimetres: crossbarsAreaSquareMillimetres(config, Math.min(work.crossbars, capacity)),
    boundBy: writeSeconds > overlapped.seconds ? 'crossbar-writes' : overlapped.boundBy,
  };
}
