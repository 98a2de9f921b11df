import { RecnasError, type Rng } from '@recnas/core';
import { dropoutMask, tf, type DropoutDraw } from '@recnas/engine';

/**
 * One dropout mask's draw from `rng`: a 32-bit seed (one number from the stream) and the rate. The engine's
 * counter-based `dropoutMask` turns it into multipliers, so a mask costs one draw whatever its size, and the
 * fused layers can recompute it where they use it. Throws INVARIANT unless 0 <= rate < 1.
 */
export function drawDropout(rate: number, rng: Rng): DropoutDraw {
  if (!(rate >= 0 && rate < 1)) throw new RecnasError('INVARIANT', `dropout: rate must be in [0, 1), got ${rate}`);
  return { seed: rng.nextUint32(), rate };
}

/**
 * Inverted-dropout multipliers of `shape` drawn from `rng`: 0 with probability `rate`, else `1 / (1 - rate)`
 * (torch.nn.Dropout in training); rates resolve to 1 / 65536. Throws INVARIANT unless 0 <= rate < 1.
 */
export function dropoutMultipliers(shape: ReadonlyArray<number>, rate: number, rng: Rng): tf.Tensor {
  const size = shape.reduce((product, n) => product * n, 1);
  return tf.tensor(dropoutMask(drawDropout(rate, rng), size), [...shape], 'float32');
}

/**
 * Inverted dropout with a mask drawn from `rng` (never Math.random): each element is zeroed with
 * probability `rate` and the survivors are scaled by `1 / (1 - rate)`, as torch.nn.Dropout in training.
 * Identity when `rate` is 0. The same rng state gives the same mask, so training is reproducible.
 * Throws INVARIANT unless 0 <= rate < 1.
 */
export function seededDropout(x: tf.Tensor, rate: number, rng: Rng): tf.Tensor {
  if (rate === 0) return x;
  return tf.tidy(() => tf.mul(x, dropoutMultipliers(x.shape, rate, rng)));
}
