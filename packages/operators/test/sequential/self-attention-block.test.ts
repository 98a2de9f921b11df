import { Rng } from '@recnas/core';
import { initBackend, layerNorm, tf } from '@recnas/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildSelfAttentionBlock,
  createWeightInitializer,
  maskedLayerNorm,
  selfAttentionBlock,
  sequentialAttentionMask,
  type SelfAttentionBlockGates,
  type SelfAttentionBlockWeightName,
  type SelfAttentionBlockWeights,
} from '../../src/index.js';

const SHAPE = { hiddenWidth: 8, attentionWidth: 8, maxHeads: 2, ffnWidth: 12 };
const BATCH = 2;
const LENGTH = 5;
// Row 0 has two padding positions, row 1 none.
const IDS = Int32Array.from([0, 0, 3, 1, 2, 4, 2, 2, 1, 3]);

function randomTensor(rng: Rng, shape: number[], scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => (rng.nextFloat() * 2 - 1) * scale), shape);
}

/** Weights with larger random values (Normal(0, 0.02) would make every check trivially pass). */
function blockWeights(seed: number): SelfAttentionBlockWeights {
  const built = buildSelfAttentionBlock(createWeightInitializer(Rng.fromSeed(seed)), SHAPE);
  const rng = Rng.fromSeed(seed + 1);
  const out: Partial<Record<SelfAttentionBlockWeightName, tf.Tensor>> = {};
  for (const [name, weight] of Object.entries(built) as Array<[SelfAttentionBlockWeightName, tf.Tensor]>) {
    out[name] = tf.add(weight, randomTensor(rng, weight.shape, 0.4));
    weight.dispose();
  }
  return out as SelfAttentionBlockWeights;
}

/** A copy of `weights` where `name`'s entries at (row, column) with `where(row, column)` get new random values. */
function perturbed(weights: SelfAttentionBlockWeights, name: SelfAttentionBlockWeightName, where: (row: number, column: number) => boolean, seed = 99): SelfAttentionBlockWeights {
  const weight = weights[name];
  const columns = weight.shape[weight.rank - 1] as number;
  const values = Float32Array.from(weight.dataSync());
  const rng = Rng.fromSeed(seed);
  let changed = 0;
  for (let i = 0; i < values.length; i++) {
    if (where(Math.floor(i / columns), i % columns)) {
      values[i] = (values[i] as number) + rng.nextFloat() + 0.5;
      changed++;
    }
  }
  expect(changed).toBeGreaterThan(0);
  return { ...weights, [name]: tf.tensor(values, weight.shape) };
}

function run(weights: SelfAttentionBlockWeights, x: tf.Tensor3D, gates?: SelfAttentionBlockGates): Float32Array {
  return tf.tidy(() => {
    const out = selfAttentionBlock({ x, attentionMask: sequentialAttentionMask(IDS, LENGTH), weights, heads: 2, training: false, dropout: 0.5, attentionDropout: 0.5, ...(gates ? { gates } : {}) });
    return Float32Array.from(out.dataSync());
  });
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - (b[i] as number))), 0);
}

describe('selfAttentionBlock', () => {
  let weights: SelfAttentionBlockWeights;
  let x: tf.Tensor3D;
  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
    weights = blockWeights(3);
    x = randomTensor(Rng.fromSeed(5), [BATCH, LENGTH, 8]) as tf.Tensor3D;
  });

  it('ignores every weight of a head whose keep gate is 0 (and not those of a kept head)', () => {
    const gates = { headKeep: tf.tensor2d([[1, 0]]) };
    const base = run(weights, x, gates);
    const head1 = (column: number): boolean => column >= 4;
    let changed = perturbed(weights, 'query.kernel', (_, c) => head1(c));
    changed = perturbed(changed, 'key.bias', (_, c) => head1(c));
    changed = perturbed(changed, 'value.kernel', (_, c) => head1(c));
    changed = perturbed(changed, 'output.kernel', (row) => row >= 4);
    expect(maxDifference(run(changed, x, gates), base)).toBeLessThan(1e-6);
    expect(maxDifference(run(perturbed(weights, 'value.kernel', (_, c) => c < 4), x, gates), base)).toBeGreaterThan(1e-3);
  });

  it('ignores the FFN channels its mask zeroes', () => {
    const gates = { ffnMask: tf.tensor2d([[1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]]) };
    const base = run(weights, x, gates);
    let changed = perturbed(weights, 'ffn1.kernel', (_, c) => c >= 5);
    changed = perturbed(changed, 'ffn1.bias', (_, c) => c >= 5);
    changed = perturbed(changed, 'ffn2.kernel', (row) => row >= 5);
    expect(maxDifference(run(changed, x, gates), base)).toBeLessThan(1e-6);
  });

  it('is the identity where layerKeep is 0 and the block where it is 1', () => {
    const out = run(weights, x, { layerKeep: tf.tensor1d([0, 1]) });
    const input = x.dataSync();
    const full = run(weights, x);
    const half = 5 * 8;
    expect(maxDifference(out.subarray(0, half), Float32Array.from(input.subarray(0, half)))).toBe(0);
    expect(maxDifference(out.subarray(half), full.subarray(half))).toBeLessThan(1e-6);
  });

  it('with a 0/1 hidden prefix mask ignores the pruned channels and outputs zeros there', () => {
    const width = 5;
    const mask = tf.tensor2d([Array.from({ length: 8 }, (_, c) => (c < width ? 1 : 0))]);
    const narrow = tf.mul(x, mask) as tf.Tensor3D; // a compact model's stream has no trailing channels
    const gates = { hiddenMask: mask };
    const base = run(weights, narrow, gates);
    let changed = perturbed(weights, 'query.kernel', (row) => row >= width);
    changed = perturbed(changed, 'ffn1.kernel', (row) => row >= width);
    changed = perturbed(changed, 'output.kernel', (_, c) => c >= width);
    changed = perturbed(changed, 'ffn2.bias', (_, c) => c >= width);
    changed = perturbed(changed, 'attentionNorm.gamma', (_, c) => c >= width);
    changed = perturbed(changed, 'ffnNorm.beta', (_, c) => c >= width);
    expect(maxDifference(run(changed, narrow, gates), base)).toBeLessThan(1e-5);
    base.forEach((value, i) => {
      if (i % 8 >= width) expect(Math.abs(value)).toBe(0);
    });
  });

  it('returns the last row of the full output with lastPositionOnly', () => {
    const full = run(weights, x);
    const last = tf.tidy(() =>
      Float32Array.from(selfAttentionBlock({ x, attentionMask: sequentialAttentionMask(IDS, LENGTH), weights, heads: 2, training: false, dropout: 0, attentionDropout: 0, lastPositionOnly: true }).dataSync()),
    );
    expect(last.length).toBe(BATCH * 8);
    for (let b = 0; b < BATCH; b++) expect(maxDifference(last.subarray(b * 8, b * 8 + 8), full.subarray((b * LENGTH + LENGTH - 1) * 8, (b * LENGTH + LENGTH) * 8))).toBeLessThan(1e-5);
  });

  it('with keyStart (fused causal attention) equals the additive-mask form at every real position', () => {
    const fused = tf.tidy(() =>
      Float32Array.from(selfAttentionBlock({ x, keyStart: [2, 0], weights, heads: 2, training: false, dropout: 0, attentionDropout: 0, gates: { headKeep: tf.tensor2d([[1, 0.5]]) } }).dataSync()),
    );
    const masked = run(weights, x, { headKeep: tf.tensor2d([[1, 0.5]]) });
    // Row 0's first two positions are padding (IDS); the fused form leaves them out of attention entirely.
    expect(maxDifference(fused.subarray(2 * 8), masked.subarray(2 * 8))).toBeLessThan(1e-5);
  });

  it('draws dropout from its rng only in training, reproducibly', () => {
    const forward = (training: boolean, seed: number): Float32Array =>
      tf.tidy(() => Float32Array.from(selfAttentionBlock({ x, attentionMask: sequentialAttentionMask(IDS, LENGTH), weights, heads: 2, training, dropout: 0.3, attentionDropout: 0.3, rng: Rng.fromSeed(seed) }).dataSync()));
    expect(maxDifference(forward(true, 1), forward(true, 1))).toBe(0);
    expect(maxDifference(forward(true, 1), forward(true, 2))).toBeGreaterThan(1e-3);
    expect(maxDifference(forward(false, 1), forward(false, 2))).toBe(0);
    expect(maxDifference(forward(false, 1), run(weights, x))).toBe(0);
  });

  it('differentiates the loss w.r.t. soft gates (finite differences)', () => {
    const rng = Rng.fromSeed(17);
    const gateShapes = { headKeep: [BATCH, 2], ffnMask: [1, 12], hiddenMask: [BATCH, 8], layerKeep: [BATCH] } as const;
    const names = Object.keys(gateShapes) as Array<keyof typeof gateShapes>;
    const gateValues = names.map((name) => Float32Array.from({ length: gateShapes[name].reduce((a: number, b: number) => a * b, 1) }, () => 0.3 + 0.6 * rng.nextFloat()));
    const probe = randomTensor(rng, [BATCH, LENGTH, 8]);
    const loss = (...gates: tf.Tensor[]): tf.Scalar => {
      const byName = Object.fromEntries(names.map((name, i) => [name, gates[i] as tf.Tensor])) as SelfAttentionBlockGates;
      const out = selfAttentionBlock({ x, attentionMask: sequentialAttentionMask(IDS, LENGTH), weights, heads: 2, training: false, dropout: 0, attentionDropout: 0, gates: byName });
      return tf.sum(tf.mul(out, probe)) as tf.Scalar;
    };
    const tensors = (values: Float32Array[]): tf.Tensor[] => values.map((v, i) => tf.tensor(v, [...gateShapes[names[i] as keyof typeof gateShapes]]));
    const analytic = tf.tidy(() => tf.grads(loss)(tensors(gateValues)).map((g) => Float32Array.from(g.dataSync())));
    const at = (values: Float32Array[]): number => tf.tidy(() => loss(...tensors(values)).dataSync()[0] as number);
    const eps = 1e-2;
    names.forEach((_, g) => {
      for (let i = 0; i < (gateValues[g] as Float32Array).length; i += 3) {
        const shifted = (delta: number): number => at(gateValues.map((v, k) => (k === g ? v.map((value, j) => (j === i ? value + delta : value)) : v)));
        const central = (h: number): number => (shifted(h) - shifted(-h)) / (2 * h);
        const numeric = (4 * central(eps / 2) - central(eps)) / 3; // Richardson extrapolation
        const exact = (analytic[g] as Float32Array)[i] as number;
        expect(Math.abs(exact - numeric)).toBeLessThanOrEqual(2e-2 * Math.max(Math.abs(exact), Math.abs(numeric)) + 2e-3);
      }
    });
  });

  it('leaks no tensors', () => {
    run(weights, x);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run(weights, x, { headKeep: tf.tensor2d([[1, 0.5]]) });
    expect(tf.memory().numTensors).toBe(before + 5); // only the 5 gate tensors created here
  });
});

describe('maskedLayerNorm', () => {
  it('with a 0/1 prefix mask equals LayerNorm over the active width, zeros after it', async () => {
    await initBackend({ logger: () => undefined });
    const rng = Rng.fromSeed(8);
    const width = 6;
    const x = randomTensor(rng, [3, 4, 10], 2) as tf.Tensor3D;
    const gamma = randomTensor(rng, [10]);
    const beta = randomTensor(rng, [10]);
    const mask = tf.tensor2d([Array.from({ length: 10 }, (_, c) => (c < width ? 1 : 0))]);
    const masked = maskedLayerNorm(x, gamma, beta, mask, 1e-12).dataSync();
    const compact = layerNorm(tf.slice(x, [0, 0, 0], [3, 4, width]), tf.slice(gamma, [0], [width]), tf.slice(beta, [0], [width]), 1e-12).dataSync();
    for (let row = 0; row < 12; row++) {
      for (let c = 0; c < 10; c++) {
        const value = masked[row * 10 + c] as number;
        if (c < width) expect(value).toBeCloseTo(compact[row * width + c] as number, 5);
        else expect(Math.abs(value)).toBe(0);
      }
    }
  });
});
