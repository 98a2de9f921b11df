import { RecnasError } from '@recnas/core';
import { layerNorm as fusedLayerNorm, tf } from '@recnas/engine';
import type { OperatorWeights, WeightInitializer } from '../operator.js';
import type { Activation } from '../activation.js';

/** PyTorch's LayerNorm default epsilon, as NASRec uses it. */
export const LAYER_NORM_EPSILON = 1e-5;

/** `prefix.name`, or `name` alone for an empty prefix. */
export function weightName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** The weight called `name`; a missing one is a bug in the caller's build/forward pairing (INVARIANT). */
export function weightOf(weights: OperatorWeights<tf.Tensor>, name: string, operatorId: string): tf.Tensor {
  const weight = weights[name];
  if (weight === undefined) {
    throw new RecnasError('INVARIANT', `operator "${operatorId}": weight "${name}" is missing; have ${Object.keys(weights).join(', ')}`);
  }
  return weight;
}

/** Input `index` of a forward call (the kind fixes how many there are). */
export function inputOf(inputs: ReadonlyArray<tf.Tensor>, index: number, operatorId: string): tf.Tensor {
  const input = inputs[index];
  if (input === undefined) throw new RecnasError('OPERATOR_SHAPE', `operator "${operatorId}": input ${index} is missing`);
  return input;
}

/** LayerNorm over the last axis with an affine `gamma`, `beta` (PyTorch `nn.LayerNorm`, eps 1e-5); fused on native. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  return fusedLayerNorm(x, gamma, beta, LAYER_NORM_EPSILON);
}

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === 'relu' ? tf.relu(x) : x;
}

/** What a fully connected layer carries besides its kernel. */
export interface FullyConnectedParts {
  readonly bias: boolean;
  readonly layerNorm: boolean;
  /** Initial LayerNorm gain (1 unless NASRec says otherwise, e.g. 0.17 in its Transformer). */
  readonly layerNormGain?: number;
}

/**
 * Weights of an FC layer `[fanIn, fanOut]` under `prefix`: `kernel`, optional `bias`, optional LayerNorm
 * `gamma`/`beta`. Kernel and bias use PyTorch's `nn.Linear` default, uniform in `±1/sqrt(fanIn)`, as
 * NASRec's `nn.LazyLinear` layers do.
 */
export function buildFullyConnected(
  init: WeightInitializer<tf.Tensor>,
  prefix: string,
  fanIn: number,
  fanOut: number,
  parts: FullyConnectedParts,
): Record<string, tf.Tensor> {
  const limit = 1 / Math.sqrt(Math.max(1, fanIn));
  const weights: Record<string, tf.Tensor> = { [weightName(prefix, 'kernel')]: init.uniform([fanIn, fanOut], limit) };
  if (parts.bias) weights[weightName(prefix, 'bias')] = init.uniform([fanOut], limit);
  if (parts.layerNorm) {
    weights[weightName(prefix, 'gamma')] = init.constant([fanOut], parts.layerNormGain ?? 1);
    weights[weightName(prefix, 'beta')] = init.zeros([fanOut]);
  }
  return weights;
}

/** `x [rows, fanIn] -> [rows, fanOut]`: matmul, then the bias and the LayerNorm the weights have. */
export function fullyConnected(x: tf.Tensor, weights: OperatorWeights<tf.Tensor>, prefix: string, operatorId: string): tf.Tensor {
  let y = tf.matMul(x as tf.Tensor2D, weightOf(weights, weightName(prefix, 'kernel'), operatorId) as tf.Tensor2D) as tf.Tensor;
  const bias = weights[weightName(prefix, 'bias')];
  if (bias !== undefined) y = tf.add(y, bias);
  const gamma = weights[weightName(prefix, 'gamma')];
  if (gamma !== undefined) y = layerNorm(y, gamma, weightOf(weights, weightName(prefix, 'beta'), operatorId));
  return y;
}

/** `[B, N, E] -> [B * E, N]`: the field axis last, so an FC acts over fields (NASRec's `transpose(1, 2)`). */
export function fieldsLast(sparse: tf.Tensor): tf.Tensor {
  const [batchSize = 0, fields = 0, embeddingDim = 0] = sparse.shape;
  return tf.reshape(tf.transpose(sparse, [0, 2, 1]), [batchSize * embeddingDim, fields]);
}

/** `[B * E, N] -> [B, N, E]`, the inverse of `fieldsLast`. */
export function fieldsBack(flat: tf.Tensor, batchSize: number, embeddingDim: number): tf.Tensor {
  const fields = flat.shape[1] ?? 0;
  return tf.transpose(tf.reshape(flat, [batchSize, embeddingDim, fields]), [0, 2, 1]);
}

/** Zero-pads the last axis of `x [B, d]` to `width` (NASRec's `_pad_2Dtensors_if_needed`). */
export function padFeatures(x: tf.Tensor, width: number): tf.Tensor {
  const features = x.shape[1] ?? 0;
  return features >= width ? x : tf.pad(x, [[0, 0], [0, width - features]]);
}

/** Multiplies the rows (axis 1) of `[B, W, E]` by a `[W]` mask. */
export function maskRows(x: tf.Tensor, widthMask: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.reshape(widthMask, [1, -1, 1]));
}
