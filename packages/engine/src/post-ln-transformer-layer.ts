import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { SASREC_LAYER, SASREC_LAYER_BACKWARD, SASREC_LAYER_SAVED, SASREC_LAYER_WEIGHTS } from './native/kernels/sasrec-layer-kernels.js';
import { dense } from './dense.js';
import { gelu } from './gelu.js';
import { layerNorm } from './layer-norm.js';
import { checkKeyStart, maskedSelfAttentionPacked } from './masked-self-attention.js';
import { dropoutMask, dropoutRule, type DropoutDraw } from './dropout-mask.js';

/**
 * The weights of one post-LN transformer layer: the Q, K, V projections packed side by side (`qkvKernel
 * [d, 3a]`, `qkvBias [3a]`), the output projection `[a, d]`, the two LayerNorms' gamma and beta `[d]`, and
 * the FFN `[d, f]`, `[f, d]` with biases.
 */
export interface PostLnLayerWeights {
  readonly qkvKernel: tf.Tensor;
  readonly qkvBias: tf.Tensor;
  readonly outputKernel: tf.Tensor;
  readonly outputBias: tf.Tensor;
  readonly attentionNormGamma: tf.Tensor;
  readonly attentionNormBeta: tf.Tensor;
  readonly ffn1Kernel: tf.Tensor;
  readonly ffn1Bias: tf.Tensor;
  readonly ffn2Kernel: tf.Tensor;
  readonly ffn2Bias: tf.Tensor;
  readonly ffnNormGamma: tf.Tensor;
  readonly ffnNormBeta: tf.Tensor;
}

/** How the layer runs: heads, the first real position of each (left-padded) example, LayerNorm epsilon, dropout. */
export interface PostLnLayerOptions {
  readonly heads: number;
  readonly keyStart: ReadonlyArray<number>;
  readonly epsilon: number;
  /** Dropout of the attention probabilities (a `[B, heads, L, L]` mask, `dropoutMask`); absent = none. */
  readonly attentionDropout?: DropoutDraw;
  /** Dropout after the output projection (`[B, L, d]`); absent = none. */
  readonly outputDropout?: DropoutDraw;
  /** Dropout after the FFN (`[B, L, d]`); absent = none. */
  readonly ffnDropout?: DropoutDraw;
}

const WEIGHT_FIELDS: ReadonlyArray<keyof PostLnLayerWeights> = [
  'qkvKernel', 'qkvBias', 'outputKernel', 'outputBias', 'attentionNormGamma', 'attentionNormBeta',
  'ffn1Kernel', 'ffn1Bias', 'ffn2Kernel', 'ffn2Bias', 'ffnNormGamma', 'ffnNormBeta',
];

function checkShapes(x: tf.Tensor, w: PostLnLayerWeights, options: PostLnLayerOptions): void {
  const [batch = 0, rows = 0, d = 0] = x.shape;
  const packed = w.qkvKernel.shape[1] ?? 0;
  const a = packed / 3;
  const f = w.ffn1Kernel.shape[1] ?? 0;
  const expected: ReadonlyArray<readonly [keyof PostLnLayerWeights, number[]]> = [
    ['qkvKernel', [d, packed]], ['qkvBias', [packed]], ['outputKernel', [a, d]], ['outputBias', [d]], ['attentionNormGamma', [d]], ['attentionNormBeta', [d]],
    ['ffn1Kernel', [d, f]], ['ffn1Bias', [f]], ['ffn2Kernel', [f, d]], ['ffn2Bias', [d]], ['ffnNormGamma', [d]], ['ffnNormBeta', [d]],
  ];
  const bad = expected.filter(([name, shape]) => w[name].shape.length !== shape.length || w[name].shape.some((size, i) => size !== shape[i]));
  if (x.rank !== 3 || !Number.isInteger(a) || bad.length > 0) {
    throw new Error(`postLnTransformerLayer: x [${x.shape}] and weights do not fit (${bad.map(([name, shape]) => `${name} [${w[name].shape}] should be [${shape}]`).join(', ')})`);
  }
  const { heads, keyStart } = options;
  if (!Number.isInteger(heads) || heads < 1 || a % heads !== 0) throw new Error(`postLnTransformerLayer: ${heads} heads must divide the attention width ${a}`);
  checkKeyStart(keyStart, batch, rows, 'postLnTransformerLayer');
  for (const draw of [options.attentionDropout, options.outputDropout, options.ffnDropout]) if (draw !== undefined) dropoutRule(draw.rate);
}

/** The same layer from the engine's differentiable ops (any backend). */
function composed(x: tf.Tensor3D, w: PostLnLayerWeights, options: PostLnLayerOptions): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch = 0, rows = 0, d = 0] = x.shape;
    const heads = options.heads;
    const flat = tf.reshape(x, [batch * rows, d]) as tf.Tensor2D;
    const multiply = (value: tf.Tensor, draw: DropoutDraw | undefined): tf.Tensor => (draw === undefined ? value : tf.mul(value, tf.tensor(dropoutMask(draw, value.size), value.shape, 'float32')));
    const qkv = tf.reshape(dense(flat, w.qkvKernel as tf.Tensor2D, w.qkvBias as tf.Tensor1D), [batch, rows, w.qkvKernel.shape[1] ?? 0]) as tf.Tensor3D;
    const attentionMask = options.attentionDropout === undefined ? undefined : tf.tensor4d(dropoutMask(options.attentionDropout, batch * heads * rows * rows), [batch, heads, rows, rows]);
    const context = maskedSelfAttentionPacked(qkv, heads, options.keyStart, attentionMask);
    const a = (w.qkvKernel.shape[1] ?? 0) / 3;
    const projected = dense(tf.reshape(context, [batch * rows, a]) as tf.Tensor2D, w.outputKernel as tf.Tensor2D, w.outputBias as tf.Tensor1D);
    const h = layerNorm(tf.add(multiply(projected, options.outputDropout), flat), w.attentionNormGamma, w.attentionNormBeta, options.epsilon) as tf.Tensor2D;
    const hidden = gelu(dense(h, w.ffn1Kernel as tf.Tensor2D, w.ffn1Bias as tf.Tensor1D)) as tf.Tensor2D;
    const fed = dense(hidden, w.ffn2Kernel as tf.Tensor2D, w.ffn2Bias as tf.Tensor1D);
    const out = layerNorm(tf.add(multiply(fed, options.ffnDropout), h), w.ffnNormGamma, w.ffnNormBeta, options.epsilon);
    return tf.reshape(out, [batch, rows, d]) as tf.Tensor3D;
  });
}

/** [seed, threshold, keep] per draw (keep 0 = no dropout), as native/sasrec_layer.c reads them. */
function nativeDropout(options: PostLnLayerOptions): number[] {
  return [options.attentionDropout, options.outputDropout, options.ffnDropout].flatMap((draw) => {
    if (draw === undefined) return [0, 0, 0];
    const { threshold, keep } = dropoutRule(draw.rate);
    return [draw.seed >>> 0, threshold, keep];
  });
}

function fused(x: tf.Tensor3D, w: PostLnLayerWeights, options: PostLnLayerOptions): tf.Tensor3D {
  const attrs = { heads: options.heads, keyStart: [...options.keyStart], epsilon: options.epsilon, dropout: nativeDropout(options) };
  const layer = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [input, ...weights] = args.slice(0, -1) as tf.Tensor[];
    const named: tf.NamedTensorMap = { x: input as tf.Tensor };
    SASREC_LAYER_WEIGHTS.forEach((name, i) => (named[name] = weights[i] as tf.Tensor));
    const [value, ...saved] = tf.engine().runKernel(SASREC_LAYER, named, attrs) as tf.Tensor[];
    // save() keeps clones while a gradient tape records; the originals are not read again.
    save([...saved, input as tf.Tensor, ...weights]);
    tf.dispose(saved);
    return {
      value: value as tf.Tensor,
      gradFunc: (dy, savedTensors) => {
        const list = savedTensors as tf.Tensor[];
        const backward: tf.NamedTensorMap = { dy: dy as tf.Tensor, x: list[SASREC_LAYER_SAVED.length] as tf.Tensor };
        SASREC_LAYER_SAVED.forEach((name, i) => (backward[name] = list[i] as tf.Tensor));
        SASREC_LAYER_WEIGHTS.forEach((name, i) => (backward[name] = list[SASREC_LAYER_SAVED.length + 1 + i] as tf.Tensor));
        return tf.engine().runKernel(SASREC_LAYER_BACKWARD, backward, attrs) as tf.Tensor[];
      },
    };
  });
  return layer(x, ...WEIGHT_FIELDS.map((field) => w[field])) as tf.Tensor3D;
}

/**
 * One post-LN transformer layer as BERT and ICLRec's SASRec write it, for left-padded `x [B, L, d]`:
 * `h = LN1(dropout(attention(x) Wo + bo) + x)`, `out = LN2(dropout(gelu(h W1 + b1) W2 + b2) + h)`, where the
 * attention is causal over keys `keyStart[b] .. i` with `heads` heads over the packed Q, K, V projection and
 * optional dropout on its probabilities (padding query rows attend nothing). Each dropout is a seed and a rate
 * (`dropoutMask`, counter-based), so the result is the same on every backend and no mask is stored: the native
 * kernels recompute the multipliers where they use them. Differentiable in x and every weight.
 * On the native backend it is one kernel forward and one backward (GEMMs on OpenBLAS, the rest over two
 * threads); elsewhere the engine's dense, attention, GELU and LayerNorm ops.
 */
export function postLnTransformerLayer(x: tf.Tensor3D, weights: PostLnLayerWeights, options: PostLnLayerOptions): tf.Tensor3D {
  checkShapes(x, weights, options);
  const native = tf.getBackend() === NATIVE_BACKEND_NAME && [x, ...WEIGHT_FIELDS.map((field) => weights[field])].every((tensor) => tensor.dtype === 'float32');
  return native ? fused(x, weights, options) : composed(x, weights, options);
}
