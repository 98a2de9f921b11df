import { RecnasError, type Rng } from '@recnas/core';
import { dense, gelu, layerNorm, maskedSelfAttentionPacked, postLnTransformerLayer, tf } from '@recnas/engine';
import type { WeightInitializer } from '../operator.js';
import { maskedLayerNorm } from './masked-layer-norm.js';
import { drawDropout, dropoutMultipliers, seededDropout } from './seeded-dropout.js';
import { MASKED_SCORE } from './attention-mask.js';

/** ICLRec's LayerNorm epsilon (its own LayerNorm class, `eps=1e-12`). */
export const SEQUENTIAL_LAYER_NORM_EPSILON = 1e-12;
/** ICLRec's init: every dense kernel and embedding is Normal(0, 0.02) (`initializer_range`). */
export const SEQUENTIAL_INIT_STD = 0.02;

/** The sizes one self-attention block is built at: residual width d, attention width, head slices, FFN width f. */
export interface SelfAttentionBlockShape {
  readonly hiddenWidth: number;
  readonly attentionWidth: number;
  readonly maxHeads: number;
  readonly ffnWidth: number;
}

/**
 * The weight names of a block, each `[fanIn, fanOut]` for kernels: query/key/value `[d, attentionWidth]`,
 * output `[attentionWidth, d]`, ffn1 `[d, f]`, ffn2 `[f, d]`, biases and LayerNorm gamma/beta of the output
 * size. Every weight of a smaller block is the top-left corner of the same weight of a larger one.
 */
export const SELF_ATTENTION_BLOCK_WEIGHT_NAMES = [
  'query.kernel',
  'query.bias',
  'key.kernel',
  'key.bias',
  'value.kernel',
  'value.bias',
  'output.kernel',
  'output.bias',
  'attentionNorm.gamma',
  'attentionNorm.beta',
  'ffn1.kernel',
  'ffn1.bias',
  'ffn2.kernel',
  'ffn2.bias',
  'ffnNorm.gamma',
  'ffnNorm.beta',
] as const;

/** One name of `SELF_ATTENTION_BLOCK_WEIGHT_NAMES`. */
export type SelfAttentionBlockWeightName = (typeof SELF_ATTENTION_BLOCK_WEIGHT_NAMES)[number];
/** A block's weights by name (tf.Variables when built by `buildSelfAttentionBlock`). */
export type SelfAttentionBlockWeights = Readonly<Record<SelfAttentionBlockWeightName, tf.Tensor>>;

/**
 * Builds a block's weights as ICLRec initialises them: kernels Normal(0, 0.02), biases 0, LayerNorm 1 / 0,
 * drawn from `init` in `SELF_ATTENTION_BLOCK_WEIGHT_NAMES` order. Throws INVARIANT when `init` has no
 * `normal` initialiser or the attention width is not a multiple of `maxHeads`.
 */
export function buildSelfAttentionBlock(init: WeightInitializer<tf.Tensor>, shape: SelfAttentionBlockShape): Record<SelfAttentionBlockWeightName, tf.Tensor> {
  const { hiddenWidth: d, attentionWidth: a, maxHeads, ffnWidth: f } = shape;
  if (a % maxHeads !== 0) throw new RecnasError('INVARIANT', `self-attention block: attention width ${a} is not divisible by ${maxHeads} heads`);
  const normal = init.normal;
  if (normal === undefined) throw new RecnasError('INVARIANT', 'self-attention block: the weight initializer has no normal(shape, std)');
  const kernel = (fanIn: number, fanOut: number): tf.Tensor => normal.call(init, [fanIn, fanOut], SEQUENTIAL_INIT_STD);
  return {
    'query.kernel': kernel(d, a),
    'query.bias': init.zeros([a]),
    'key.kernel': kernel(d, a),
    'key.bias': init.zeros([a]),
    'value.kernel': kernel(d, a),
    'value.bias': init.zeros([a]),
    'output.kernel': kernel(a, d),
    'output.bias': init.zeros([d]),
    'attentionNorm.gamma': init.ones([d]),
    'attentionNorm.beta': init.zeros([d]),
    'ffn1.kernel': kernel(d, f),
    'ffn1.bias': init.zeros([f]),
    'ffn2.kernel': kernel(f, d),
    'ffn2.bias': init.zeros([d]),
    'ffnNorm.gamma': init.ones([d]),
    'ffnNorm.beta': init.zeros([d]),
  };
}

/**
 * Soft (or hard 0/1) gates of one block, each with a leading axis of B (per example) or 1 (shared):
 * `headKeep [., maxHeads]` multiplies each head's context, `ffnMask [., f]` the FFN's hidden channels,
 * `hiddenMask [., d]` the residual-stream channels (and makes both LayerNorms masked), `layerKeep [.]`
 * mixes `keep block(x) + (1 - keep) x`. Absent gates are 1.
 */
export interface SelfAttentionBlockGates {
  readonly headKeep?: tf.Tensor;
  readonly ffnMask?: tf.Tensor;
  readonly hiddenMask?: tf.Tensor;
  readonly layerKeep?: tf.Tensor;
}

/** What `selfAttentionBlock` is given. */
export interface SelfAttentionBlockInput {
  /** `[B, L, d]` residual stream. */
  readonly x: tf.Tensor3D;
  /**
   * Additive mask `[B, 1, L, L]` (`sequentialAttentionMask`), or absent when `keyStart` says the same for
   * left-padded rows: query i of example b attends keys `keyStart[b] .. i` (the engine's fused
   * `maskedSelfAttention`; padding query rows then attend nothing). One of the two is required.
   */
  readonly attentionMask?: tf.Tensor;
  /** First non-padding position of each example (rows left-padded): selects the fused causal attention. */
  readonly keyStart?: ReadonlyArray<number>;
  readonly weights: SelfAttentionBlockWeights;
  /** Head slices of the attention width (its `maxHeads`). */
  readonly heads: number;
  readonly training: boolean;
  /** Hidden dropout (after the output projection and after the FFN); ICLRec 0.5. */
  readonly dropout: number;
  /** Dropout of the attention probabilities; ICLRec 0.5. */
  readonly attentionDropout: number;
  /** Draws the dropout masks; required when training with a non-zero rate. */
  readonly rng?: Rng;
  readonly gates?: SelfAttentionBlockGates;
  /** Defaults to `SEQUENTIAL_LAYER_NORM_EPSILON` (1e-12). */
  readonly epsilon?: number;
  /**
   * Compute only the last position's output (`[B, 1, d]`): keys and values still come from every position.
   * What scoring the next item needs from the last layer (about a third of its work).
   */
  readonly lastPositionOnly?: boolean;
}

function rngOf(input: SelfAttentionBlockInput): Rng {
  if (input.rng === undefined) throw new RecnasError('INVARIANT', 'self-attention block: training with dropout needs an rng');
  return input.rng;
}

function dropoutOf(input: SelfAttentionBlockInput, x: tf.Tensor, rate: number): tf.Tensor {
  if (!input.training || rate === 0) return x;
  return seededDropout(x, rate, rngOf(input));
}

/** Per-example gate `[B or 1, n]` reshaped to broadcast against `[B, ..., n]` of `rank`. */
function broadcastGate(gate: tf.Tensor, rank: number, axisSize: number, name: string): tf.Tensor {
  if (gate.rank !== 2 || gate.shape[1] !== axisSize) throw new RecnasError('INVARIANT', `self-attention block: ${name} [${gate.shape}] must be [B or 1, ${axisSize}]`);
  const shape = [gate.shape[0] as number, ...new Array<number>(rank - 2).fill(1), axisSize];
  return tf.reshape(gate, shape);
}

/** `[B*L, a] -> [B, H, L, a / H]`. */
function splitHeads(x: tf.Tensor, batchSize: number, length: number, heads: number): tf.Tensor4D {
  const width = x.shape[1] as number;
  return tf.transpose(tf.reshape(x, [batchSize, length, heads, width / heads]), [0, 2, 1, 3]);
}

function residualNorm(input: SelfAttentionBlockInput, sum: tf.Tensor, names: readonly [SelfAttentionBlockWeightName, SelfAttentionBlockWeightName], shape: readonly [number, number, number]): tf.Tensor {
  const epsilon = input.epsilon ?? SEQUENTIAL_LAYER_NORM_EPSILON;
  const gamma = input.weights[names[0]];
  const beta = input.weights[names[1]];
  const mask = input.gates?.hiddenMask;
  if (mask === undefined) return layerNorm(sum, gamma, beta, epsilon);
  return tf.reshape(maskedLayerNorm(tf.reshape(sum, [...shape]) as tf.Tensor3D, gamma, beta, mask, epsilon), [shape[0] * shape[1], shape[2]]);
}

/** Scaled dot-product attention of the `queryLength` last positions (`flatQuery`) over all `length` positions. */
function attention(input: SelfAttentionBlockInput, flatQuery: tf.Tensor2D, flat: tf.Tensor2D, batchSize: number, queryLength: number, length: number): tf.Tensor2D {
  const { weights, heads } = input;
  const project = (name: 'query' | 'key' | 'value', rows: tf.Tensor2D): tf.Tensor2D =>
    dense(rows, weights[`${name}.kernel`] as tf.Tensor2D, weights[`${name}.bias`] as tf.Tensor1D);
  const width = weights['query.kernel'].shape[1] as number;
  const headKeep = input.gates?.headKeep;
  if (headKeep !== undefined && (headKeep.rank !== 2 || headKeep.shape[1] !== heads)) {
    throw new RecnasError('INVARIANT', `self-attention block: headKeep [${headKeep.shape}] must be [B or 1, ${heads}]`);
  }
  let merged: tf.Tensor;
  if (input.keyStart !== undefined && queryLength === length) {
    const rate = input.training ? input.attentionDropout : 0;
    const multipliers = rate > 0 ? dropoutMultipliers([batchSize, heads, length, length], rate, rngOf(input)) : undefined;
    // One GEMM for Q, K and V (their weights stay separate, so a smaller block's are still corners).
    const kernel = tf.concat([weights['query.kernel'], weights['key.kernel'], weights['value.kernel']], 1) as tf.Tensor2D;
    const bias = tf.concat([weights['query.bias'], weights['key.bias'], weights['value.bias']], 0) as tf.Tensor1D;
    const qkv = tf.reshape(dense(flat, kernel, bias), [batchSize, length, 3 * width]) as tf.Tensor3D;
    let context: tf.Tensor = maskedSelfAttentionPacked(qkv, heads, input.keyStart, multipliers);
    if (headKeep !== undefined) context = tf.mul(tf.reshape(context, [batchSize, length, heads, width / heads]), tf.reshape(headKeep, [headKeep.shape[0] as number, 1, heads, 1]));
    merged = tf.reshape(context, [batchSize * length, width]);
  } else {
    const query = splitHeads(tf.mul(project('query', flatQuery), 1 / Math.sqrt(width / heads)), batchSize, queryLength, heads);
    const key = splitHeads(project('key', flat), batchSize, length, heads);
    const value = splitHeads(project('value', flat), batchSize, length, heads);
    const scores = tf.add(tf.matMul(query, key, false, true), maskOf(input, queryLength, length));
    const probabilities = dropoutOf(input, tf.softmax(scores), input.attentionDropout) as tf.Tensor4D;
    let context: tf.Tensor = tf.matMul(probabilities, value);
    if (headKeep !== undefined) context = tf.mul(context, tf.reshape(headKeep, [headKeep.shape[0] as number, heads, 1, 1]));
    merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batchSize * queryLength, width]);
  }
  return dense(merged as tf.Tensor2D, weights['output.kernel'] as tf.Tensor2D, weights['output.bias'] as tf.Tensor1D);
}

/** The additive mask of the last `queryLength` query rows, `[B, 1, queryLength, L]`. */
function maskOf(input: SelfAttentionBlockInput, queryLength: number, length: number): tf.Tensor {
  if (input.attentionMask !== undefined) {
    return queryLength === length ? input.attentionMask : tf.slice(input.attentionMask, [0, 0, length - queryLength, 0], [-1, -1, queryLength, length]);
  }
  const keyStart = input.keyStart;
  if (keyStart === undefined) throw new RecnasError('INVARIANT', 'self-attention block: give attentionMask or keyStart');
  const values = new Float32Array(keyStart.length * queryLength * length);
  keyStart.forEach((start, b) => {
    for (let r = 0; r < queryLength; r++) {
      const i = length - queryLength + r;
      for (let j = 0; j < length; j++) if (j < start || j > i) values[(b * queryLength + r) * length + j] = MASKED_SCORE;
    }
  });
  return tf.tensor4d(values, [keyStart.length, 1, queryLength, length]);
}

function feedForward(input: SelfAttentionBlockInput, h: tf.Tensor2D, batchSize: number, length: number): tf.Tensor2D {
  const { weights } = input;
  let hidden = gelu(dense(h, weights['ffn1.kernel'] as tf.Tensor2D, weights['ffn1.bias'] as tf.Tensor1D));
  const ffnMask = input.gates?.ffnMask;
  if (ffnMask !== undefined) {
    const f = hidden.shape[1] as number;
    hidden = tf.reshape(tf.mul(tf.reshape(hidden, [batchSize, length, f]), broadcastGate(ffnMask, 3, f, 'ffnMask')), [batchSize * length, f]);
  }
  return dense(hidden as tf.Tensor2D, weights['ffn2.kernel'] as tf.Tensor2D, weights['ffn2.bias'] as tf.Tensor1D);
}

/**
 * The ungated, full-query, left-padded case as the engine's fused layer: Q, K, V packed into one projection,
 * the three dropout seeds drawn from the rng in the composed path's order (attention probabilities, output
 * projection, FFN), so both paths give the same result for the same rng state.
 */
function fusedBlock(input: SelfAttentionBlockInput, keyStart: ReadonlyArray<number>): tf.Tensor3D {
  const { weights: w, heads } = input;
  const attentionRate = input.training ? input.attentionDropout : 0;
  const hiddenRate = input.training ? input.dropout : 0;
  const attentionDropout = attentionRate > 0 ? drawDropout(attentionRate, rngOf(input)) : undefined;
  const outputDropout = hiddenRate > 0 ? drawDropout(hiddenRate, rngOf(input)) : undefined;
  const ffnDropout = hiddenRate > 0 ? drawDropout(hiddenRate, rngOf(input)) : undefined;
  return postLnTransformerLayer(
    input.x,
    {
      qkvKernel: tf.concat([w['query.kernel'], w['key.kernel'], w['value.kernel']], 1),
      qkvBias: tf.concat([w['query.bias'], w['key.bias'], w['value.bias']], 0),
      outputKernel: w['output.kernel'],
      outputBias: w['output.bias'],
      attentionNormGamma: w['attentionNorm.gamma'],
      attentionNormBeta: w['attentionNorm.beta'],
      ffn1Kernel: w['ffn1.kernel'],
      ffn1Bias: w['ffn1.bias'],
      ffn2Kernel: w['ffn2.kernel'],
      ffn2Bias: w['ffn2.bias'],
      ffnNormGamma: w['ffnNorm.gamma'],
      ffnNormBeta: w['ffnNorm.beta'],
    },
    {
      heads,
      keyStart,
      epsilon: input.epsilon ?? SEQUENTIAL_LAYER_NORM_EPSILON,
      ...(attentionDropout === undefined ? {} : { attentionDropout }),
      ...(outputDropout === undefined ? {} : { outputDropout }),
      ...(ffnDropout === undefined ? {} : { ffnDropout }),
    },
  );
}

/**
 * One post-LN transformer layer of SASRec as ICLRec writes it (docs/decisions/0010-dns-rec.md):
 * `h = LN(dropout(attention(x) W_o + b_o) + x)`, `out = LN(dropout(gelu(h W_1 + b_1) W_2 + b_2) + h)`, the
 * attention being `heads` heads side by side over the Q/K/V projections with scores `Q_h K_h^T / sqrt(hw)`
 * plus the additive mask, softmax and attention dropout. Gates (`SelfAttentionBlockGates`) prune heads, FFN
 * channels, residual channels and the whole layer; ungated, with `keyStart` and every query, it is the engine's
 * fused `postLnTransformerLayer` (one native kernel each way), else the engine's separate ops.
 * Dropout only when `training`. Returns `[B, L, d]` (`[B, 1, d]` with `lastPositionOnly`); differentiable
 * in x, the weights and the gates.
 */
export function selfAttentionBlock(input: SelfAttentionBlockInput): tf.Tensor3D {
  const [batchSize, length, width] = input.x.shape;
  if (input.weights['query.kernel'].shape[0] !== width) {
    throw new RecnasError('INVARIANT', `self-attention block: x [${input.x.shape}] does not match query.kernel [${input.weights['query.kernel'].shape}]`);
  }
  return tf.tidy(() => {
    const gated = input.gates !== undefined && Object.values(input.gates).some((gate) => gate !== undefined);
    if (input.keyStart !== undefined && input.lastPositionOnly !== true && !gated) return fusedBlock(input, input.keyStart);
    const queryLength = input.lastPositionOnly === true ? 1 : length;
    const shape = [batchSize, queryLength, width] as const;
    const flat = tf.reshape(input.x, [batchSize * length, width]) as tf.Tensor2D;
    const x = queryLength === length ? input.x : tf.slice(input.x, [0, length - 1, 0], [batchSize, 1, width]);
    const flatQuery = queryLength === length ? flat : (tf.reshape(x, [batchSize, width]) as tf.Tensor2D);
    const attended = dropoutOf(input, attention(input, flatQuery, flat, batchSize, queryLength, length), input.dropout);
    const h = residualNorm(input, tf.add(attended, flatQuery), ['attentionNorm.gamma', 'attentionNorm.beta'], shape) as tf.Tensor2D;
    const fed = dropoutOf(input, feedForward(input, h, batchSize, queryLength), input.dropout);
    const out = tf.reshape(residualNorm(input, tf.add(fed, h), ['ffnNorm.gamma', 'ffnNorm.beta'], shape), [...shape]) as tf.Tensor3D;
    const layerKeep = input.gates?.layerKeep;
    if (layerKeep === undefined) return out;
    if (layerKeep.rank !== 1 || (layerKeep.shape[0] !== 1 && layerKeep.shape[0] !== batchSize)) {
      throw new RecnasError('INVARIANT', `self-attention block: layerKeep [${layerKeep.shape}] must be [${batchSize} or 1]`);
    }
    const keep = tf.reshape(layerKeep, [layerKeep.shape[0] as number, 1, 1]);
    return tf.add(tf.mul(keep, out), tf.mul(tf.sub(1, keep), x)) as tf.Tensor3D;
  });
}
