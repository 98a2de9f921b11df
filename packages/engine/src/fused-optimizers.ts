import * as tf from '@tensorflow/tfjs-core';
import { floatValues, type CpuBackendLike } from './native/cpu-data.js';
import { loadNativeAddon, type NativeAddon } from './native/native-addon.js';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';

/** The addon and backend when the native backend is active and all `tensors` are float32 on it. */
function nativeTarget(tensors: ReadonlyArray<tf.Tensor>): { addon: NativeAddon; backend: CpuBackendLike } | undefined {
  if (tf.getBackend() !== NATIVE_BACKEND_NAME) return undefined;
  const loaded = loadNativeAddon();
  if (!loaded.ok) return undefined;
  const backend = tf.backend() as unknown as CpuBackendLike;
  return tensors.every((tensor) => floatValues(backend, tensor) !== undefined) ? { addon: loaded.addon, backend } : undefined;
}

/** A private copy of a tensor's values (tfjs tensors may share storage, e.g. a reshape of a variable). */
function copyOf(backend: CpuBackendLike, tensor: tf.Tensor): Float32Array {
  return Float32Array.from(floatValues(backend, tensor) as Float32Array);
}

/**
 * One Adagrad step for one variable, as torch.optim.Adagrad (NASRec's optimizer): with g = scale x
 * gradient, `accumulator += g^2; variable -= learningRate g / (sqrt(accumulator) + epsilon)`. On the native
 * backend this is one fused native pass (no temporaries); elsewhere it is the same formula in tfjs ops.
 */
export function applyAdagrad(variable: tf.Variable, accumulator: tf.Variable, gradient: tf.Tensor, learningRate: number, epsilon: number, scale = 1): void {
  const target = nativeTarget([variable, accumulator, gradient]);
  if (target !== undefined) {
    const weights = copyOf(target.backend, variable);
    const squares = copyOf(target.backend, accumulator);
    target.addon.adagrad(weights, squares, floatValues(target.backend, gradient) as Float32Array, learningRate, epsilon, scale);
    accumulator.assign(tf.tensor(squares, accumulator.shape, 'float32'));
    variable.assign(tf.tensor(weights, variable.shape, 'float32'));
    return;
  }
  tf.tidy(() => {
    const g = scale === 1 ? gradient : tf.mul(gradient, scale);
    const updated = tf.add(accumulator, tf.square(g));
    accumulator.assign(updated);
    variable.assign(tf.sub(variable, tf.div(tf.mul(g, learningRate), tf.add(tf.sqrt(updated), epsilon))));
  });
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
    const weights = copyOf(target.backend, variable);
    const m = copyOf(target.backend, slots.m);
    const v = copyOf(target.backend, slots.v);
    target.addon.adam(weights, m, v, floatValues(target.backend, gradient) as Float32Array, learningRate, beta1, beta2, epsilon, step);
    slots.m.assign(tf.tensor(m, variable.shape, 'float32'));
    slots.v.assign(tf.tensor(v, variable.shape, 'float32'));
    variable.assign(tf.tensor(weights, variable.shape, 'float32'));
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
