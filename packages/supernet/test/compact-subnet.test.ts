import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng, defineSearchSpace, pathFromArch, type SearchSpace } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { CtrSupernet, buildFromScratch, countArchCost, importNasrecArchitecture, type CtrSupernetConfig } from '../src/index.js';
import { DENSE_FEATURES, VOCAB_SIZES, builtinRegistry, randomArch, scaledDownSpace, syntheticBatches } from './ctr-fixtures.js';

/** Compact == masked: same weights, float32 sums in another order (decision 0014). */
const EXACT_TOLERANCE = 1e-5;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - (b[i] as number))), 0);
}

function trainedSupernet(config: CtrSupernetConfig, space: SearchSpace): CtrSupernet {
  const created = CtrSupernet.create(config);
  if (E.isLeft(created)) throw created.left;
  const batches = syntheticBatches(21, 4, 8);
  const rng = Rng.fromSeed(4);
  for (let step = 0; step < 8; step++) created.right.trainStep(batches[step % 4] as never, pathFromArch(randomArch(space, rng))); // move off the init
  return created.right;
}

function sliceableSpace(): SearchSpace {
  const space = defineSearchSpace({
    id: 'sliceable-mini',
    operators: NASREC_FULL_SPACE.operators.filter((op) => ['linear-2d', 'sigmoid-gating', 'linear-3d'].includes(op.id)),
    denseWidths: [8, 16],
    sparseWidths: [4, 8],
    blocks: 3,
  });
  if (E.isLeft(space)) throw space.left;
  return space.right;
}

describe('CtrSupernet.compactSubnet', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu', logger: () => undefined });
  });

  it('max-width: predicts what the weight-sharing subnet predicts (max abs diff < 1e-5) with fewer parameters', () => {
    const space = scaledDownSpace(4, [8, 16], [4, 8]);
    const config = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, seed: 3, training: { totalSteps: 20 } };
    const supernet = trainedSupernet(config, space);
    const batch = syntheticBatches(5, 1, 16)[0] as never;
    const rng = Rng.fromSeed(11);
    for (let trial = 0; trial < 12; trial++) {
      const arch = randomArch(space, rng);
      const masked = supernet.extractSubnet(arch);
      const compact = supernet.compactSubnet(arch, { convention: 'max-width' });
      if (E.isLeft(masked) || E.isLeft(compact)) throw new Error('extraction failed');
      expect(compact.right.layoutKind).toBe('max-width');
      expect(maxAbsDiff(compact.right.predict(batch), masked.right.predict(batch))).toBeLessThan(EXACT_TOLERANCE);
      expect(compact.right.parameterCount).toBeLessThan(masked.right.parameterCount);
      masked.right.dispose();
      compact.right.dispose();
    }
    supernet.dispose();
  });

  it('active-width: equals the weight-sharing subnet where nothing normalises over the inactive channels (no LayerNorm; linear-2d, sigmoid-gating, linear-3d)', () => {
    const space = sliceableSpace();
    const config = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, layerNorm: false, seed: 5, training: { totalSteps: 20 } };
    const supernet = trainedSupernet(config, space);
    const batch = syntheticBatches(6, 1, 16)[0] as never;
    const rng = Rng.fromSeed(12);
    for (let trial = 0; trial < 10; trial++) {
      const arch = randomArch(space, rng);
      const masked = supernet.extractSubnet(arch);
      const compact = supernet.compactSubnet(arch, { convention: 'active-width' });
      if (E.isLeft(masked) || E.isLeft(compact)) throw new Error('extraction failed');
      expect(maxAbsDiff(compact.right.predict(batch), masked.right.predict(batch))).toBeLessThan(EXACT_TOLERANCE);
      const cost = countArchCost(arch, config);
      expect(E.isRight(cost) && cost.right.params).toBe(compact.right.parameterCount);
      masked.right.dispose();
      compact.right.dispose();
    }
    supernet.dispose();
  });

  it('active-width with LayerNorm normalises over the active width, so it differs from the weight-sharing subnet (the documented choice)', () => {
    const space = sliceableSpace();
    const config = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, seed: 5, training: { totalSteps: 20 } };
    const supernet = trainedSupernet(config, space);
    const batch = syntheticBatches(6, 1, 16)[0] as never;
    const arch = { ...randomArch(space, Rng.fromSeed(13)) };
    const narrow = { ...arch, blocks: arch.blocks.map((block) => ({ ...block, denseOp: 'linear-2d', denseWidth: 8 as never })) };
    const masked = supernet.extractSubnet(narrow);
    const active = supernet.compactSubnet(narrow, { convention: 'active-width' });
    const max = supernet.compactSubnet(narrow, { convention: 'max-width' });
    if (E.isLeft(masked) || E.isLeft(active) || E.isLeft(max)) throw new Error('extraction failed');
    const expected = masked.right.predict(batch);
    expect(maxAbsDiff(max.right.predict(batch), expected)).toBeLessThan(EXACT_TOLERANCE);
    expect(maxAbsDiff(active.right.predict(batch), expected)).toBeGreaterThan(1e-4);
    for (const subnet of [masked.right, active.right, max.right]) subnet.dispose();
    supernet.dispose();
  });

  it('a compact subnet trains on its own, leaves the supernet unchanged and frees everything on dispose', () => {
    const space = scaledDownSpace(3, [8, 16], [4, 8]);
    const config = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, seed: 3, training: { totalSteps: 40 } };
    const supernet = trainedSupernet(config, space);
    const before = tf.memory().numTensors;
    const batches = syntheticBatches(9, 2, 16);
    const arch = randomArch(space, Rng.fromSeed(2));
    const reference = supernet.predict(batches[0] as never, pathFromArch(arch));
    const compact = supernet.compactSubnet(arch, { training: { totalSteps: 30, warmupFraction: 0, peakLearningRate: 0.05 } });
    if (E.isLeft(compact)) throw compact.left;
    const first = compact.right.trainStep(batches[0] as never);
    let last = first;
    for (let step = 0; step < 25; step++) last = compact.right.trainStep(batches[0] as never);
    expect(last).toBeLessThan(first);
    expect(maxAbsDiff(supernet.predict(batches[0] as never, pathFromArch(arch)), reference)).toBe(0);
    compact.right.dispose();
    expect(tf.memory().numTensors).toBe(before);
    supernet.dispose();
  });
});

describe('buildFromScratch (compact)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu', logger: () => undefined });
  });

  it('builds the best published NASRec-Full Criteo subnet with the 2,239,219 dense parameters its architecture implies', () => {
    const arch = importNasrecArchitecture(JSON.parse(readFileSync(new URL('./fixtures/nasrec_best_criteo_full.json', import.meta.url), 'utf8')));
    if (E.isLeft(arch)) throw arch.left;
    const sparseFields = Array.from({ length: 26 }, () => 1000);
    const config = { space: NASREC_FULL_SPACE, registry: builtinRegistry(), denseFeatures: 13, sparseFields, seed: 2018, training: { totalSteps: 10 } };
    const active = buildFromScratch(arch.right, config);
    const max = buildFromScratch(arch.right, { ...config, subnetLayout: 'max-width' });
    const masked = buildFromScratch(arch.right, { ...config, subnetLayout: 'weight-sharing' });
    if (E.isLeft(active) || E.isLeft(max) || E.isLeft(masked)) throw new Error('build failed');
    expect(active.right.layoutKind).toBe('active-width');
    expect(active.right.parameterCount).toBe(2_239_219);
    const cost = countArchCost(arch.right, config);
    expect(E.isRight(cost) && cost.right.params).toBe(2_239_219);
    expect(masked.right.parameterCount).toBeGreaterThan(31_000_000);
    expect(max.right.parameterCount).toBeLessThan(masked.right.parameterCount / 3);
    for (const subnet of [active.right, max.right, masked.right]) subnet.dispose();
  });
});
