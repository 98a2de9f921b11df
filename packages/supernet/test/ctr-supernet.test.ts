import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { Rng, fullSupernetPath, pathFromArch } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { CtrSupernet, countSupernetParameters, type CtrSupernetConfig } from '../src/index.js';
import { DENSE_FEATURES, VOCAB_SIZES, builtinRegistry, randomArch, scaledDownSpace, syntheticBatches } from './ctr-fixtures.js';

const space = scaledDownSpace();
let config: CtrSupernetConfig;

function createSupernet(totalSteps: number, seed = 11): CtrSupernet {
  const created = CtrSupernet.create({ ...config, seed, training: { totalSteps } });
  if (E.isLeft(created)) throw created.left;
  return created.right;
}

describe('CtrSupernet', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', logger: () => undefined }); // cpu works too, ~10x slower
    config = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, training: { totalSteps: 100 } };
  });
  

  it('create builds every operator at max width over the concatenated inputs (parameter count = the dry count)', () => {
    const supernet = createSupernet(10);
    const counted = countSupernetParameters(config);
    expect(E.isRight(counted) && counted.right.total).toBe(supernet.parameterCount);
    // block 3 reads the stem (4 features) and two blocks of 64: linear-2d's kernel is [132, 64].
    const linear = supernet.modules()[2]?.find((entry) => entry.op.id === 'linear-2d');
    expect(linear?.weights['kernel']?.shape).toEqual([4 + 64 + 64, 64]);
    // sparse rows: 5 fields + 2 x (32 + 8 interaction rows).
    const transformer = supernet.modules()[2]?.find((entry) => entry.op.id === 'transformer');
    expect(transformer?.weights['projection.kernel']?.shape).toEqual([5 + 40 + 40, 32]);
    supernet.dispose();
  });

  it('forward returns [B] logits and predict probabilities in (0, 1)', () => {
    const supernet = createSupernet(10);
    const [batch] = syntheticBatches(1, 1, 16);
    if (batch === undefined) throw new Error('no batch');
    const path = fullSupernetPath(space);
    const logits = supernet.forward(batch, path, { training: false });
    expect(logits.shape).toEqual([16]);
    logits.dispose();
    const probabilities = supernet.predict(batch, path);
    expect(probabilities.length).toBe(16);
    expect(probabilities.every((p) => p > 0 && p < 1)).toBe(true);
    supernet.dispose();
  });

  it('rejects an operator registered with another kind than the space declares', () => {
    const registry = builtinRegistry();
    const wrong = { ...space, operators: space.operators.map((op) => (op.id === 'sum' ? { ...op, kind: 'dense-unary' as const } : op)) };
    const created = CtrSupernet.create({ ...config, space: wrong, registry });
    expect(E.isLeft(created) && created.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(created) && created.left.message).toContain('"sum"');
  });

  it('rejects bad training options with their path', () => {
    const created = CtrSupernet.create({ ...config, training: { totalSteps: 0 } });
    expect(E.isLeft(created) && created.left.message).toContain('totalSteps');
  });

  it('learns: the loss after 100 steps on a fixed path is clearly lower than at the start', () => {
    const supernet = createSupernet(100);
    const batches = syntheticBatches(3, 8, 32);
    const path = pathFromArch(randomArch(space, Rng.fromSeed(5)));
    const before = supernet.evaluate(batches, path);
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) losses.push(supernet.trainStep(batches[step % batches.length] as never, path));
    const after = supernet.evaluate(batches, path);
    expect(after.count).toBe(256);
    expect(Number.isFinite(before.logLoss)).toBe(true);
    expect(after.logLoss).toBeLessThan(before.logLoss - 0.1);
    expect(losses.slice(-10).reduce((a, b) => a + b, 0) / 10).toBeLessThan(losses.slice(0, 10).reduce((a, b) => a + b, 0) / 10);
    supernet.dispose();
  });

  it('leaks no tensors: numTensors is the same before and after each of 20 steps on random paths', () => {
    const supernet = createSupernet(40);
    const batches = syntheticBatches(4, 2, 32);
    supernet.trainStep(batches[0] as never, fullSupernetPath(space)); // creates every optimizer accumulator
    const rng = Rng.fromSeed(9);
    const counts: number[] = [];
    for (let step = 0; step < 20; step++) {
      const before = tf.memory().numTensors;
      supernet.trainStep(batches[step % 2] as never, pathFromArch(randomArch(space, rng)));
      counts.push(tf.memory().numTensors - before);
    }
    expect(counts).toEqual(new Array(20).fill(0));
    const before = tf.memory().numTensors;
    supernet.predict(batches[0] as never, fullSupernetPath(space));
    supernet.evaluate(batches, fullSupernetPath(space));
    expect(tf.memory().numTensors).toBe(before);
    supernet.dispose();
  });

  it('updates only the variables of the path (dense Adagrad creates state only for them)', () => {
    const created = CtrSupernet.create({ ...config, seed: 11, training: { totalSteps: 10 }, supernetPaths: 'masked' });
    if (E.isLeft(created)) throw created.left;
    const supernet = created.right;
    const [batch] = syntheticBatches(5, 1, 16);
    const arch = randomArch(space, Rng.fromSeed(2));
    supernet.trainStep(batch as never, pathFromArch(arch));
    const sampled = supernet.modules().flatMap((modules, position) => {
      const block = arch.blocks[position];
      return modules.filter(
        (entry) =>
          entry.op.id === block?.denseOp ||
          entry.op.id === block?.sparseOp ||
          (entry.role === 'interact' && block?.denseSparseInteract === true) ||
          (entry.role === 'deep-fm' && block?.deepFm === true),
      );
    });
    const sampledVariables = sampled.reduce((total, entry) => total + Object.keys(entry.weights).length, 0);
    expect(supernet.optimizerStateSize).toBe(sampledVariables + 2); // + head kernel and bias
    supernet.dispose();
  });
});
