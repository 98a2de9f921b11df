import type { SupernetPath } from '@recnas/core';
import type { WeightSlice } from '@recnas/engine';
import { tf } from '@recnas/engine';
import { forwardLogits, headLogits, variablesOfPath, type CtrNetwork } from '../ctr-network.js';
import { slicedFeatures, type SlicedPath, type SlicedWeight } from '../sliced-path.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';

/** A variable's gradient: over the whole variable, or over the entries of `slice` only. */
export type VariableGradient = readonly [variable: tf.Variable, gradient: tf.Tensor, slice?: WeightSlice];

/** The loss of a batch and its gradients: per variable that received one, and w.r.t. the embedding input. */
export interface LossGradients {
  readonly loss: tf.Scalar;
  readonly pairs: ReadonlyArray<VariableGradient>;
  readonly inputGradient: tf.Tensor;
}

/**
 * The loss `lossOf()` and its gradients with respect to `embeddings` and each weight's `values`
 * (`tf.engine().gradients` with `allowNoGradients`, the primitive under `tf.variableGrads`, which also
 * differentiates w.r.t. a plain input tensor); a weight that gets no gradient is left out. Call inside `tf.tidy`.
 */
function lossAndGradients(lossOf: () => tf.Scalar, embeddings: tf.Tensor, weights: ReadonlyArray<SlicedWeight>): LossGradients {
  const result = tf.engine().gradients(lossOf, [embeddings, ...weights.map((weight) => weight.values)], undefined, true);
  const pairs: VariableGradient[] = [];
  weights.forEach((weight, i) => {
    const gradient = result.grads[i + 1];
    if (gradient !== undefined && gradient !== null) pairs.push(weight.slice === undefined ? [weight.variable, gradient] : [weight.variable, gradient, weight.slice]);
  });
  return { loss: result.value as tf.Scalar, pairs, inputGradient: result.grads[0] ?? tf.zerosLike(embeddings) };
}

/** Mean BCE of `path` in the masked layout and its gradients w.r.t. the variables the path reads and the embedding input. Call inside `tf.tidy`. */
export function lossWithGradients(network: CtrNetwork, dense: tf.Tensor, embeddings: tf.Tensor, labels: tf.Tensor, path: SupernetPath): LossGradients {
  const whole = variablesOfPath(network, path).map((variable) => ({ variable, slice: undefined, values: variable }));
  return lossAndGradients(() => binaryCrossEntropyWithLogits(forwardLogits(network, dense, embeddings, path), labels), embeddings, whole);
}

/**
 * As `lossWithGradients` for a sliced path: the gradients are taken with respect to the slices the step read
 * (`sliced.weights`), so each comes with the slice it belongs to. Call inside `tf.tidy`.
 */
export function slicedLossWithGradients(sliced: SlicedPath, dense: tf.Tensor, embeddings: tf.Tensor, labels: tf.Tensor): LossGradients {
  const lossOf = () => binaryCrossEntropyWithLogits(headLogits(slicedFeatures(sliced, dense, embeddings), sliced.headKernel, sliced.headBias), labels);
  return lossAndGradients(lossOf, embeddings, sliced.weights);
}
