import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import type { CpuBackendLike } from '../../src/native/cpu-data.js';
import { loadNativeAddon, type NativeAddon } from '../../src/native/native-addon.js';
import { FAST_KERNELS } from '../../src/native/register-native-backend.js';
import { setUpBackends, skipNative } from './native-harness.js';

/** Calls the fast kernel itself (not the registered wrapper), so a silent fallback to stock is visible. */
function fastResult(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown> = {}): unknown {
  const config = FAST_KERNELS.find((candidate) => candidate.kernelName === kernelName);
  if (config === undefined) throw new Error(`no fast kernel ${kernelName}`);
  const loaded = loadNativeAddon();
  if (!loaded.ok) throw new Error(loaded.reason);
  return config.kernel({ inputs, backend: tf.backend() as unknown as CpuBackendLike, attrs }, loaded.addon as NativeAddon);
}

describe.skipIf(skipNative)('the native kernels handle the supernet-step layouts themselves', () => {
  beforeAll(async () => {
    await setUpBackends();
    tf.setBackend('native');
  });

  it('takes the fast path for the layouts a supernet step uses and declines unsupported dtypes', () => {
    tf.tidy(() => {
      const x = tf.ones([512, 64, 16]);
      expect(fastResult('Multiply', { a: x, b: tf.ones([1, 64, 1]) })).toBeDefined();
      expect(fastResult('Multiply', { a: tf.ones([512, 1, 16]), b: x })).toBeDefined();
      expect(fastResult('Add', { a: tf.ones([512, 33]), b: tf.ones([33]) })).toBeDefined();
      expect(fastResult('BatchMatMul', { a: tf.ones([1, 512, 783]), b: tf.ones([1, 783, 512]) }, { transposeA: false, transposeB: false })).toBeDefined();
      expect(fastResult('BatchMatMul', { a: tf.ones([1, 783, 512]), b: tf.ones([1, 783, 512]) }, { transposeA: true, transposeB: false })).toBeDefined();
      expect(fastResult('Softmax', { logits: tf.ones([512, 8, 26, 26]) }, { dim: -1 })).toBeDefined();
      expect(fastResult('SplitV', { x: tf.ones([512, 40]) }, { numOrSizeSplits: [16, 24], axis: 1 })).toBeDefined();
      expect(fastResult('Concat', { 0: tf.ones([512, 16]), 1: tf.ones([512, 416]) }, { axis: 1 })).toBeDefined();
      expect(fastResult('Add', { a: tf.ones([4], 'int32'), b: tf.ones([4], 'int32') })).toBeUndefined();
    });
  });
});
