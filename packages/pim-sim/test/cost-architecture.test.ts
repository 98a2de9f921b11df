import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { HARDWARE_PRESETS, costArchitecture, type HardwareConfig, type OperatorWorkload, type WorkloadKind } from '../src/index.js';

const naive = HARDWARE_PRESETS.naivePim;

const fc2d = (id: string, rows: number, cols: number, batch: number): OperatorWorkload => ({
  id,
  operatorId: 'linear-2d',
  kind: 'matrix',
  flops: 2 * batch * rows * cols + batch * cols,
  params: rows * cols,
  bytesMoved: 4 * (batch * rows + rows * cols + batch * cols),
  matrices: [{ rows, cols, vectors: batch }],
});

const attention: OperatorWorkload = { id: 'block1.dense.attention', operatorId: 'transformer', kind: 'attention', flops: 1e6, params: 0, bytesMoved: 1e5 };

function costOrThrow(workloads: ReadonlyArray<OperatorWorkload>, hardware: HardwareConfig) {
  const report = costArchitecture(workloads, hardware);
  if (E.isLeft(report)) throw report.left;
  return report.right;
}

describe('costArchitecture', () => {
  it('reports each operator on its placed device and sums latency, energy and FLOPs', () => {
    const workloads = [fc2d('block0.dense.linear-2d', 512, 256, 1), attention];
    const report = costOrThrow(workloads, naive);
    expect(report.perOperator.map((entry) => [entry.id, entry.device])).toEqual([
      ['block0.dense.linear-2d', 'reram-pim'],
      ['block1.dense.attention', 'host'],
    ]);
    const sum = (key: 'latencySeconds' | 'energyJoules') => report.perOperator.reduce((total, entry) => total + entry[key], 0);
    expect(report.total.latencySeconds).toBeCloseTo(sum('latencySeconds'), 18);
    expect(report.total.energyJoules).toBeCloseTo(sum('energyJoules'), 18);
    expect(report.total.flops).toBe(workloads[0]!.flops + attention.flops);
    expect(report.total.reramWeightsResident).toBe(true);
  });

  it('counts the area of each PIM device in use once, as configured', () => {
    const report = costOrThrow([fc2d('a', 64, 64, 1), fc2d('b', 64, 64, 1)], naive);
    // The default chip: 462.9 mm^2 whichever arrays the two operators occupy; the host adds none.
    expect(report.total.areaSquareMillimetres).toBeCloseTo(462.917, 3);
    expect(costOrThrow([attention], naive).total.areaSquareMillimetres).toBe(0);
  });

  it('makes every ReRAM operator rewrite its weights when they do not fit the chip together', () => {
    const small: HardwareConfig = { ...naive, reramPim: { ...naive.reramPim!, tiles: 1, crossbarsPerTile: 64 } };
    // 2 x 512x512 FCs: each 4 x 16 groups x 2 = 128 arrays > 64.
    const report = costOrThrow([fc2d('a', 512, 512, 1), fc2d('b', 512, 512, 1)], small);
    expect(report.total.reramWeightsResident).toBe(false);
    expect(report.perOperator.map((entry) => entry.boundBy)).toEqual(['crossbar-writes', 'crossbar-writes']);
  });

  it('rejects an operator placed on a device that cannot run it', () => {
    const hardware: HardwareConfig = { ...naive, placement: { byId: { 'block1.dense.attention': 'reram-pim' } } };
    const report = costArchitecture([attention], hardware);
    if (E.isRight(report)) throw new Error('expected a failure');
    expect(report.left.code).toBe('CONFIG_INVALID');
    expect(report.left.message).toBe(
      'placement: operator "block1.dense.attention" (workloads[0], transformer, kind attention) is placed on reram-pim, which runs only matrix operators',
    );
  });

  it('rejects a ReRAM operator without weight shapes, and malformed work', () => {
    const { matrices: _matrices, ...shapeless } = fc2d('a', 4, 4, 1);
    const report = costArchitecture([shapeless], naive);
    expect(E.isLeft(report) && report.left.code).toBe('OPERATOR_SHAPE');
    const negative = costArchitecture([{ ...attention, flops: -1 }], naive);
    expect(E.isLeft(negative) && negative.left.message).toBe('workloads[0] ("block1.dense.attention"): flops: expected a finite non-negative number, got -1');
  });

  it('costs a third-party operator placed by its operator id, without any change to pim-sim', () => {
    const custom: OperatorWorkload = { id: 'block2.sparse.my-pooling', operatorId: 'my-pooling', kind: 'elementwise', flops: 1000, params: 0, bytesMoved: 8000 };
    const hardware: HardwareConfig = { ...HARDWARE_PRESETS.hostOnly, dramPim: naive.dramPim!, placement: { byOperatorId: { 'my-pooling': 'dram-pim' } } };
    expect(costOrThrow([custom], hardware).perOperator[0]?.device).toBe('dram-pim');
  });
});

// Workloads each PIM device can run, small enough that every ReRAM operator stays resident.
const kindArbitrary: fc.Arbitrary<WorkloadKind> = fc.constantFrom('matrix', 'embedding-gather', 'elementwise', 'attention');
const workloadArbitrary: fc.Arbitrary<OperatorWorkload> = fc
  .record({
    kind: kindArbitrary,
    rows: fc.integer({ min: 0, max: 300 }),
    cols: fc.integer({ min: 0, max: 300 }),
    vectors: fc.integer({ min: 0, max: 64 }),
    extraFlops: fc.integer({ min: 0, max: 1e6 }),
    extraBytes: fc.integer({ min: 0, max: 1e6 }),
    outputShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ kind, rows, cols, vectors, extraFlops, extraBytes, outputShare }) => {
    const bytesMoved = 4 * (vectors * rows + rows * cols + vectors * cols) + extraBytes;
    return {
      id: `${kind}-${rows}x${cols}x${vectors}`,
      operatorId: kind,
      kind,
      flops: 2 * rows * cols * vectors + extraFlops,
      params: rows * cols,
      bytesMoved,
      matrices: [{ rows, cols, vectors }],
      outputBytes: Math.floor(outputShare * bytesMoved),
    };
  });
const hardwareArbitrary = fc.constantFrom(HARDWARE_PRESETS.hostOnly, naive);

describe('costArchitecture properties', () => {
  it('never costs less for more FLOPs or more bytes on the same device and config', () => {
    const more = fc.record({ flops: fc.integer({ min: 0, max: 1e9 }), bytes: fc.integer({ min: 0, max: 1e9 }) });
    fc.assert(
      fc.property(hardwareArbitrary, workloadArbitrary, more, (hardware, workload, extra) => {
        const base = costOrThrow([workload], hardware).perOperator[0]!;
        for (const bigger of [{ ...workload, flops: workload.flops + extra.flops }, { ...workload, bytesMoved: workload.bytesMoved + extra.bytes }]) {
          const cost = costOrThrow([bigger], hardware).perOperator[0]!;
          expect(cost.device).toBe(base.device);
          expect(cost.latencySeconds).toBeGreaterThanOrEqual(base.latencySeconds);
          expect(cost.energyJoules).toBeGreaterThanOrEqual(base.energyJoules);
        }
      }),
      { seed: 13 },
    );
  });

  it('adds energy over operators: costing a list is costing its parts', () => {
    fc.assert(
      fc.property(hardwareArbitrary, fc.array(workloadArbitrary, { maxLength: 12 }), fc.array(workloadArbitrary, { maxLength: 12 }), (hardware, left, right) => {
        const whole = costOrThrow([...left, ...right], hardware).total;
        const parts = costOrThrow(left, hardware).total.energyJoules + costOrThrow(right, hardware).total.energyJoules;
        expect(whole.reramWeightsResident).toBe(true);
        expect(Math.abs(whole.energyJoules - parts)).toBeLessThanOrEqual(1e-12 * Math.max(1, whole.energyJoules));
      }),
      { seed: 13 },
    );
  });

  it('costs nothing for a zero-width operator on every device', () => {
    fc.assert(
      fc.property(kindArbitrary, fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 512 }), (kind, rows, vectors) => {
        const empty: OperatorWorkload = { id: 'empty', operatorId: 'linear-2d', kind, flops: 0, params: 0, bytesMoved: 0, matrices: [{ rows, cols: 0, vectors }] };
        const cost = costOrThrow([empty], naive);
        expect(cost.perOperator[0]).toMatchObject({ latencySeconds: 0, energyJoules: 0, areaSquareMillimetres: 0, boundBy: 'none' });
        expect(cost.total).toMatchObject({ latencySeconds: 0, energyJoules: 0, areaSquareMillimetres: 0, flops: 0 });
      }),
      { seed: 13 },
    );
  });
});
