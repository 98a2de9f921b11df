import { RecnasError, type Rng } from '@recnas/core';
import { tf } from '@recnas/engine';

/** Each Bernoulli draw uses 16 bits of a uint32 (two draws per number): rates resolve to 1 / 65536. */
const DRAW_SCALE = 65536;

/**
 * Inverted-dropout multipliers of `shape` drawn from `rng`: 0 with probability `rate`, else `1 / (1 - rate)`
 * (torch.nn.Dropout in training). Throws INVARIANT unless 0 <= rate < 1.
 */
export function dropoutMultipliers(shape: ReadonlyArray<number>, rate: number, rng: Rng): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RecnasError('INVARIANT', `dropout: rate must be in [0, 1), got ${rate}`);
  const size = shape.reduce((product, n) => product * n, 1);
  const mask = new Float32Array(size);
  const keep = 1 / (1 - rate);
  const threshold = Math.round(rate * DRAW_SCALE);
  const words = rng.fillUint32(new Uint32Array(Math.ceil(size / 2)));
  for (let w = 0, i = 0; w < words.length; w++, i += 2) {
    const bits = words[w] as number;
    if ((bits & 0xffff) >= threshold) mask[i] = keep;
    if (i + 1 < size && bits >>> 16 >= threshold) mask[i + 1] = keep;
  }
  return tf.tensor(mask, [...shape], 'float32');
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
