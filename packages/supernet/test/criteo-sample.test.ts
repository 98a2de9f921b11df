import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_SMALL_SPACE, Rng, defineSearchSpace, pathFromArch, type Batch } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { CtrSupernet, baselineArchitecture, evaluateCtrModel, retrainFromScratch, scoreCandidate } from '../src/index.js';
import { builtinRegistry, randomArch, scaledDownSpace } from './ctr-fixtures.js';
import { CRITEO_DENSE_FEATURES, baseRateLogLoss, criteoVocabSizes, readCriteoBatches } from './criteo-sample.js';

// The shipped 8,000-row Criteo sample: train.csv (7,200 rows, batches of 256) and dev.csv (409 rows).
const vocabSizes = criteoVocabSizes(2000);
let train: Batch[];
let dev: Batch[];
let baseRate: number;

describe('scoring and retraining on the Criteo sample (test-data/criteo)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', logger: () => undefined });
    train = readCriteoBatches('train', 256, vocabSizes);
    dev = readCriteoBatches('dev', 512, vocabSizes);
    baseRate = baseRateLogLoss(train, dev);
  });

  it('reads 7,200 training and 409 validation rows; the base-rate LogLoss on dev is about 0.537', () => {
    expect(train.reduce((sum, batch) => sum + batch.size, 0)).toBe(7200);
    expect(dev.reduce((sum, batch) => sum + batch.size, 0)).toBe(409);
    expect(baseRate).toBeGreaterThan(0.53);
    expect(baseRate).toBeLessThan(0.54);
  });

  it('DLRM retrained from scratch for one epoch (lr 0.03) beats the base rate on dev', () => {
    const space = scaledDownSpace(3, [16, 32, 64], [16, 32]);
    const arch = baselineArchitecture('dlrm', space);
    if (E.isLeft(arch)) throw arch.left;
    const config = { space, registry: builtinRegistry(), denseFeatures: CRITEO_DENSE_FEATURES, sparseFields: vocabSizes, seed: 5 };
    const trained = retrainFromScratch(arch.right, config, train, { peakLearningRate: 0.03 });
    if (E.isLeft(trained)) throw trained.left;
    expect(trained.right.step).toBe(29);
    const result = evaluateCtrModel(trained.right, dev);
    expect(result.count).toBe(409);
    expect(result.logLoss).toBeLessThan(baseRate - 0.01);
    expect(result.auc).toBeGreaterThan(0.6);
    trained.right.dispose();
  });

  it('head-only fine-tuning lowers the dev LogLoss of inherited supernet subnets and leaks nothing', () => {
    const decoded = defineSearchSpace({ id: 'nasrec-small-mini', operators: NASREC_SMALL_SPACE.operators, denseWidths: [16, 32, 64], sparseWidths: [16, 32], blocks: 3 });
    if (E.isLeft(decoded)) throw decoded.left;
    const space = decoded.right;
    const created = CtrSupernet.create({
      space,
      registry: builtinRegistry(),
      denseFeatures: CRITEO_DENSE_FEATURES,
      sparseFields: vocabSizes,
      seed: 5,
      training: { totalSteps: 29, peakLearningRate: 0.03 },
    });
    if (E.isLeft(created)) throw created.left;
    const supernet = created.right;
    const rng = Rng.fromSeed(3);
    train.forEach((batch) => supernet.trainStep(batch, pathFromArch(randomArch(space, rng))));
    const before = tf.memory().numTensors;
    const fineTuneBatches = train.slice(0, 4);
    for (let candidate = 0; candidate < 3; candidate++) {
      const arch = randomArch(space, rng);
      const inherited = scoreCandidate(supernet, arch, fineTuneBatches, dev, { fineTuneSteps: 0 });
      const tuned = scoreCandidate(supernet, arch, fineTuneBatches, dev, { fineTuneSteps: 100 });
      if (E.isLeft(inherited) || E.isLeft(tuned)) throw new Error('scoring failed');
      expect(tuned.right.logLoss).toBeLessThan(inherited.right.logLoss);
      expect(tuned.right.fineTuneLoss.last).toBeLessThan(tuned.right.fineTuneLoss.first);
    }
    expect(tf.memory().numTensors).toBe(before);
    supernet.dispose();
  });
});
