import * as tf from '@tensorflow/tfjs-core';
import { floatValues, type CpuBackendLike } from './native/cpu-data.js';
import { loadNativeAddon, type NativeAddon } from './native/native-addon.js';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';

/** The addon and backend when the native backend is active and all `tensors` are float32 on it. */
export function nativeTarget(tensors: ReadonlyArray<tf.Tensor>): { addon: NativeAddon; backend: CpuBackendLike } | undefined {
  if (tf.getBackend() !== NATIVE_BACKEND_NAME) return undefined;
  const loaded = loadNativeAddon();
  if (!loaded.ok) return undefined;
  const backend = tf.backend() as unknown as CpuBackendLike;
  return tensors.every((tensor) => floatValues(backend, tensor) !== undefined) ? { addon: loaded.addon, backend } : undefined;
}

/**
 * The values of a variable to update in place, when nothing else can see them: tfjs tensors may share
 * storage (a reshape, or the tensor last assigned to the variable while its scope is open), and those must
 * keep their values. Otherwise a private copy, which `commit` then assigns.
 */
export function writableValues(backend: CpuBackendLike, variable: tf.Variable): { values: Float32Array; commit: () => void } {
  const values = floatValues(backend, variable) as Float32Array;
  if (backend.data.get(variable.dataId).refCount === 1) return { values, commit: () => undefined };
  const copy = Float32Array.from(values);
  return {
    values: copy,
    commit: () => {
      const updated = tf.tensor(copy, variable.shape, 'float32');
      variable.assign(updated);
      updated.dispose(); // the variable keeps the storage; disposing the handle makes it the sole owner
    },
  };
}

/**
 * One Adagrad step for one variable, as torch.optim.Adagrad (NASRec's optimizer): with g = scale x
 * gradient, `accumulator += g^2; variable -= learningRate g / (sqrt(accumulator) + epsilon)`. On the native
 * backend this is one fused native pass (no temporaries); elsewhere it is the same formula in tfjs ops.
 */
export function applyAdagrad(variable: tf.Variable, accumulator: tf.Variable, gradient: tf.Tensor, learningRate: number, epsilon: number, scale = 1): void {
  const target = nativeTarget([variable, accumulator, gradient]);
  if (target !== undefined) {
    const weights = writableValues(target.backend, variable);
    const squares = writableValues(target.backend, accumulator);
    target.addon.adagrad(weights.values, squares.values, floatValues(target.backend, gradient) as Float32Array, learningRate, epsilon, scale);
    squares.commit();
    weights.commit();
    return;
  }
  tf.tidy(() => {
    const g = scale === 1 ? gradient : tf.mul(gradient, scale);
    const updated = tf.add(accumulator, tf.square(g));
    accumulator.assign(updated);
    variable.assign(tf.sub(variable, tf.div(tf.mul(g, learningRate), tf.add(tf.sqrt(updated), epsilon))));
  });
}

/**
 * The sum of the squares of every element of `tensors` (a squared gradient norm, e.g. for clipping), as a
 * number. On the native backend one pass per tensor in double, without the squared temporaries of
 * `sum(square(x))` (a [6157, 6157] supernet weight's took 180 ms); elsewhere tfjs ops.
 */
export function sumOfSquares(tensors: ReadonlyArray<tf.Tensor>): number {
  if (tensors.length === 0) return 0;
  const target = nativeTarget(tensors);
  if (target !== undefined) return tensors.reduce((total, tensor) => total + target.addon.sumOfSquares(floatValues(target.backend, tensor) as Float32Array), 0);
  return tf.tidy(() => tf.addN(tensors.map((tensor) => tf.sum(tf.square(tensor)))).dataSync()[0] ?? 0);
}

/** Adam moments of one variable. */
export interface AdamSlots {
  readonly m: tf.Variable;
  readonly v: tf.Variable;
}

/**
 * One Adam step as tf.train.adam and torch.optim.Adam: `w -= lr m^ / (sqrt(v^) + epsilon)` with the
 * bias-corrected moments m^ = m / (1 - beta1^t), v^ = v / (1 - beta2^t); `step` t counts from 1. Fused
 * natively on the native backend; tfjs ops elsewhere.
 */
export function applyAdam(
  variable: tf.Variable,
  slots: AdamSlots,
  gradient: tf.Tensor,
  options: { readonly learningRate: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly step: number },
): void {
  const { learningRate, beta1, beta2, epsilon, step } = options;
  const target = nativeTarget([variable, slots.m, slots.v, gradient]);
  if (target !== undefined) {
    const weights = writableValues(target.backend, variable);
    const m = writableValues(target.backend, slots.m);
    const v = writableValues(target.backend, slots.v);
    target.addon.adam(weights.values, m.values, v.values, floatValues(target.backend, gradient) as Float32Array, learningRate, beta1, beta2, epsilon, step);
    m.commit();
    v.commit();
    weights.commit();
    return;
  }
  tf.tidy(() => {
    const m = tf.add(tf.mul(slots.m, beta1), tf.mul(gradient, 1 - beta1));
    const v = tf.add(tf.mul(slots.v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
    slots.m.assign(m);
    slots.v.assign(v);
    const mHat = tf.div(m, 1 - beta1 ** step);
    const vHat = tf.div(v, 1 - beta2 ** step);
    variable.assign(tf.sub(variable, tf.div(tf.mul(mHat, learningRate), tf.add(tf.sqrt(vHat), epsilon))));
  });
}
