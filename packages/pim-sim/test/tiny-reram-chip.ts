import { DEFAULT_RERAM_PIM, type OperatorWorkload, type ReramPimConfig } from '../src/index.js';

// A tiny chip whose numbers are checked by hand: 4x4 arrays, 2-bit cells, 4-bit weights (2 slices), 2-bit
// inputs, 8-bit ADC (1 GS/s, 2 mW, 1200 um^2) shared by 2 columns, 3 ns reads, 10 ns row writes.
export const TINY_RERAM_CHIP: ReramPimConfig = {
  ...DEFAULT_RERAM_PIM,
  crossbarSize: 4,
  cellBits: 2,
  weightBits: 4,
  activationBits: 2,
  adcBits: 8,
  columnsPerAdc: 2,
  polarity: 2,
  tiles: 1,
  crossbarsPerTile: 100,
  readLatencySeconds: 3e-9,
  writeLatencySeconds: 10e-9,
  digitalOpsPerSecondPerTile: 1e9,
  digitalFlopEnergyJoules: 2.3e-12,
  shiftAddEnergyJoules: 0.1e-12,
  interfaceBandwidthBytesPerSecond: 1e9,
  interfaceEnergyJoulesPerBit: 20e-12,
};

// W [6, 3], 2 vectors: 2*6*3*2 = 72 matrix FLOPs plus 10 more (bias, activation); 18 params;
// bytesMoved 4 * (6*2 inputs + 18 weights + 3*2 outputs) = 144.
export const TINY_MATRIX_WORKLOAD: OperatorWorkload = {
  id: 'block0.dense.linear-2d',
  operatorId: 'linear-2d',
  kind: 'matrix',
  flops: 82,
  params: 18,
  bytesMoved: 144,
  matrices: [{ rows: 6, cols: 3, vectors: 2 }],
};
