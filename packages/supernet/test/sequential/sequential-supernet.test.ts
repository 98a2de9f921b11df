import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { architectureFromChoices, sequentialChoiceGroups, type PositiveInt, type SequentialArchitecture, type SequentialSpace } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { sequentialCost } from '@recnas/operators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SasrecModel,
  SequentialSupernet,
  loadCheckpoint,
  expectedSequentialResource,
  restoreSequentialSupernet,
  saveCheckpoint,
  sequentialResource,
  sequentialSupernetCheckpointContent,
  softGatesOf,
  type SequentialSupernetOptionsInput,
} from '../../src/index.js';
import { walkDataset } from './sequential-fixtures.js';

const int = (n: number): PositiveInt => n as PositiveInt;
const SPACE: SequentialSpace = { maxLayers: int(2), maxHeads: int(2), attentionWidth: int(16), hiddenWidths: [8, 16].map(int), ffnWidths: [8, 16, 32].map(int) };
const dataset = walkDataset(40, 12);
const scratch = mkdtempSync(join(tmpdir(), 'recnas-dnsrec-'));

function supernetWith(options: Partial<SequentialSupernetOptionsInput> = {}): SequentialSupernet {
  const created = SequentialSupernet.create({ itemCount: dataset.itemCount, maxLength: dataset.maxLength, space: SPACE, batchSize: 16, dropout: 0.1, attentionDropout: 0.1, seed: 5, ...options }, dataset);
  if (E.isLeft(created)) throw created.left;
  return created.right;
}

/** One-hot probabilities (as `[1, n]` tensors) that pick `choices` (group -> option index). */
function oneHot(choices: Record<string, number>): Map<string, tf.Tensor2D> {
  return new Map(sequentialChoiceGroups(SPACE).map((group) => {
    const values = new Array<number>(group.options.length).fill(0);
    values[choices[group.name] as number] = 1;
    return [group.name, tf.tensor2d(values, [1, values.length])];
  }));
}

const CHOICES = { depth: 0, 'heads.0': 0, 'ffn.0': 1, 'heads.1': 1, 'ffn.1': 2, hidden: 0 };

/** The compact model of `arch` with the supernet's weights cut to it (top-left corners, first heads). */
function compactCopy(supernet: SequentialSupernet, arch: SequentialArchitecture): SasrecModel {
  const created = SasrecModel.create({ itemCount: dataset.itemCount, maxLength: dataset.maxLength, architecture: arch, dropout: 0, attentionDropout: 0, seed: 1 });
  if (E.isLeft(created)) throw created.left;
  const large = supernet.model.namedVariables();
  for (const [name, variable] of created.right.namedVariables()) {
    const source = large.get(name) as tf.Variable;
    variable.assign(tf.tidy(() => tf.slice(source, new Array<number>(source.rank).fill(0), variable.shape)));
  }
  return created.right;
}

describe('SequentialSupernet', () => {
  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('with one-hot choices computes exactly the compact model those choices select', () => {
    const supernet = supernetWith();
    const arch = architectureFromChoices(SPACE, CHOICES);
    expect(arch).toEqual({ hiddenWidth: 8, attentionWidth: 16, maxHeads: 2, layers: [{ heads: 1, ffnWidth: 16 }] });
    const compact = compactCopy(supernet, arch);
    const ids = dataset.test.input.subarray(0, 6 * dataset.maxLength);
    const [gated, plain] = tf.tidy(() => {
      const gates = softGatesOf(SPACE, oneHot(CHOICES));
      const rows = tf.tensor3d(supernet.model.gatherItems(ids), [6, dataset.maxLength, 16]);
      const wide = supernet.model.encodeRows(rows, ids, { gates });
      const narrow = compact.encode(ids);
      return [tf.slice(wide, [0, 0, 0], [6, dataset.maxLength, 8]), narrow];
    });
    expect(Math.max(...Array.from(tf.tidy(() => tf.abs(tf.sub(gated, plain)).dataSync())))).toBeLessThan(2e-5);
    tf.dispose([gated, plain]);
    compact.dispose();
    supernet.dispose();
  });

  it('costs one-hot choices exactly as the compact architecture, and the largest as the unconstrained cost', () => {
    const supernet = supernetWith();
    const groups = sequentialChoiceGroups(SPACE);
    for (let trial = 0; trial < 12; trial++) {
      const choices = Object.fromEntries(groups.map((group, g) => [group.name, (trial * (g + 3)) % group.options.length]));
      const probabilities = Object.fromEntries(groups.map((group) => [group.name, group.options.map((_, i) => (i === choices[group.name] ? 1 : 0))]));
      const arch = architectureFromChoices(SPACE, choices);
      const flops = sequentialCost({ sequenceLength: dataset.maxLength, itemCount: dataset.itemCount, ...arch }).flops;
      expect(supernet.expectedCost(probabilities) / flops).toBeCloseTo(1, 5);
      expect(sequentialResource(arch, supernet.sizes, 'flops')).toBe(flops);
    }
    const largest = { hiddenWidth: int(16), attentionWidth: int(16), maxHeads: int(2), layers: [{ heads: int(2), ffnWidth: int(32) }, { heads: int(2), ffnWidth: int(32) }] };
    expect(supernet.unconstrainedCost()).toBe(sequentialCost({ sequenceLength: dataset.maxLength, itemCount: dataset.itemCount, ...largest }).flops);
    supernet.dispose();
  });

  it('differentiates the gated loss and the expected cost w.r.t. the gate parameters (finite differences)', () => {
    const supernet = supernetWith({ dropout: 0, attentionDropout: 0 });
    const ids = dataset.test.input.subarray(0, 4 * dataset.maxLength);
    const rows = supernet.model.gatherItems(ids);
    const weights = tf.randomNormal([4, dataset.maxLength, 16], 0, 1, 'float32', 11);
    const pool = tf.randomNormal([4, 16], 0, 1, 'float32', 12);
    const variables = supernet.choices.namedVariables();
    const kernel = variables.get('gate/ffn.0.kernel') as tf.Variable;
    const alpha = variables.get('alpha/hidden') as tf.Variable;
    // Move away from the symmetric start, where some derivatives vanish.
    kernel.assign(tf.randomNormal(kernel.shape, 0, 0.3, 'float32', 13));
    alpha.assign(tf.tensor1d([0.3, -0.2]));
    const objective = (): tf.Scalar => {
      const probabilities = supernet.choices.probabilities(pool as tf.Tensor2D, 1);
      const encoded = supernet.model.encodeRows(tf.tensor3d(rows, [4, dataset.maxLength, 16]), ids, { gates: softGatesOf(SPACE, probabilities) });
      const means = new Map([...probabilities].map(([name, p]) => [name, tf.mean(p, 0) as tf.Tensor1D]));
      const cost = expectedSequentialResource(SPACE, means, supernet.sizes, 'flops');
      return tf.add(tf.sum(tf.mul(encoded, weights)), tf.div(cost, 1e4)) as tf.Scalar;
    };
    const analytic = tf.tidy(() => tf.engine().gradients(objective, [kernel, alpha]).grads.map((g) => Array.from(g.dataSync())));
    const at = (variable: tf.Variable, index: number, delta: number): number => {
      const values = Float32Array.from(variable.dataSync());
      values[index] = (values[index] as number) + delta;
      variable.assign(tf.tensor(values, variable.shape));
      const value = tf.tidy(() => objective().dataSync()[0] as number);
      values[index] = (values[index] as number) - delta;
      variable.assign(tf.tensor(values, variable.shape));
      return value;
    };
    const h = 1e-2;
    for (const [v, variable] of [kernel, alpha].entries()) {
      for (const index of [0, 1, variable.size - 1]) {
        const numeric = (at(variable, index, h) - at(variable, index, -h)) / (2 * h);
        const exact = analytic[v]?.[index] as number;
        expect(Math.abs(numeric - exact)).toBeLessThan(2e-2 * Math.max(1, Math.abs(exact)));
      }
    }
    tf.dispose([weights, pool]);
    supernet.dispose();
  });

  it('pushes the expected cost under the budget with the resource penalty', () => {
    const supernet = supernetWith({ architectureLearningRate: 0.05 });
    const start = supernet.unconstrainedCost();
    const budget = 0.5 * start;
    let last = supernet.architectureStep({ step: 0, temperature: 1, budget, lambda: 5 });
    for (let step = 0; step < 60; step++) {
      supernet.weightStep({ step, temperature: 1 });
      last = supernet.architectureStep({ step, temperature: 1, budget, lambda: 5 });
    }
    expect(last.expectedCost as number).toBeLessThan(0.55 * start);
    const mean = supernet.meanProbabilities(1);
    expect(Object.keys(mean).sort()).toEqual(sequentialChoiceGroups(SPACE).map((group) => group.name).sort());
    expect(supernet.expectedCost(mean)).toBeLessThan(0.6 * start);
    supernet.dispose();
  });

  it('keeps no gate parameters without data-aware gates (the ablation)', () => {
    const supernet = supernetWith({ dataAware: false });
    expect([...supernet.choices.namedVariables().keys()].every((name) => name.startsWith('alpha/'))).toBe(true);
    supernet.dispose();
  });

  it('continues exactly from a checkpoint', async () => {
    const steps = (supernet: SequentialSupernet, from: number, to: number): number[] => {
      const losses: number[] = [];
      for (let step = from; step < to; step++) {
        losses.push(supernet.weightStep({ step, temperature: 1 }).taskLoss);
        losses.push(supernet.architectureStep({ step, temperature: 1, budget: 1e5, lambda: 1 }).taskLoss);
      }
      return losses;
    };
    const straight = supernetWith();
    const expected = steps(straight, 0, 6);
    const first = supernetWith();
    steps(first, 0, 3);
    const file = join(scratch, 'dns-rec.ckpt');
    const saved = await saveCheckpoint(file, sequentialSupernetCheckpointContent(first, { strategy: { step: 3 } }))();
    expect(E.isRight(saved)).toBe(true);
    first.dispose();
    const loaded = await loadCheckpoint(file)();
    if (E.isLeft(loaded)) throw loaded.left;
    const restored = restoreSequentialSupernet(loaded.right, dataset);
    if (E.isLeft(restored)) throw restored.left;
    expect(restored.right.extra).toEqual({ strategy: { step: 3 } });
    expect(steps(restored.right.supernet, 3, 6)).toEqual(expected.slice(6));
    expect(restored.right.supernet.meanProbabilities(1)).toEqual(straight.meanProbabilities(1));
    restored.right.supernet.dispose();
    straight.dispose();
  });

  it('rejects a latency constraint without a host model', () => {
    const created = SequentialSupernet.create({ itemCount: dataset.itemCount, maxLength: dataset.maxLength, space: SPACE, cost: 'latency' }, dataset);
    expect(E.isLeft(created) && created.left.code).toBe('CONFIG_INVALID');
  });
});
