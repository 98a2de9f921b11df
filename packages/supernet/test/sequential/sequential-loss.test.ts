import { initBackend, tf } from '@recnas/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { sequentialBceLoss, sequentialCeLoss } from '../../src/index.js';

describe('sequentialBceLoss', () => {
  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
  });

  it('averages -log sigmoid(s+) - log(1 - sigmoid(s-)) over the positions with a target (hand-computed)', () => {
    // Position 0: s+ = [1, 0] . [2, 0] = 2, s- = [1, 0] . [0, 1] = 0 -> softplus(-2) + softplus(0) = 0.126928 + 0.693147.
    // Position 1: s+ = [0, 1] . [0, 3] = 3, s- = 0 -> softplus(-3) + softplus(0) = 0.048587 + 0.693147.
    // Position 2 has no target (weight 0) and a huge loss that must not count.
    const hidden = tf.tensor2d([[1, 0], [0, 1], [5, 5]]);
    const positive = tf.tensor2d([[2, 0], [0, 3], [-9, -9]]);
    const negative = tf.tensor2d([[0, 1], [1, 0], [9, 9]]);
    const loss = sequentialBceLoss(hidden, positive, negative, tf.tensor1d([1, 1, 0])).dataSync()[0];
    expect(loss).toBeCloseTo((0.126928 + 0.693147 + 0.048587 + 0.693147) / 2, 5);
  });

  it('divides the weighted sum by a given divisor instead of the target count (length-bucketed batches)', () => {
    const hidden = tf.tensor2d([[1, 0], [0, 1], [5, 5]]);
    const positive = tf.tensor2d([[2, 0], [0, 3], [-9, -9]]);
    const negative = tf.tensor2d([[0, 1], [1, 0], [9, 9]]);
    const loss = sequentialBceLoss(hidden, positive, negative, tf.tensor1d([1, 1, 0]), 8).dataSync()[0];
    expect(loss).toBeCloseTo((0.126928 + 0.693147 + 0.048587 + 0.693147) / 8, 5);
  });
});

describe('sequentialCeLoss', () => {
  it('is logsumexp over every item minus the target score (hand-computed)', () => {
    // Logits of h = [1, 0] against rows [0, 0], [1, 0], [0, 1]: [0, 1, 0]; target row 1: log(e^0 + e^1 + e^0) - 1.
    const loss = sequentialCeLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0], [1, 0], [0, 1]]), tf.tensor2d([[1, 0]])).dataSync()[0];
    expect(loss).toBeCloseTo(Math.log(2 + Math.E) - 1, 5);
  });

  it('divides the sum by a given divisor instead of taking the mean', () => {
    const hidden = tf.tensor2d([[1, 0], [1, 0]]);
    const loss = sequentialCeLoss(hidden, tf.tensor2d([[0, 0], [1, 0], [0, 1]]), tf.tensor2d([[1, 0], [0, 0]]), 4).dataSync()[0];
    expect(loss).toBeCloseTo((2 * Math.log(2 + Math.E) - 1) / 4, 5);
  });
});
