import type { SupernetPath } from '@recnas/core';
import type { WeightSlice } from '@recnas/engine';
import { tf } from '@recnas/engine';
import { forwardLogits, headLogits, variablesOfPath, type CtrNetwork } from '../ctr-network.js';
import { slicedFeatures, type SlicedPath } from '../sliced-path.js';
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
 * Mean BCE of `path` and its gradients with respect to the variables the path reads and to the embedding
 * input tensor (`tf.engine().gradients` with `allowNoGradients`, the primitive under `tf.variableGrads`,
 * which also differentiates w.r.t. a plain input tensor). Call inside `tf.tidy`.
 */
export function lossWithGradients(network: CtrNetwork, dense: tf.Tensor, embeddings: tf.Tensor, labels: tf.Tensor, path: SupernetPath): LossGradients {
  const variables = variablesOfPath(network, path);
  const result = tf
    .engine()
    .gradients(() => binaryCrossEntropyWithLogits(forwardLogits(network, dense, embeddings, path), labels), [embeddings, ...variables], undefined, true);
  const pairs: VariableGradient[] = [];
  variables.forEach((variable, i) => {
    const gradient = result.grads[i + 1];
    if (gradient !== undefined && gradient !== null) pairs.push([variable, gradient]);
  });
  return { loss: result.value as tf.Scalar, pairs, inputGradient: result.grads[0] ?? tf.zerosLike(embeddings) };
}

/**
 * As `lossWithGradients` for a sliced path: the gradients are taken with respect to the slices the step read
 * (`sliced.weights`), so each comes with the slice it belongs to. Call inside `tf.tidy`.
 */
export function slicedLossWithGradients(sliced: SlicedPath, dense: tf.Tensor, embeddings: tf.Tensor, labels: tf.Tensor): LossGradients {
  const xs = sliced.weights.map((weight) => weight.values);
  const result = tf
    .engine()
    .gradients(
      () => binaryCrossEntropyWithLogits(headLogits(slicedFeatures(sliced, dense, embeddings), sliced.headKernel, sliced.headBias), labels),
      [embeddings, ...xs],
      undefined,
      true,
    );
  const pairs: VariableGradient[] = [];
  sliced.weights.forEach((weight, i) => {
    const gradient = result.grads[i + 1];
    if (gradient !== undefined && gradient !== null) pairs.push(weight.slice === undefined ? [weight.variable, gradient] : [weight.variable, gradient, weight.slice]);
  });
  return { loss: result.value as tf.Scalar, pairs, inputGradient: result.grads[0] ?? tf.zerosLike(embeddings) };
}
