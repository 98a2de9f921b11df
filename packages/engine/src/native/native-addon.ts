import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The functions of packages/engine/native/recnas_native.c (Float32Arrays are used in place). */
export interface NativeAddon {
  /** out[i] = op(a[i]) x op(b[i]), row-major; a batch stride of 0 broadcasts that operand. */
  batchMatMul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: number,
    transposeB: number,
    aBatchStride: number,
    bBatchStride: number,
  ): void;
  /** out = a op b over `shape`, each operand read with its strides (0 = broadcast); ops as in recnas_native.c. */
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, shape: Int32Array, aStrides: Int32Array, bStrides: Int32Array): void;
  /** Row-wise softmax over contiguous rows of `width`. */
  softmaxRows(x: Float32Array, out: Float32Array, width: number): void;
  /** out = f(x); ops: 0 exp, 1 log, 2 sqrt, 3 sigmoid, 4 tanh, 5 relu, 6 step (x > 0 ? 1 : alpha). */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  /** In place: acc += (scale g)^2; w -= lr (scale g) / (sqrt(acc) + eps). */
  adagrad(weights: Float32Array, accumulator: Float32Array, gradient: Float32Array, learningRate: number, epsilon: number, scale: number): void;
  /**
   * In place adagrad on the entries (rows[r], columns[c]) of a row-major [*, width] weight; gradient is
   * [rows x columns]; an empty index array means the whole axis.
   */
  adagradSlice(
    weights: Float32Array,
    accumulator: Float32Array,
    gradient: Float32Array,
    rows: Int32Array,
    columns: Int32Array,
    width: number,
    learningRate: number,
    epsilon: number,
    scale: number,
  ): void;
  /** In place Adam with tfjs's bias correction; step counts from 1. */
  adam(
    weights: Float32Array,
    m: Float32Array,
    v: Float32Array,
    gradient: Float32Array,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    step: number,
  ): void;
  /** out = act(x w + bias), x [m, k], w [k, n], bias [n] or empty; relu 1 or 0. */
  dense(x: Float32Array, w: Float32Array, bias: Float32Array, out: Float32Array, m: number, n: number, k: number, relu: number): void;
  /** dx, dw and db (empty: no bias) of dense, given its output y and dy. */
  denseBackward(
    x: Float32Array,
    w: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dw: Float32Array,
    db: Float32Array,
    m: number,
    n: number,
    k: number,
    relu: number,
  ): void;
  /** out[b] = x_i . x_j for i > j (row-major strict lower triangle) of each [n, e] set of x [batch, n, e]. */
  pairwiseDots(x: Float32Array, out: Float32Array, batch: number, n: number, e: number): void;
  /** dx of pairwiseDots given dy [batch, n (n - 1) / 2]. */
  pairwiseDotsBackward(x: Float32Array, dy: Float32Array, dx: Float32Array, batch: number, n: number, e: number): void;
  /** Multi-head attention of [batch, queryRows, heads x d] queries over [batch, rows, heads x d] keys and values (see recnas_native.c). */
  attention(q: Float32Array, k: Float32Array, v: Float32Array, out: Float32Array, batch: number, rows: number, heads: number, queryRows?: number): void;
  /** dq, dk and dv of attention given dout. */
  attentionBackward(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    dout: Float32Array,
    dq: Float32Array,
    dk: Float32Array,
    dv: Float32Array,
    batch: number,
    rows: number,
    heads: number,
    queryRows?: number,
  ): void;
  /** Row-wise LayerNorm over rows of n: out = (x - mean) / sqrt(var + epsilon) gamma + beta. */
  layerNorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, out: Float32Array, n: number, epsilon: number): void;
  /** dx, dgamma and dbeta of layerNorm given dy. */
  layerNormBackward(
    x: Float32Array,
    gamma: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
    n: number,
    epsilon: number,
  ): void;
  /** The sum of x[i]^2, accumulated in double. */
  sumOfSquares(x: Float32Array): number;
  /** `count` runs of `run` values: src[srcOffset + i srcStride ..] -> dst[dstOffset + i dstStride ..] (bit copies). */
  copyRuns(src: Float32Array, srcOffset: number, srcStride: number, dst: Float32Array, dstOffset: number, dstStride: number, count: number, run: number): void;
  /** madvise(MADV_HUGEPAGE) over the 2 MiB-aligned part of `array`; returns whether the kernel accepted it. */
  adviseHugePages(array: Float32Array): boolean;
  /** out[s] = tables[s % fieldCount] row ids[s], for the [B x fieldCount] ids; rows of `dim` floats. */
  gatherRows(tables: ReadonlyArray<Float32Array>, ids: Int32Array, fieldCount: number, dim: number, out: Float32Array): void;
  /** target[ids[i]] += grad row i for ids >= minId, rows of `dim` floats, in order. */
  scatterAddRows(target: Float32Array, ids: Int32Array, grad: Float32Array, dim: number, minId: number): void;
  /** FBGEMM's exact row-wise Adagrad over the rows of `ids`, in place (see sparse-rows.ts). */
  rowwiseAdagrad(
    tables: ReadonlyArray<Float32Array>,
    accumulators: ReadonlyArray<Float32Array>,
    ids: Int32Array,
    grad: Float32Array,
    fieldCount: number,
    dim: number,
    learningRate: number,
    epsilon: number,
  ): void;
  /** out = 0.5 x (1 + erf(x / sqrt 2)) elementwise (native/gelu.c). */
  gelu(x: Float32Array, out: Float32Array): void;
  /** dx = dy gelu'(x) elementwise. */
  geluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** Causal attention over keys keyStart[b]..i with optional dropout multipliers (native/masked_attention.c). */
  maskedAttention(q: Float32Array, k: Float32Array, v: Float32Array, out: Float32Array, batch: number, rows: number, heads: number, keyStart: Int32Array, dropout: Float32Array): void;
  /** dq, dk and dv of maskedAttention given dout. */
  maskedAttentionBackward(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    dout: Float32Array,
    dq: Float32Array,
    dk: Float32Array,
    dv: Float32Array,
    batch: number,
    rows: number,
    heads: number,
    keyStart: Int32Array,
    dropout: Float32Array,
  ): void;
  /** maskedAttention with q, k, v packed side by side in qkv [batch, rows, 3E]. */
  maskedAttentionPacked(qkv: Float32Array, out: Float32Array, batch: number, rows: number, heads: number, keyStart: Int32Array, dropout: Float32Array): void;
  /** dqkv [batch, rows, 3E] of maskedAttentionPacked given dout. */
  maskedAttentionPackedBackward(qkv: Float32Array, dout: Float32Array, dqkv: Float32Array, batch: number, rows: number, heads: number, keyStart: Int32Array, dropout: Float32Array): void;
  /** Dropout multipliers from the counter-based bits of `seed` (dropout-mask.ts): keep when >= threshold, else 0. */
  dropoutMask(seed: number, threshold: number, keep: number, out: Float32Array): void;
  /** dropout(LN(x + positions)) for [x, positions, gamma, beta, out, normalized, rstd] (native/positional_norm.c). */
  positionalNorm(arrays: ReadonlyArray<Float32Array>, dims: Int32Array, epsilon: number, dropout: Float64Array): void;
  /** Its backward: [dy, normalized, rstd, gamma, dx, dpositions, dgamma, dbeta]. */
  positionalNormBackward(arrays: ReadonlyArray<Float32Array>, dims: Int32Array, dropout: Float64Array): void;
  /** out[k] = sum over rows of x [rows, cols] (double accumulators, row order; native/row_dots.c). */
  sumRows(x: Float32Array, out: Float32Array, cols: number): void;
  /** out[r] = a_r . b_r over rows of n (native/row_dots.c). */
  rowDots(a: Float32Array, b: Float32Array, out: Float32Array, n: number): void;
  /** da = dy_r b_r, db = dy_r a_r. */
  rowDotsBackward(a: Float32Array, b: Float32Array, dy: Float32Array, da: Float32Array, db: Float32Array, n: number): void;
  /**
   * SASRec's post-LN layer forward (native/sasrec_layer.c): inputs, then outputs and saved values; `dropout` is
   * [seed, threshold, keep] for the attention, output and FFN masks (keep 0 = no dropout there).
   */
  sasrecLayer(arrays: ReadonlyArray<Float32Array>, dims: Int32Array, keyStart: Int32Array, epsilon: number, dropout: Float64Array): void;
  /** Its backward: dout, inputs, saved values, then the gradients (see native/sasrec_layer.c). */
  sasrecLayerBackward(arrays: ReadonlyArray<Float32Array>, dims: Int32Array, keyStart: Int32Array, dropout: Float64Array): void;
  setThreads(threads: number): void;
  getThreads(): number;
  blasConfig(): string;
}

export type AddonLoad = { readonly ok: true; readonly addon: NativeAddon; readonly file: string } | { readonly ok: false; readonly reason: string };

// src/native/ and dist/native/ are both two levels below the package root.
const ADDON_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'native', 'build', 'Release', 'recnas_native.node');
/** How to get the fast path, for log lines and `recnas doctor`. */
export const NATIVE_BUILD_HINT =
  'install a C toolchain, python3 and libopenblas-dev, then run `node native/build.mjs` in @recnas/engine (it runs on install)';

let cached: AddonLoad | undefined;

/** Loads the native addon once per thread; never throws. `RECNAS_NATIVE=0` disables it. */
export function loadNativeAddon(env: Readonly<Record<string, string | undefined>> = process.env): AddonLoad {
  if (env['RECNAS_NATIVE'] === '0') return { ok: false, reason: 'disabled by RECNAS_NATIVE=0' };
  if (cached !== undefined) return cached;
  if (!existsSync(ADDON_FILE)) {
    cached = { ok: false, reason: `recnas_native.node is not built (${NATIVE_BUILD_HINT})` };
    return cached;
  }
  try {
    // OpenBLAS reads this when the addon loads it. Its default lets idle BLAS workers spin (sched_yield) for
    // 2^28 cycles after every GEMM, which on 2 cores takes the second core from the kernels that run between
    // GEMMs; 4 (its minimum, 2^4 cycles) parks them at once. Measured: DLRM step 20,348-21,078 -> 22,928-23,838
    // samples/s, best-subnet step 2.0 -> 1.65-1.75 s. A value the user set wins.
    process.env['OPENBLAS_THREAD_TIMEOUT'] ??= '4';
    const addon = createRequire(import.meta.url)(ADDON_FILE) as NativeAddon;
    cached = { ok: true, addon, file: ADDON_FILE };
  } catch (error) {
    cached = { ok: false, reason: `recnas_native.node did not load: ${(error as Error).message.split('\n')[0]}` };
  }
  return cached;
}
