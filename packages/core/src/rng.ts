/**
 * The seeded random number generator every recnas component takes (never `Math.random`).
 *
 * Algorithm: xoshiro128** (Blackman & Vigna, 2018), a 128-bit-state generator with period 2^128 - 1,
 * seeded by expanding the 32-bit seed with SplitMix32 so that nearby seeds give unrelated streams.
 * The state is four uint32 words; `state()` / `Rng.fromState()` save and restore it exactly.
 * `fork(label)` derives an independent child stream from the parent's seed and a label, so that one run
 * seed drives data shuffling, weight init, sampling and search without the streams interfering.
 */
export type RngState = readonly [number, number, number, number];

function splitMix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a 32-bit hash of a string: used to derive fork seeds from labels. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(state: RngState, readonly seed: number) {
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  /** A generator for a 32-bit unsigned seed (other numbers are truncated to uint32). */
  static fromSeed(seed: number): Rng {
    const next = splitMix32(seed);
    const state: [number, number, number, number] = [next(), next(), next(), next()];
    if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1; // all-zero state is a fixed point
    return new Rng(state, seed >>> 0);
  }

  /** Restores a generator saved with `state()`; `seed` is kept for `fork`. */
  static fromState(state: RngState, seed: number): Rng {
    return new Rng(state, seed >>> 0);
  }

  /** The exact current state (four uint32 words). */
  state(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** An independent stream for a named purpose, e.g. `rng.fork('split')`. Does not advance this stream. */
  fork(label: string): Rng {
    return Rng.fromSeed((Math.imul(this.seed ^ 0x5bd1e995, 0x27d4eb2d) ^ fnv1a32(label)) >>> 0);
  }

  /**
   * Fills `out` with the next `out.length` uint32s: the same numbers, in order, as that many `nextUint32()`
   * calls, with the state advanced the same way. Bulk draws (dropout masks: millions per training step) run
   * on int32 locals, which V8 keeps unboxed; the fields' uint32 values above 2^31 would be heap numbers.
   */
  fillUint32(out: Uint32Array): Uint32Array {
    let s0 = this.s0 | 0;
    let s1 = this.s1 | 0;
    let s2 = this.s2 | 0;
    let s3 = this.s3 | 0;
    for (let i = 0; i < out.length; i++) {
      const m = Math.imul(s1, 5);
      out[i] = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
    return out;
  }

  /** Next uniformly distributed uint32. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    return result;
  }

  /** Uniform float in [0, 1) with 53 bits of precision. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling). `n` must be a positive integer <= 2^32. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new RangeError(`Rng.nextInt: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.nextFloat() < p;
  }

  /** Normal sample (Marsaglia polar method; the second variate is discarded so `state()` stays exact). */
  normal(mean = 0, std = 1): number {
    let u: number;
    let s: number;
    do {
      u = this.nextFloat() * 2 - 1;
      const v = this.nextFloat() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    return mean + std * u * Math.sqrt((-2 * Math.log(s)) / s);
  }

  /** One element chosen uniformly. Throws INVARIANT-style RangeError on an empty array. */
  pick<T>(items: ReadonlyArray<T>): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[this.nextInt(items.length)] as T;
  }

  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}
