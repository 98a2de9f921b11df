import { RecnasError } from '@recnas/core';
import { tf } from '@recnas/engine';

/**
 * LayerNorm over the last axis of `x [B, L, d]` whose channels are weighted by `mask [B or 1, d]`:
 * `mean = sum(m x) / sum(m)`, `var = sum(m (x - mean)^2) / sum(m)`, output
 * `m ((x - mean) / sqrt(var + epsilon) gamma + beta)`. With a 0/1 prefix mask of width w this is exactly
 * LayerNorm over the first w channels with zeros after them (a compact model's LayerNorm); with a soft mask
 * it interpolates (DNS-Rec's masked LayerNorm, docs/decisions/0010-dns-rec.md). Differentiable in every input.
 */
export function maskedLayerNorm(x: tf.Tensor3D, gamma: tf.Tensor, beta: tf.Tensor, mask: tf.Tensor, epsilon: number): tf.Tensor3D {
  const width = x.shape[2];
  if (mask.rank !== 2 || mask.shape[1] !== width || (mask.shape[0] !== 1 && mask.shape[0] !== x.shape[0])) {
    throw new RecnasError('INVARIANT', `maskedLayerNorm: mask [${mask.shape}] must be [${x.shape[0]} or 1, ${width}] for x [${x.shape}]`);
  }
  return tf.tidy(() => {
    const m = tf.reshape(mask, [mask.shape[0] ?? 1, 1, width]);
    // A tiny floor keeps an all-zero mask finite; real masks always keep at least one channel.
    const total = tf.maximum(tf.sum(m, -1, true), 1e-12);
    const mean = tf.div(tf.sum(tf.mul(x, m), -1, true), total);
    const centered = tf.sub(x, mean);
    const variance = tf.div(tf.sum(tf.mul(tf.square(centered), m), -1, true), total);
    const normalized = tf.mul(centered, tf.rsqrt(tf.add(variance, epsilon)));
    return tf.mul(tf.add(tf.mul(normalized, gamma), beta), m) as tf.Tensor3D;
  });
}
