import { beforeAll, describe, expect, it } from 'vitest';
import { allocateBatch, type Batch } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { evaluateCtrModel, type CtrLogitModel } from '../src/index.js';

/** A model that returns fixed logits per batch, in call order. */
function fixedLogits(perBatch: number[][]): CtrLogitModel {
  let call = 0;
  return { forward: () => tf.tensor1d(perBatch[call++] as number[], 'float32') };
}

function labelled(labels: number[]): Batch {
  const batch = allocateBatch(labels.length, 1, 1);
  batch.label.set(labels);
  return batch;
}

describe('evaluateCtrModel', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu', logger: () => undefined });
  });

  it('returns LogLoss and rank AUC over every batch, ties counting one half', () => {
    // logits 0, 0 | 1, -1 with labels 1, 0 | 0, 1. BCE: ln 2 twice and ln(1 + e) twice.
    // Pairs (positive, negative): (0, 0) tie = 1/2, (0, 1) = 0, (-1, 0) = 0, (-1, 1) = 0 -> AUC 0.5 / 4.
    const before = tf.memory().numTensors;
    const result = evaluateCtrModel(fixedLogits([[0, 0], [1, -1]]), [labelled([1, 0]), labelled([0, 1])]);
    expect(result.count).toBe(4);
    expect(result.logLoss).toBeCloseTo((2 * Math.LN2 + 2 * Math.log(1 + Math.E)) / 4, 12);
    expect(result.auc).toBe(0.125);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives AUC 1 for perfectly ranked logits and uses the stable loss for large logits', () => {
    // BCE(40, 1) = BCE(-40, 0) = log1p(e^-40) ~ 4.2e-18; BCE(-3, 1) = ln(1 + e^3); BCE(-30, 0) = log1p(e^-30).
    const result = evaluateCtrModel(fixedLogits([[40, -40, -3, -30]]), [labelled([1, 0, 1, 0])]);
    expect(result.auc).toBe(1);
    expect(result.logLoss).toBeCloseTo((2 * Math.log1p(Math.exp(-40)) + Math.log1p(Math.exp(3)) + Math.log1p(Math.exp(-30))) / 4, 12);
  });

  it('gives NaN AUC for one class and NaN everything for no batches', () => {
    expect(evaluateCtrModel(fixedLogits([[0.3, 0.1]]), [labelled([0, 0])]).auc).toBeNaN();
    const empty = evaluateCtrModel(fixedLogits([]), []);
    expect(empty.count).toBe(0);
    expect(empty.logLoss).toBeNaN();
    expect(empty.auc).toBeNaN();
  });
});
