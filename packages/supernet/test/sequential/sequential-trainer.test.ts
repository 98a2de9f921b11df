import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SasrecModel,
  SequentialAdam,
  SequentialTrainer,
  SequentialTrainingOptionsCodec,
  evaluateFullRanking,
  loadCheckpoint,
  restoreSasrecTraining,
  sasrecCheckpointContent,
  saveCheckpoint,
  sequentialTrainStep,
  trainSequentialModel,
} from '../../src/index.js';
import { TINY_ARCHITECTURE, walkDataset } from './sequential-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-sasrec-'));

function modelFor(itemCount: number, dropout = 0.1): SasrecModel {
  const model = SasrecModel.create({ itemCount, maxLength: 8, architecture: TINY_ARCHITECTURE, dropout, attentionDropout: dropout, seed: 3 });
  if (E.isLeft(model)) throw model.left;
  return model.right;
}

function valuesOf(model: SasrecModel): Map<string, Float32Array> {
  return new Map([...model.namedVariables()].map(([name, variable]) => [name, Float32Array.from(variable.dataSync())]));
}

describe('trainSequentialModel', () => {
  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('learns a deterministic next item: test HR@10 far above chance, best weights kept', async () => {
    const dataset = walkDataset(200, 100);
    const model = modelFor(dataset.itemCount);
    const before = evaluateFullRanking(model, dataset.test, dataset);
    const epochs: number[] = [];
    const result = await trainSequentialModel(model, dataset, { epochs: 25, batchSize: 32, learningRate: 5e-3 }, { onEpoch: (report) => void epochs.push(report.epoch) });
    const after = evaluateFullRanking(model, dataset.test, dataset);
    // Chance HR@10 is about 10 / 90 candidates; the walk is learnable to the top rank.
    expect(before.hitRate[10]).toBeLessThan(0.25);
    expect(after.hitRate[10]).toBeGreaterThan(0.8);
    expect(epochs).toEqual(Array.from({ length: result.epochs }, (_, i) => i + 1));
    expect(result.bestValidation?.ndcg[20]).toBe(Math.max(...result.history.map((entry) => entry.validationNdcg ?? 0)));
    model.dispose();
  });

  it('learns with the full-softmax ce loss too', async () => {
    const dataset = walkDataset(120, 60);
    const model = modelFor(dataset.itemCount);
    await trainSequentialModel(model, dataset, { epochs: 12, batchSize: 32, learningRate: 5e-3, loss: 'ce' });
    expect(evaluateFullRanking(model, dataset.test, dataset).hitRate[10]).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('resumes from an epoch-boundary checkpoint exactly as the uninterrupted run', async () => {
    const dataset = walkDataset(60, 30, 10, 8, 21);
    const options = { epochs: 3, batchSize: 16, lengthBuckets: true };
    const uninterrupted = modelFor(dataset.itemCount, 0.3);
    const reference = await trainSequentialModel(uninterrupted, dataset, options);

    const interrupted = modelFor(dataset.itemCount, 0.3);
    const first = SequentialTrainer.create(interrupted, dataset, { ...options, epochs: 3 });
    if (E.isLeft(first)) throw first.left;
    first.right.runEpoch();
    const path = join(scratch, 'sasrec.ckpt');
    const saved = await saveCheckpoint(path, sasrecCheckpointContent(first.right))();
    expect(E.isRight(saved)).toBe(true);
    first.right.dispose();
    interrupted.dispose();

    const loaded = await loadCheckpoint(path)();
    if (E.isLeft(loaded)) throw loaded.left;
    const resumed = restoreSasrecTraining(loaded.right, dataset);
    if (E.isLeft(resumed)) throw resumed.left;
    expect(resumed.right.progress.epoch).toBe(1);
    const result = await resumed.right.run();
    expect(result.epochs).toBe(3);
    // Every epoch's loss and validation NDCG (epochs 2 and 3 ran after the restore), then the kept best weights.
    const withoutTimes = (history: typeof result.history) => history.map(({ epoch, loss, validationNdcg }) => ({ epoch, loss, validationNdcg }));
    expect(withoutTimes(result.history)).toEqual(withoutTimes(reference.history));
    expect(result.bestEpoch).toBe(reference.bestEpoch);
    const expected = valuesOf(uninterrupted);
    for (const [name, values] of valuesOf(resumed.right.model)) expect(values, name).toEqual(expected.get(name));
    resumed.right.dispose();
    resumed.right.model.dispose();
    uninterrupted.dispose();
  });

  it('leaks no tensors over many steps (bce and ce)', () => {
    const dataset = walkDataset(40, 30);
    const model = modelFor(dataset.itemCount);
    const adam = new SequentialAdam(model.namedVariables(), { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const rng = Rng.fromSeed(1);
    const ids = dataset.train.input.subarray(0, 8 * 8);
    const targets = dataset.train.target.subarray(0, 8 * 8);
    const negatives = Int32Array.from(targets, (target) => (target > 0 ? 1 + ((target + 3) % dataset.itemCount) : 0));
    const batch = { batchSize: 8, length: 8, ids, targets, negatives };
    sequentialTrainStep(model, adam, batch, 'bce', rng);
    sequentialTrainStep(model, adam, batch, 'ce', rng);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 30; step++) {
      expect(Number.isFinite(sequentialTrainStep(model, adam, batch, step % 2 === 0 ? 'bce' : 'ce', rng))).toBe(true);
    }
    evaluateFullRanking(model, dataset.validation, dataset);
    expect(tf.memory().numTensors).toBe(before);
    expect(adam.step).toBe(32);
    adam.dispose();
    model.dispose();
  });

  it('frees everything it made: a model and its Adam, created and disposed, leave no tensor', () => {
    const before = tf.memory().numTensors;
    const model = modelFor(12);
    const adam = new SequentialAdam(model.namedVariables(), { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    adam.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('decodes options with ICLRec defaults and rejects unknown keys', () => {
    const decoded = SequentialTrainingOptionsCodec.decode({});
    expect(E.isRight(decoded) && decoded.right).toMatchObject({ learningRate: 1e-3, batchSize: 256, epochs: 200, patience: 40, loss: 'bce', evalEvery: 1 });
    expect(E.isLeft(SequentialTrainingOptionsCodec.decode({ learningrate: 1 }))).toBe(true);
    expect(E.isLeft(SequentialTrainingOptionsCodec.decode({ loss: 'mse' }))).toBe(true);
  });
});
