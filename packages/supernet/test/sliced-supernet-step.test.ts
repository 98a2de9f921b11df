import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { Rng, denseOperators, fullSupernetPath, pathFromArch, sparseOperators, type SupernetPath } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { CtrSupernet, type CtrSupernetConfig } from '../src/index.js';
import { DENSE_FEATURES, VOCAB_SIZES, builtinRegistry, randomArch, scaledDownSpace, syntheticBatches } from './ctr-fixtures.js';

/** Sliced == masked: the same weights and paths, float32 sums in another order (decision 0018). */
const TOLERANCE = 2e-5;

const space = scaledDownSpace(4, [16, 32, 64], [16, 32]);

/** The bench's sampling: one operator per block, any input subset, random left/right, toggles and widths. */
function samplePath(rng: Rng): SupernetPath {
  const subset = (position: number): number[] => {
    const chosen = Array.from({ length: position + 1 }, (_, i) => i).filter(() => rng.bernoulli(0.5));
    return chosen.length > 0 ? chosen : [rng.nextInt(position + 1)];
  };
  return {
    space: space.id,
    blocks: Array.from({ length: space.blocks }, (_, position) => ({
      denseOps: [rng.pick(denseOperators(space)).id],
      sparseOps: [rng.pick(sparseOperators(space)).id],
      denseWidth: rng.pick(space.denseWidths) as never,
      sparseWidth: rng.pick(space.sparseWidths) as never,
      denseInputs: subset(position) as never,
      sparseInputs: subset(position) as never,
      denseLeftInputs: subset(position) as never,
      denseRightInputs: subset(position) as never,
      denseSparseInteract: rng.bernoulli(0.5),
      deepFm: rng.bernoulli(0.5),
    })),
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

function create(config: CtrSupernetConfig, supernetPaths: 'sliced' | 'masked'): CtrSupernet {
  const created = CtrSupernet.create({ ...config, supernetPaths });
  if (E.isLeft(created)) throw created.left;
  return created.right;
}

// The automatic choice is native where the addon is built (CI requires it): test it there as well as on wasm.
const automatic = await initBackend({ logger: () => undefined });
const backends = ['wasm', ...(automatic.name === 'native' ? ['native'] : [])];

describe.each(backends)('sliced supernet steps on %s', (backend) => {
  let config: CtrSupernetConfig;
  beforeAll(async () => {
    await initBackend({ backend: backend as 'wasm', logger: () => undefined });
    config = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, seed: 3, training: { totalSteps: 40 } };
  });

  it('take the same losses and leave the same weights as masked steps on the same paths', () => {
    const masked = create(config, 'masked');
    const sliced = create(config, 'sliced');
    const batches = syntheticBatches(8, 3, 32);
    const rng = Rng.fromSeed(9);
    const paths = Array.from({ length: 12 }, (_, step) => (step % 3 === 2 ? pathFromArch(randomArch(space, rng)) : samplePath(rng)));
    paths.forEach((path, step) => {
      const batch = batches[step % batches.length] as never;
      const lossMasked = masked.trainStep(batch, path);
      const lossSliced = sliced.trainStep(batch, path);
      expect(Math.abs(lossSliced - lossMasked)).toBeLessThan(TOLERANCE);
    });
    const slicedWeights = new Map(sliced.namedVariables().map(([name, variable]) => [name, variable.dataSync()]));
    let moved = 0;
    for (const [name, variable] of masked.namedVariables()) {
      expect(maxAbsDiff(variable.dataSync(), slicedWeights.get(name) as Float32Array), name).toBeLessThan(TOLERANCE);
      moved += 1;
    }
    expect(moved).toBeGreaterThan(50);
    // Same embeddings (their gradient comes back through the sliced inputs).
    expect(maxAbsDiff(masked.store.state().tables[0] as Float32Array, sliced.store.state().tables[0] as Float32Array)).toBeLessThan(TOLERANCE);
    // Predictions and head features (the features of fine-tuning, at their weight-sharing positions) on new paths.
    const [batch] = syntheticBatches(10, 1, 16);
    for (const path of [samplePath(rng), pathFromArch(randomArch(space, rng))]) {
      expect(maxAbsDiff(masked.predict(batch as never, path), sliced.predict(batch as never, path))).toBeLessThan(TOLERANCE);
      const [a, b] = [masked.headFeatures(batch as never, path), sliced.headFeatures(batch as never, path)];
      expect(b.shape).toEqual(a.shape);
      expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(TOLERANCE);
      tf.dispose([a, b]);
    }
    masked.dispose();
    sliced.dispose();
  });

  it('give no state to blocks the head cannot reach, run multi-operator paths masked, and leak no tensors', () => {
    const masked = create(config, 'masked');
    const sliced = create(config, 'sliced');
    const [batch] = syntheticBatches(4, 1, 16);
    // Block 2 reads only the stem and block 3 only block 2: block 1 is cut off from the head.
    const path = samplePath(Rng.fromSeed(1));
    const blocks = path.blocks.map((block, position) => {
      const from = position === 0 ? [0] : position === 3 ? [3] : [0];
      return { ...block, denseOps: ['linear-2d'], sparseOps: ['linear-3d'], denseInputs: from, sparseInputs: from, denseLeftInputs: from, denseRightInputs: from };
    }) as SupernetPath['blocks'];
    masked.trainStep(batch as never, { ...path, blocks });
    const before = tf.memory().numTensors;
    sliced.trainStep(batch as never, { ...path, blocks });
    expect(tf.memory().numTensors).toBe(before + sliced.optimizerStateSize); // only the new accumulators stay
    expect(sliced.optimizerStateSize).toBeLessThan(masked.optimizerStateSize);
    // The warm-up's full supernet path runs masked in both: identical results.
    const full = fullSupernetPath(space);
    expect(sliced.trainStep(batch as never, full)).toBeCloseTo(masked.trainStep(batch as never, full), 5);
    masked.dispose();
    sliced.dispose();
  });
});
