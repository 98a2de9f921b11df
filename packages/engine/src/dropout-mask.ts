import { loadNativeAddon } from './native/native-addon.js';

/** Each Bernoulli draw uses 16 bits of a 32-bit hash (two draws per hash): rates resolve to 1 / 65536. */
export const DROPOUT_DRAW_SCALE = 65536;

/** One dropout mask: a 32-bit seed (drawn from the caller's seeded generator) and the drop rate in [0, 1). */
export interface DropoutDraw {
  readonly seed: number;
  readonly rate: number;
}

/**
 * The 32 random bits behind elements 2w and 2w + 1 of the mask with `seed`: Chris Wellons' `lowbias32` mixer
 * of `seed + w x 0x9e3779b9` (mod 2^32). Counter-based, so any element can be computed on its own: native
 * kernels fill masks in parallel (or inline, with no mask array) and every backend gets the same bits.
 */
export function dropoutBits(seed: number, word: number): number {
  let x = (seed + Math.imul(word, 0x9e3779b9)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Threshold and multiplier of `rate`: an element is kept (x `keep`) when its 16 bits are >= threshold. */
export function dropoutRule(rate: number): { readonly threshold: number; readonly keep: number } {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout: rate must be in [0, 1), got ${rate}`);
  return { threshold: Math.round(rate * DROPOUT_DRAW_SCALE), keep: Math.fround(1 / (1 - rate)) };
}

/**
 * Inverted-dropout multipliers `[size]` (torch.nn.Dropout in training): element e is `1 / (1 - rate)` when the
 * 16 bits of `dropoutBits(seed, e >> 1)` it takes (low for even e, high for odd) are at least
 * `round(rate x 65536)`, else 0. Filled natively (two threads) when the addon is built, else here; the two agree
 * bit for bit. Throws for a rate outside [0, 1).
 */
export function dropoutMask(draw: DropoutDraw, size: number): Float32Array {
  const { threshold, keep } = dropoutRule(draw.rate);
  const mask = new Float32Array(size);
  const native = loadNativeAddon();
  if (native.ok) {
    native.addon.dropoutMask(draw.seed >>> 0, threshold, keep, mask);
    return mask;
  }
  for (let e = 0; e < size; e += 2) {
    const bits = dropoutBits(draw.seed, e >>> 1);
    if ((bits & 0xffff) >= threshold) mask[e] = keep;
    if (e + 1 < size && bits >>> 16 >= threshold) mask[e + 1] = keep;
  }
  return mask;
}
