import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { tf } from '@recnas/engine';
import { createWeightInitializer, createWidthMask, transformer, TransformerOptionsCodec } from '../../src/index.js';
import { describeOperatorContract } from '../../src/testing/index.js';

describeOperatorContract(transformer, {
  invalidOptions: [null, 42, { heads: 0 }, { heads: 2.5 }, { activation: 'tanh' }, { dropout: 0.1 }],
  gradientCheck: { options: { activation: 'identity' } },
});
describeOperatorContract(transformer, {
  options: { layerNorm: false, heads: 2 },
  shape: { embeddingDim: 4, inputFields: 4 },
  gradientCheck: { options: { layerNorm: false, heads: 2, activation: 'identity' } },
});

describe('transformer', () => {
  it('defaults to NASRec: 8 heads, LayerNorm, ReLU in the FFN', () => {
    expect(TransformerOptionsCodec.decode({})).toEqual(E.right({ heads: 8, layerNorm: true, activation: 'relu' }));
  });

  it('rejects heads that do not divide the embedding dim when building', () => {
    const options = { heads: 3, layerNorm: true, activation: 'relu' } as const;
    const decoded = TransformerOptionsCodec.decode(options);
    if (E.isLeft(decoded)) throw new Error('options should decode');
    const build = () =>
      transformer.build({
        inputWidth: 0, rightInputWidth: 0, inputFields: 2, embeddingDim: 16, maxWidth: 2, options: decoded.right,
        init: createWeightInitializer(Rng.fromSeed(1)),
      });
    expect(build).toThrow('heads 3 must divide the embedding dim 16');
  });

  it('counts FLOPs, params and bytes by hand for B=1, N=2, E=4, 2 heads, width=3', () => {
    const shape = { batchSize: 1, inputWidth: 0, rightInputWidth: 0, inputFields: 2, embeddingDim: 4, width: 3 };
    // Field projection over B*E = 4 columns: 2*4*2*3 = 48 + bias 12 = 60 (params 6 + 3).
    // 3 tokens of E = 4: in-projection 2*3*4*12 = 288 + bias 36 = 324 (params 48 + 12);
    // Q K^T and P V: 2 * (2*1*3*3*4) = 144, scaling 2*3*3 = 18, softmax 3*18 = 54 -> 216;
    // out-projection 2*3*4*4 = 96 + 12 = 108 (params 20); residual 12 + LayerNorm 60 = 72 (params 8);
    // FFN 108 + ReLU 12 + 108 (params 20 + 20); residual + LayerNorm 72 (params 8).
    // FLOPs 60 + 324 + 216 + 108 + 72 + 108 + 12 + 108 + 72 = 1080; params 145; bytes 4 * (8 + 145 + 12) = 660.
    const options = { heads: 2, layerNorm: false, activation: 'relu' } as const;
    const decoded = TransformerOptionsCodec.decode(options);
    if (E.isLeft(decoded)) throw new Error('options should decode');
    expect(transformer.cost({ ...shape, options: decoded.right })).toEqual({ flops: 1080, params: 145, bytesMoved: 660 });
  });

  it('computes only the kept rows: equal to running every row through the layer and masking (stock ops, values and gradients)', () => {
    const options = { heads: 2, layerNorm: true, activation: 'relu' } as const;
    const decoded = TransformerOptionsCodec.decode(options);
    if (E.isLeft(decoded)) throw new Error('options should decode');
    const [batchSize, fields, embeddingDim, maxWidth] = [3, 5, 4, 6];
    const rng = Rng.fromSeed(12);
    const weights = transformer.build({ inputWidth: 0, rightInputWidth: 0, inputFields: fields, embeddingDim, maxWidth, options: decoded.right, init: createWeightInitializer(rng) });
    // Move the biases and LayerNorm shifts off zero so that the zero rows' keys and values matter.
    const moved = Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, tf.add(w, tf.mul(tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 5), 1))]));
    const sparse = tf.randomNormal([batchSize, fields, embeddingDim], 0, 1, 'float32', 3);
    const norm = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
    };
    const w = (name: string) => moved[name] as tf.Tensor;
    // The layer over every row of maxWidth, then the row mask: the formulation the operator must equal.
    const reference = (input: tf.Tensor, width: number) => {
      const mask = createWidthMask(width, maxWidth);
      const columns = tf.reshape(tf.transpose(input, [0, 2, 1]), [batchSize * embeddingDim, fields]);
      const projected = tf.mul(norm(tf.matMul(columns, w('projection.kernel')), w('projection.gamma'), w('projection.beta')), mask);
      const rows = tf.transpose(tf.reshape(projected, [batchSize, embeddingDim, maxWidth]), [0, 2, 1]);
      const flat = tf.reshape(rows, [-1, embeddingDim]);
      const qkv = tf.add(tf.matMul(flat, w('attention.inKernel')), w('attention.inBias'));
      const heads = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [batchSize, maxWidth, 2, embeddingDim / 2]), [0, 2, 1, 3]);
      const [q, k, v] = tf.split(qkv, 3, 1).map(heads) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(embeddingDim / 2));
      const context = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [-1, embeddingDim]);
      const attention = tf.add(tf.matMul(context, w('attention.outKernel')), w('attention.outBias'));
      const attended = norm(tf.add(attention, flat), w('attentionNorm.gamma'), w('attentionNorm.beta'));
      const hidden = tf.relu(tf.add(tf.matMul(attended, w('ffn1.kernel')), w('ffn1.bias')));
      const out = norm(tf.add(attended, tf.add(tf.matMul(hidden, w('ffn2.kernel')), w('ffn2.bias'))), w('ffnNorm.gamma'), w('ffnNorm.beta'));
      return tf.mul(tf.reshape(out, [batchSize, maxWidth, embeddingDim]), tf.reshape(mask, [1, -1, 1]));
    };
    const target = tf.randomNormal([batchSize, maxWidth, embeddingDim], 0, 1, 'float32', 4);
    for (const width of [1, 3, 6]) {
      const run = (input: tf.Tensor) => transformer.forward({ weights: moved, inputs: [input], width, widthMask: createWidthMask(width, maxWidth), options: decoded.right });
      const actual = run(sparse);
      const expected = reference(sparse, width);
      expect(actual.shape).toEqual([batchSize, maxWidth, embeddingDim]);
      const gap = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] ?? 1;
      expect(gap).toBeLessThan(1e-5);
      // Gradients with respect to the input (through keys, values and the projection's LayerNorm over all rows).
      const gradient = (f: (x: tf.Tensor) => tf.Tensor) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x), target)))(sparse);
      const gradientGap = tf.max(tf.abs(tf.sub(gradient(run), gradient((x) => reference(x, width))))).dataSync()[0] ?? 1;
      expect(gradientGap).toBeLessThan(1e-4);
    }
  });
});
