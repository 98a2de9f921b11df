import { RecnasError } from '@recnas/core';
import { tf } from '@recnas/engine';

/**
 * Sets `variable` to a copy of `values` (same element count). The temporary handle is disposed, so the
 * variable is the sole owner of its storage again (the engine's fused optimizers then update it in place).
 */
export function assignValues(variable: tf.Variable, values: Float32Array, what: string): void {
  if (values.length !== variable.size) {
    throw new RecnasError('CHECKPOINT_CORRUPT', `${what}: expected ${variable.size} values for [${variable.shape}], got ${values.length}`);
  }
  const updated = tf.tensor(Float32Array.from(values), variable.shape, 'float32');
  variable.assign(updated);
  updated.dispose();
}
