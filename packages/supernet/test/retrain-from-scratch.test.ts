import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { Rng, type Batch } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { RetrainOptionsCodec, evaluateCtrModel, retrainFromScratch, type CtrModelConfig } from '../src/index.js';
import { DENSE_FEATURES, VOCAB_SIZES, builtinRegistry, randomArch, scaledDownSpace, syntheticBatches } from './ctr-fixtures.js';

const space = scaledDownSpace(3, [8, 16], [4, 8]);
const arch = randomArch(space, Rng.fromSeed(21));
const batches = syntheticBatches(41, 4, 64);
let config: CtrModelConfig;

const mean = (values: ReadonlyArray<number>): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('retrainFromScratch', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', logger: () => undefined });
    config = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, seed: 4 };
  });

  it('decodes NASRec retraining defaults: one epoch, peak lr 0.16, cosine with 10% warm-up, clip 5', () => {
    const decoded = RetrainOptionsCodec.decode({});
    expect(E.isRight(decoded) && decoded.right).toEqual({
      steps: 0,
      epochs: 1,
      peakLearningRate: 0.16,
      minLearningRate: 1e-8,
      warmupFraction: 0.1,
      adagradEpsilon: 1e-2,
      gradientClipNorm: 5,
    });
  });

  it('trains a fresh subnet for epochs x batches steps with falling loss, the same for the same seed', () => {
    const losses: number[] = [];
    const seen: number[] = [];
    const trained = retrainFromScratch(arch, config, batches, { epochs: 5, peakLearningRate: 0.05 }, {
      onStep: (step, totalSteps, loss) => {
        seen.push(step, totalSteps);
        losses.push(loss);
      },
    });
    if (E.isLeft(trained)) throw trained.left;
    expect(trained.right.step).toBe(20);
    expect(seen.slice(0, 4)).toEqual([0, 20, 1, 20]);
    expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 4)) - 0.05);
    const again = retrainFromScratch(arch, config, batches, { epochs: 5, peakLearningRate: 0.05 });
    if (E.isLeft(again)) throw again.left;
    expect(again.right.predict(batches[0] as Batch)).toEqual(trained.right.predict(batches[0] as Batch));
    // Trained beats untrained on held-out data from the same teacher.
    const heldOut = syntheticBatches(42, 2, 64);
    const untrained = retrainFromScratch(arch, config, batches, { steps: 1, peakLearningRate: 1e-6 });
    if (E.isLeft(untrained)) throw untrained.left;
    expect(evaluateCtrModel(trained.right, heldOut).logLoss).toBeLessThan(evaluateCtrModel(untrained.right, heldOut).logLoss);
    for (const subnet of [trained.right, again.right, untrained.right]) subnet.dispose();
  });

  it('cycles any re-iterable for the given steps and frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const iterable = { [Symbol.iterator]: () => batches.slice(0, 2)[Symbol.iterator]() };
    const trained = retrainFromScratch(arch, config, iterable, { steps: 5 });
    if (E.isLeft(trained)) throw trained.left;
    expect(trained.right.step).toBe(5);
    trained.right.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails with CONFIG_INVALID for an epoch of unknown length or bad options, DATA_EMPTY without batches', () => {
    const oneShot = (function* () {
      yield batches[0] as Batch;
    })();
    const unknownLength = retrainFromScratch(arch, config, oneShot);
    expect(E.isLeft(unknownLength) && unknownLength.left.code).toBe('CONFIG_INVALID');
    const exhausted = retrainFromScratch(arch, config, oneShot, { steps: 2 });
    expect(E.isLeft(exhausted) && exhausted.left.code).toBe('DATA_EMPTY');
    const empty = retrainFromScratch(arch, config, []);
    expect(E.isLeft(empty) && empty.left.code).toBe('DATA_EMPTY');
    const bad = retrainFromScratch(arch, config, batches, { peakLearningRate: 0 });
    expect(E.isLeft(bad) && bad.left.message).toContain('peakLearningRate');
  });
});
