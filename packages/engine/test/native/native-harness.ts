import { Rng } from '@recnas/core';
import { expect } from 'vitest';
import { initBackend, tf } from '../../src/index.js';
import { loadNativeAddon } from '../../src/native/native-addon.js';

/**
 * Whether the native kernel tests run: they need the built addon. With RECNAS_REQUIRE_NATIVE=1 (CI, which
 * installs libopenblas-dev) a missing addon fails the suite instead of skipping it.
 */
export const nativeAvailable = loadNativeAddon().ok;
export const skipNative = !nativeAvailable && process.env['RECNAS_REQUIRE_NATIVE'] !== '1';
if (skipNative) process.stderr.write(`[engine tests] native kernel tests skipped: ${(loadNativeAddon() as { reason: string }).reason}\n`);

/** Activates both backends once (stock cpu first so its kernels exist when native copies them). */
export async function setUpBackends(): Promise<void> {
  await initBackend({ backend: 'cpu', logger: () => undefined });
  await initBackend({ backend: 'native', logger: () => undefined });
}

/** A plain description of a tensor input, created anew on each backend. */
export interface Input {
  readonly shape: number[];
  readonly values: Float32Array;
}

export function randomInput(rng: Rng, shape: number[]): Input {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, values: Float32Array.from({ length: size }, () => rng.nextFloat() * 2 - 1) };
}

/** Runs `f` on `backend` with fresh tensors of `inputs`; returns shape and values of each output. */
export function runOn(backend: string, f: (...tensors: tf.Tensor[]) => tf.Tensor | tf.Tensor[], inputs: ReadonlyArray<Input>): Array<{ shape: number[]; values: Float32Array }> {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const tensors = inputs.map((input) => tf.tensor(input.values, input.shape, 'float32'));
    const outputs = [f(...tensors)].flat();
    return outputs.map((output) => ({ shape: output.shape, values: Float32Array.from(output.dataSync()) }));
  });
}

/** Expects `f` to give the same shapes and (within float tolerance) values on stock cpu and native. */
export function expectSameAsStock(f: (...tensors: tf.Tensor[]) => tf.Tensor | tf.Tensor[], inputs: ReadonlyArray<Input>, tolerance = 1e-4): void {
  const stock = runOn('cpu', f, inputs);
  const native = runOn('native', f, inputs);
  expect(native.length).toBe(stock.length);
  stock.forEach((expected, i) => {
    const actual = native[i] as { shape: number[]; values: Float32Array };
    expect(actual.shape).toEqual(expected.shape);
    let worst = 0;
    for (let j = 0; j < expected.values.length; j++) {
      const e = expected.values[j] as number;
      const a = actual.values[j] as number;
      if (Number.isNaN(e)) {
        expect(a).toBeNaN();
        continue;
      }
      worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e)));
    }
    expect(worst).toBeLessThanOrEqual(tolerance);
  });
}

/** Gradients of sum(f(...) * weights) with respect to every input, as extra outputs to compare. */
export function withGradients(f: (...tensors: tf.Tensor[]) => tf.Tensor): (...tensors: tf.Tensor[]) => tf.Tensor[] {
  return (...tensors) => {
    const output = f(...tensors);
    const weights = tf.reshape(tf.linspace(-1, 1, output.size), output.shape);
    const gradients = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(tensors);
    return [output, ...gradients];
  };
}
