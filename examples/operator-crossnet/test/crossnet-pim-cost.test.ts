import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, decodeArchEncodingFor, defineSearchSpace } from '@recnas/core';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { HARDWARE_PRESETS, costArchitecture } from '@recnas/pim-sim';
import { pimWorkloadsOf } from '@recnas/supernet';
import { crossNetwork } from '../src/index.js';

describe('cross-network on PIM hardware', () => {
  it('gets a cost on the host and on ReRAM (naivePim) with no change to pim-sim: one equivalent weight matrix', () => {
    const registry = createOperatorRegistry();
    registerBuiltinOperators(registry);
    expect(E.isRight(registry.register(crossNetwork))).toBe(true);
    const space = defineSearchSpace({
      id: 'full-with-crossnet',
      operators: [...NASREC_FULL_SPACE.operators, { id: 'cross-network', kind: 'dense-unary' }],
      denseWidths: [16, 32],
      sparseWidths: [16],
      blocks: 2,
    });
    if (E.isLeft(space)) throw space.left;
    const block = (denseInputs: number[]) => ({
      denseOp: 'cross-network', sparseOp: 'linear-3d', denseWidth: 32, sparseWidth: 16,
      denseInputs, sparseInputs: [0], denseSparseInteract: false, deepFm: false,
    });
    const arch = decodeArchEncodingFor({ space: 'full-with-crossnet', blocks: [block([0]), block([1])] }, space.right);
    if (E.isLeft(arch)) throw arch.left;
    const workloads = pimWorkloadsOf(arch.right, { space: space.right, registry, denseFeatures: 13, sparseFields: Array.from({ length: 26 }, () => 1000) }, { batchSize: 64 });
    if (E.isLeft(workloads)) throw workloads.left;
    const cross = workloads.right.filter((workload) => workload.operatorId === 'cross-network');
    expect(cross).toHaveLength(2);
    for (const workload of cross) {
      expect(workload.kind).toBe('matrix');
      const [matrix] = workload.matrices ?? [];
      if (matrix === undefined) throw new Error('no equivalent matrix');
      // Block 1 reads the 13 dense features: params 13 x 32 + 32 + 2 layers x 2 x 32 = 576, rows 13, cols 45.
      // Every weight gets a cell, and the matrix products never exceed the operator's FLOPs.
      expect(matrix.rows * matrix.cols).toBeGreaterThanOrEqual(workload.params);
      expect(2 * matrix.rows * matrix.cols * matrix.vectors).toBeLessThanOrEqual(workload.flops);
    }
    const first = cross[0]?.matrices?.[0];
    expect(first).toEqual({ rows: 13, cols: 45, vectors: Math.floor((2 * 64 * 13 * 32 + 64 * 32 + 2 * 5 * 64 * 32) / (2 * 13 * 45)) });
    for (const hardware of [HARDWARE_PRESETS.hostOnly, HARDWARE_PRESETS.naivePim]) {
      const report = costArchitecture(workloads.right, hardware);
      if (E.isLeft(report)) throw report.left;
      expect(report.right.total.latencySeconds).toBeGreaterThan(0);
      expect(report.right.total.energyJoules).toBeGreaterThan(0);
      const devices = report.right.perOperator.filter((entry) => entry.operatorId === 'cross-network').map((entry) => entry.device);
      expect(devices).toEqual(hardware === HARDWARE_PRESETS.naivePim ? ['reram-pim', 'reram-pim'] : ['host', 'host']);
    }
  });
});
