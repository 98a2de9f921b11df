import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { Rng, pathFromArch, type ArchEncoding, type Batch } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { CtrSupernet, FineTuneOptionsCodec, fineTuneCandidate, scoreCandidate, type CtrSupernetConfig } from '../src/index.js';
import { DENSE_FEATURES, VOCAB_SIZES, builtinRegistry, randomArch, scaledDownSpace, syntheticBatches } from './ctr-fixtures.js';

const space = scaledDownSpace(3, [8, 16], [4, 8]);
const trainBatches = syntheticBatches(31, 3, 32);
const validationBatches = syntheticBatches(32, 2, 64);
let supernet: CtrSupernet;
let arch: ArchEncoding;

function rightOf<A>(either: E.Either<Error, A>): A {
  if (E.isLeft(either)) throw either.left;
  return either.right;
}

/** AUC by counting every (positive, negative) pair, ties one half: independent of the rank-sum implementation. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((positive, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((negative, j) => {
      if (labels[j] !== 0) return;
      pairs += 1;
      wins += positive > negative ? 1 : positive === negative ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

function featuresOf(model: { headFeatures(batch: Batch): tf.Tensor2D }, batch: Batch): Float32Array {
  const features = model.headFeatures(batch);
  const values = Float32Array.from(features.dataSync());
  features.dispose();
  return values;
}

describe('scoreCandidate and fineTuneCandidate', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', logger: () => undefined });
    const config: CtrSupernetConfig = { space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, seed: 9, training: { totalSteps: 20 } };
    supernet = rightOf(CtrSupernet.create(config));
    const rng = Rng.fromSeed(12);
    for (let step = 0; step < 8; step++) supernet.trainStep(trainBatches[step % 3] as Batch, pathFromArch(randomArch(space, rng)));
    arch = randomArch(space, rng);
  });

  it('decodes NASRec defaults: 500 head-only steps at lr 0.04, cosine with 10% warm-up, clip 5', () => {
    const decoded = FineTuneOptionsCodec.decode({});
    expect(E.isRight(decoded) && decoded.right).toMatchObject({ fineTuneSteps: 500, peakLearningRate: 0.04, warmupFraction: 0.1, adagradEpsilon: 1e-2, gradientClipNorm: 5 });
  });

  it('with fineTuneSteps 0 scores the inherited weights: the LogLoss of supernet.evaluate and the pairwise AUC of its predictions', () => {
    const score = rightOf(scoreCandidate(supernet, arch, trainBatches, validationBatches, { fineTuneSteps: 0 }));
    const path = pathFromArch(arch);
    expect(score.logLoss).toBe(supernet.evaluate(validationBatches, path).logLoss);
    const probabilities = validationBatches.flatMap((batch) => Array.from(supernet.predict(batch, path)));
    const labels = validationBatches.flatMap((batch) => Array.from(batch.label));
    expect(score.auc).toBeCloseTo(pairwiseAuc(probabilities, labels), 2); // float32 sigmoid may tie logits that differ
    expect(score.count).toBe(128);
    expect(score.fineTuneSteps).toBe(0);
  });

  it('one fine-tuning step is one Adagrad step of the head alone: w - 0.04 g / (|g| + 0.01) with g the mean BCE gradient', () => {
    const batch = trainBatches[0] as Batch;
    const path = pathFromArch(arch);
    const initial = supernet.headParameters();
    const features = supernet.headFeatures(batch, path);
    const x = features.dataSync();
    const width = features.shape[1];
    features.dispose();
    // g = mean_b (sigmoid(z_b) - y_b) [x_b, 1], in float64.
    const gradient = new Float64Array(width + 1);
    for (let b = 0; b < batch.size; b++) {
      let z = initial.bias[0] as number;
      for (let k = 0; k < width; k++) z += (x[b * width + k] as number) * (initial.kernel[k] as number);
      const residual = 1 / (1 + Math.exp(-z)) - (batch.label[b] as number);
      for (let k = 0; k < width; k++) gradient[k] = (gradient[k] as number) + (residual * (x[b * width + k] as number)) / batch.size;
      gradient[width] = (gradient[width] as number) + residual / batch.size;
    }
    const step = (w: number, g: number): number => w - (0.04 * g) / (Math.abs(g) + 0.01);
    const subnet = rightOf(fineTuneCandidate(supernet, arch, [batch], { fineTuneSteps: 1, gradientClipNorm: 0 }));
    const tuned = subnet.headParameters();
    for (let k = 0; k < width; k += 7) expect(tuned.kernel[k]).toBeCloseTo(step(initial.kernel[k] as number, gradient[k] as number), 5);
    expect(tuned.bias[0]).toBeCloseTo(step(initial.bias[0] as number, gradient[width] as number), 5);
    subnet.dispose();
  });

  it('fine-tunes the head only and leaves the supernet untouched', () => {
    const path = pathFromArch(arch);
    const before = validationBatches.map((batch) => supernet.predict(batch, path));
    const headBefore = supernet.headParameters();
    const subnet = rightOf(fineTuneCandidate(supernet, arch, trainBatches, { fineTuneSteps: 30 }));
    // Blocks and embeddings are the inherited ones: the head sees the same features as along the supernet path.
    expect(featuresOf(subnet, validationBatches[0] as Batch)).toEqual(featuresOf({ headFeatures: (batch) => supernet.headFeatures(batch, path) }, validationBatches[0] as Batch));
    expect(subnet.headParameters().kernel).not.toEqual(headBefore.kernel);
    expect(supernet.headParameters()).toEqual(headBefore);
    validationBatches.forEach((batch, i) => expect(supernet.predict(batch, path)).toEqual(before[i]));
    // The subnet scores what scoreCandidate reports for the same fine-tuning.
    const score = rightOf(scoreCandidate(supernet, arch, trainBatches, validationBatches, { fineTuneSteps: 30 }));
    expect(subnet.evaluate(validationBatches).logLoss).toBeCloseTo(score.logLoss, 6);
    subnet.dispose();
  });

  it('lowers the training loss, is deterministic, does not depend on the feature cache and frees every tensor', () => {
    const tensorsBefore = tf.memory().numTensors;
    const first = rightOf(scoreCandidate(supernet, arch, trainBatches, validationBatches, { fineTuneSteps: 60 }));
    const second = rightOf(scoreCandidate(supernet, arch, trainBatches, validationBatches, { fineTuneSteps: 60 }));
    const uncached = rightOf(scoreCandidate(supernet, arch, trainBatches, validationBatches, { fineTuneSteps: 60, featureCacheBytes: 0 }));
    expect(second).toEqual(first);
    expect(uncached).toEqual(first);
    expect(first.fineTuneSteps).toBe(60);
    expect(first.fineTuneLoss.last).toBeLessThan(first.fineTuneLoss.first);
    const subnet = rightOf(fineTuneCandidate(supernet, arch, trainBatches, { fineTuneSteps: 5 }));
    subnet.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('fails with DATA_EMPTY without training batches and CONFIG_INVALID for bad options or a foreign architecture', () => {
    const tensorsBefore = tf.memory().numTensors;
    const empty = scoreCandidate(supernet, arch, [], validationBatches, { fineTuneSteps: 3 });
    expect(E.isLeft(empty) && empty.left.code).toBe('DATA_EMPTY');
    const emptySubnet = fineTuneCandidate(supernet, arch, [], { fineTuneSteps: 3 });
    expect(E.isLeft(emptySubnet) && emptySubnet.left.code).toBe('DATA_EMPTY');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const negative = scoreCandidate(supernet, arch, trainBatches, validationBatches, { fineTuneSteps: -1 });
    expect(E.isLeft(negative) && negative.left.message).toContain('fineTuneSteps');
    const unknownKey = fineTuneCandidate(supernet, arch, trainBatches, { steps: 3 } as never);
    expect(E.isLeft(unknownKey) && unknownKey.left.code).toBe('CONFIG_INVALID');
    const foreign = scoreCandidate(supernet, { ...arch, space: 'nasrec-full' }, trainBatches, validationBatches);
    expect(E.isLeft(foreign) && foreign.left.code).toBe('CONFIG_INVALID');
  });
});
