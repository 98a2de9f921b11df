import { Rng } from '@recnas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropoutBits, dropoutMask, positionalLayerNorm, postLnTransformerLayer, rowDots, tf, type PostLnLayerWeights } from '../../src/index.js';
import { expectSameAsStock, randomInput, runOn, setUpBackends, skipNative, withGradients, type Input } from './native-harness.js';

const FIELDS: ReadonlyArray<keyof PostLnLayerWeights> = [
  'qkvKernel', 'qkvBias', 'outputKernel', 'outputBias', 'attentionNormGamma', 'attentionNormBeta',
  'ffn1Kernel', 'ffn1Bias', 'ffn2Kernel', 'ffn2Bias', 'ffnNormGamma', 'ffnNormBeta',
];

function layerInputs(rng: Rng, batch: number, rows: number, d: number, a: number, f: number): Input[] {
  const shapes = [[batch, rows, d], [d, 3 * a], [3 * a], [a, d], [d], [d], [d], [d, f], [f], [f, d], [d], [d], [d]];
  return shapes.map((shape) => randomInput(rng, shape));
}

const draw = (rng: Rng, rate: number): { seed: number; rate: number } => ({ seed: rng.nextUint32(), rate });

const asWeights = (tensors: tf.Tensor[]): PostLnLayerWeights => Object.fromEntries(FIELDS.map((field, i) => [field, tensors[i] as tf.Tensor])) as unknown as PostLnLayerWeights;

describe.skipIf(skipNative)('native postLnTransformerLayer matches its composed form on cpu', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(2024);

  it('forward and the gradients of x and all twelve weights, with padding, with and without dropout', () => {
    for (let trial = 0; trial < 8; trial++) {
      const heads = 1 + rng.nextInt(3);
      const [batch, rows, d, a, f] = [1 + rng.nextInt(3), 1 + rng.nextInt(7), 2 + rng.nextInt(6), heads * (1 + rng.nextInt(4)), 1 + rng.nextInt(9)];
      const keyStart = Array.from({ length: batch }, () => rng.nextInt(rows + 1)); // rows = an all-padding example
      const dropout = trial % 2 === 1
        ? { attentionDropout: draw(rng, 0.5), outputDropout: draw(rng, 0.3), ffnDropout: draw(rng, 0.5) }
        : {};
      const layer = (x: tf.Tensor, ...weights: tf.Tensor[]): tf.Tensor =>
        postLnTransformerLayer(x as tf.Tensor3D, asWeights(weights), { heads, keyStart, epsilon: 1e-12, ...dropout });
      expectSameAsStock(withGradients(layer), layerInputs(rng, batch, rows, d, a, f), 2e-4);
    }
  });

  it('runs at SASRec widths over two threads (B 16, L 50, d 64, 2 heads, FFN 256) and agrees with the composed form', () => {
    const [batch, rows, d, a, f, heads] = [16, 50, 64, 64, 256, 2];
    const keyStart = Array.from({ length: batch }, () => rng.nextInt(rows));
    const dropout = { attentionDropout: draw(rng, 0.5), outputDropout: draw(rng, 0.5), ffnDropout: draw(rng, 0.5) };
    const layer = (x: tf.Tensor, ...weights: tf.Tensor[]): tf.Tensor => postLnTransformerLayer(x as tf.Tensor3D, asWeights(weights), { heads, keyStart, epsilon: 1e-12, ...dropout });
    expectSameAsStock(withGradients(layer), layerInputs(rng, batch, rows, d, a, f), 1e-3);
  });

  it('leaves no tensor behind, with or without a gradient tape', () => {
    const inputs = layerInputs(rng, 2, 4, 4, 4, 8);
    tf.setBackend('native');
    const tensors = inputs.map((input) => tf.tensor(input.values, input.shape, 'float32'));
    const before = tf.memory().numTensors;
    const options = { heads: 2, keyStart: [0, 2], epsilon: 1e-12, outputDropout: draw(rng, 0.5) };
    postLnTransformerLayer(tensors[0] as tf.Tensor3D, asWeights(tensors.slice(1)), options).dispose();
    const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(postLnTransformerLayer(xs[0] as tf.Tensor3D, asWeights(xs.slice(1)), options)))(tensors);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(tensors);
  });
});

describe.skipIf(skipNative)('edge cases the native kernels handle as the composed forms do', () => {
  beforeAll(setUpBackends);

  it('rejects a keyStart that is fractional, negative or past the rows, naming the entry', () => {
    tf.setBackend('native');
    const x = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    const weights = asWeights(layerInputs(Rng.fromSeed(1), 2, 3, 4, 4, 8).slice(1).map((input) => tf.tensor(input.values, input.shape)));
    for (const keyStart of [[0, 1.5], [0, -1], [0, 4]]) {
      expect(() => postLnTransformerLayer(x, weights, { heads: 2, keyStart, epsilon: 1e-12 })).toThrow(/keyStart\[1\]/);
    }
    tf.dispose([x, ...Object.values(weights)]);
  });

  it('a NaN input comes out as NaN in every row that attends it, not as a silently finite layer', () => {
    const rng = Rng.fromSeed(4);
    const inputs = layerInputs(rng, 2, 3, 4, 4, 8);
    (inputs[0] as Input).values[5] = Number.NaN; // example 0, row 1
    const layer = (x: tf.Tensor, ...weights: tf.Tensor[]): tf.Tensor => postLnTransformerLayer(x as tf.Tensor3D, asWeights(weights), { heads: 2, keyStart: [0, 0], epsilon: 1e-12 });
    const [native] = runOn('native', layer, inputs);
    const [stock] = runOn('cpu', layer, inputs);
    const rowIsNaN = (values: Float32Array, row: number): boolean => values.subarray(row * 4, (row + 1) * 4).every(Number.isNaN);
    // Rows 1 and 2 of example 0 attend key 1 (causal): NaN on both paths. Example 1 never sees it.
    for (const result of [native, stock]) {
      expect(rowIsNaN(result?.values as Float32Array, 1)).toBe(true);
      expect(rowIsNaN(result?.values as Float32Array, 2)).toBe(true);
      expect((result?.values as Float32Array).subarray(12).every(Number.isFinite)).toBe(true);
    }
    // Row 0 attends only key 0 natively; the composed form scores the masked future key too, so NaN leaks there.
    expect((native?.values as Float32Array).subarray(0, 4).every(Number.isFinite)).toBe(true);
    // A NaN query weight poisons every score while values stay finite: the softmax must not clamp it away.
    const poisoned = layerInputs(rng, 2, 3, 4, 4, 8);
    (poisoned[1] as Input).values[0] = Number.NaN; // qkvKernel [d, 3a]: row 0, query column 0
    expectSameAsStock(layer, poisoned);
    expect(runOn('native', layer, poisoned)[0]?.values.every(Number.isNaN)).toBe(true);
  });

  it('sums over a leading axis into an empty result, and takes dot products of empty rows', () => {
    expectSameAsStock((x) => tf.sum(x, 0), [{ shape: [3, 0], values: new Float32Array(0) }]);
    expectSameAsStock((a, b) => rowDots(a as tf.Tensor2D, b as tf.Tensor2D), [{ shape: [3, 0], values: new Float32Array(0) }, { shape: [3, 0], values: new Float32Array(0) }]);
  });
});

describe.skipIf(skipNative)('native rowDots matches sum(a * b, -1) on cpu', () => {
  beforeAll(setUpBackends);
  it('forward and both gradients on random shapes, including more rows than one thread takes', () => {
    const rng = Rng.fromSeed(3);
    for (const [rows, n] of [[1, 1], [7, 5], [9000, 3]] as const) {
      expectSameAsStock(withGradients((a, b) => rowDots(a as tf.Tensor2D, b as tf.Tensor2D)), [randomInput(rng, [rows, n]), randomInput(rng, [rows, n])]);
    }
  });
});

describe.skipIf(skipNative)('native positionalLayerNorm matches its composed form on cpu', () => {
  beforeAll(setUpBackends);
  it('forward and the gradients of x, positions, gamma and beta, with and without dropout, over one and two threads', () => {
    const rng = Rng.fromSeed(11);
    for (const [batch, length, d] of [[1, 1, 1], [2, 3, 5], [3, 7, 4], [40, 20, 8]] as const) {
      for (const dropout of [undefined, { seed: rng.nextUint32(), rate: 0.5 }]) {
        const op = (x: tf.Tensor, positions: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor =>
          positionalLayerNorm(x as tf.Tensor3D, positions as tf.Tensor2D, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-12, dropout);
        expectSameAsStock(withGradients(op), [randomInput(rng, [batch, length, d]), randomInput(rng, [length, d]), randomInput(rng, [d]), randomInput(rng, [d])], 2e-4);
      }
    }
  });
});

describe('dropoutMask', () => {
  it('hashes seed + word x 0x9e3779b9 with lowbias32 (checked against the mixer in BigInt arithmetic)', () => {
    expect(dropoutBits(0, 0)).toBe(0); // 0 stays 0 through every step
    const big = (v: bigint): bigint => v & 0xffffffffn;
    let x = 1n;
    x ^= x >> 16n; x = big(x * 0x7feb352dn); x ^= x >> 15n; x = big(x * 0x846ca68bn); x ^= x >> 16n;
    expect(dropoutBits(1, 0)).toBe(Number(x));
    let y = big(123456789n + 77n * 0x9e3779b9n);
    y ^= y >> 16n; y = big(y * 0x7feb352dn); y ^= y >> 15n; y = big(y * 0x846ca68bn); y ^= y >> 16n;
    expect(dropoutBits(123456789, 77)).toBe(Number(y));
  });

  it('keeps element e when its 16 bits (low half for even e) reach round(rate x 65536), natively or not', () => {
    const seed = 0xdeadbeef;
    const size = 100_001;
    const mask = dropoutMask({ seed, rate: 0.37 }, size);
    const threshold = Math.round(0.37 * 65536);
    const keep = Math.fround(1 / (1 - 0.37));
    const expected = Float32Array.from({ length: size }, (_, e) => {
      const bits = dropoutBits(seed, e >> 1);
      return ((e & 1) === 0 ? bits & 0xffff : bits >>> 16) >= threshold ? keep : 0;
    });
    expect(mask).toEqual(expected);
    const kept = mask.filter((value) => value > 0).length / size;
    expect(Math.abs(kept - 0.63)).toBeLessThan(0.01);
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => dropoutMask({ seed: 1, rate: 1 }, 2)).toThrow(/rate/);
    expect(() => dropoutMask({ seed: 1, rate: -0.1 }, 2)).toThrow(/rate/);
  });
});
