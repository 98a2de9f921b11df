import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE } from '@recnas/core';
import { HARDWARE_PRESETS, costArchitecture } from '@recnas/pim-sim';
import { countArchCost, importNasrecArchitecture, pimWorkloadsOf } from '../src/index.js';
import { builtinRegistry } from './ctr-fixtures.js';

const CRITEO_VOCAB = [
  1461, 584, 10131227, 2202609, 306, 25, 12518, 634, 4, 93146, 5684, 8351593, 3195, 28, 14993, 5461307, 11, 5653, 2174, 5, 7046548, 19, 16,
  286182, 106, 142573,
];

function publishedArch() {
  const arch = importNasrecArchitecture(JSON.parse(readFileSync(new URL('./fixtures/nasrec_best_criteo_full.json', import.meta.url), 'utf8')));
  if (E.isLeft(arch)) throw arch.left;
  return arch.right;
}

const config = { space: NASREC_FULL_SPACE, registry: builtinRegistry(), denseFeatures: 13, sparseFields: CRITEO_VOCAB };

describe('pimWorkloadsOf', () => {
  it('sums to countArchCost FLOPs for the published NASRec-Full Criteo subnet, at batch 1 and 512', () => {
    const arch = publishedArch();
    const cost = countArchCost(arch, config);
    if (E.isLeft(cost)) throw cost.left;
    for (const batchSize of [1, 512]) {
      const workloads = pimWorkloadsOf(arch, config, { batchSize });
      if (E.isLeft(workloads)) throw workloads.left;
      expect(workloads.right.reduce((sum, workload) => sum + workload.flops, 0)).toBe(batchSize * cost.right.flopsPerExample);
    }
  });

  it('gives kinds, matrices and gathers that pim-sim can cost on every preset', () => {
    const workloads = pimWorkloadsOf(publishedArch(), config);
    if (E.isLeft(workloads)) throw workloads.left;
    const [stem] = workloads.right;
    expect(stem).toMatchObject({ id: 'stem.embeddings', kind: 'embedding-gather', flops: 0, outputBytes: 4 * 512 * 26 * 16 });
    for (const workload of workloads.right.filter((entry) => entry.kind === 'matrix')) {
      const matrixFlops = (workload.matrices ?? []).reduce((sum, m) => sum + 2 * m.rows * m.cols * m.vectors, 0);
      expect(matrixFlops).toBeGreaterThan(0);
      expect(matrixFlops).toBeLessThanOrEqual(workload.flops);
    }
    expect(workloads.right.some((entry) => entry.kind === 'attention')).toBe(true);
    // Dense params of the blocks and the head are covered by the workloads.
    const cost = countArchCost(publishedArch(), config);
    if (E.isLeft(cost)) throw cost.left;
    expect(workloads.right.reduce((sum, workload) => sum + workload.params, 0)).toBe(cost.right.params);
    for (const hardware of [HARDWARE_PRESETS.hostOnly, HARDWARE_PRESETS.naivePim]) {
      const report = costArchitecture(workloads.right, hardware);
      if (E.isLeft(report)) throw report.left;
      expect(report.right.total.flops).toBe(512 * cost.right.flopsPerExample);
      expect(report.right.total.latencySeconds).toBeGreaterThan(0);
    }
  });

  it('rejects an architecture that does not fit the space', () => {
    expect(E.isLeft(pimWorkloadsOf({ space: 'nasrec-full', blocks: [] }, config))).toBe(true);
  });
});
