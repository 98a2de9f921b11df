// Shared by the native kernel families (recnas_native.c: GEMM, elementwise, attention, LayerNorm, sparse
// rows; gelu.c: GELU; masked_attention.c: SASRec's causal, padded attention). Node-API argument helpers, the branch-free exp, and each family's entry points.
#ifndef RECNAS_NATIVE_H
#define RECNAS_NATIVE_H
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <node_api.h>

#define CHECK(call)                                                         \
  do {                                                                      \
    if ((call) != napi_ok) {                                                \
      napi_throw_error(env, "RECNAS_NATIVE", "recnas_native: " #call " failed"); \
      return NULL;                                                          \
    }                                                                       \
  } while (0)

// Compiles a hot loop for AVX-512, AVX2 and baseline x86-64, picked at load time for the CPU it runs on
// (the addon is built without -march=native so it stays portable); nothing elsewhere.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(RECNAS_NO_CLONES)
#define RECNAS_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RECNAS_CLONES
#endif

// parallel.c: runs run(context, r0, r1, part) over rows [0, rows): the second half (part 1) on a helper thread
// when rows >= min_rows and BLAS may use more than one thread, else all rows as part 0. Returns the parts used.
typedef void (*rows_fn)(void* context, int64_t r0, int64_t r1, int64_t part);
int parallel_rows(rows_fn run, void* context, int64_t rows, int64_t min_rows);

// Counter-based dropout (engine/src/dropout-mask.ts, bit for bit): element e of the mask with `seed` takes
// 16 bits of lowbias32(seed + (e >> 1) x 0x9e3779b9), the low half for even e; it is `keep` when they are
// >= threshold (round(rate x 65536)), else 0.
struct dropout_draw_s {
  uint32_t seed, threshold;
  float keep;
};
typedef struct dropout_draw_s dropout_draw;

static inline uint32_t dropout_bits(uint32_t seed, uint32_t word) {
  uint32_t x = seed + word * 0x9e3779b9u;
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}


// The multipliers of elements [base, base + count) of `draw` (uint32 arithmetic, so the loop vectorizes).
static inline void mask_span(const dropout_draw* draw, uint32_t base, int64_t count, float* restrict out) {
  const uint32_t seed = draw->seed, threshold = draw->threshold;
  const float keep = draw->keep;
  for (int64_t k = 0; k < count; k++) {
    const uint32_t e = base + (uint32_t)k;
    const uint32_t half = (dropout_bits(seed, e >> 1) >> ((e & 1u) << 4)) & 0xffffu;
    out[k] = half >= threshold ? keep : 0.0f;
  }
}

// LayerNorm of one row s[0, d) (float moments with vectorizable sums; GCC does not vectorize a float-to-double
// reduction): n = (s - mean) rstd, y = n gamma + beta; returns rstd. Used by the fused layers, whose backward reads
// the saved n and rstd.
static inline float layer_norm_row(const float* restrict s, int64_t d, float epsilon, const float* restrict gamma, const float* restrict beta,
                                   float* restrict n, float* restrict y) {
  float sum = 0.0f;
  for (int64_t k = 0; k < d; k++) sum += s[k];
  const float mean = sum / (float)d;
  float squares = 0.0f;
  for (int64_t k = 0; k < d; k++) squares += (s[k] - mean) * (s[k] - mean);
  const float rstd = 1.0f / sqrtf(squares / (float)d + epsilon);
  for (int64_t k = 0; k < d; k++) {
    n[k] = (s[k] - mean) * rstd;
    y[k] = n[k] * gamma[k] + beta[k];
  }
  return rstd;
}

// LayerNorm backward of one row from its saved n and rstd, given dy: ds = rstd (dn - mean(dn) - n mean(dn n)) with
// dn = dy gamma (dn: d floats of scratch); dgamma += dy n and dbeta += dy (double accumulators).
static inline void layer_norm_row_backward(const float* restrict dy, const float* restrict n, float rstd, const float* restrict gamma, int64_t d,
                                           float* restrict dn, float* restrict ds, double* restrict dgamma, double* restrict dbeta) {
  float g_sum = 0.0f, gx_sum = 0.0f;
  for (int64_t k = 0; k < d; k++) {
    dn[k] = dy[k] * gamma[k];
    g_sum += dn[k];
    gx_sum += dn[k] * n[k];
  }
  for (int64_t k = 0; k < d; k++) {
    dgamma[k] += (double)dy[k] * n[k];
    dbeta[k] += dy[k];
  }
  const float g_mean = g_sum / (float)d, gx_mean = gx_sum / (float)d;
  for (int64_t k = 0; k < d; k++) ds[k] = rstd * (dn[k] - g_mean - n[k] * gx_mean);
}

// Argument readers: return 0 after throwing a TypeError when the value has the wrong type.
int get_floats(napi_env env, napi_value value, float** data, size_t* length);
int get_int(napi_env env, napi_value value, int64_t* out);
int get_double(napi_env env, napi_value value, double* out);
// The Float32Arrays of a JavaScript array of `count`, their lengths in *lengths; one block: free() the result
// frees both. NULL after throwing.
float** get_float_arrays(napi_env env, napi_value array, uint32_t count, size_t** lengths);

// e^x for x <= 0 to ~2 ulp (Cephes expf's range reduction and polynomial), written branch-free so loops
// over it vectorize (glibc's expf does not): softmax over attention scores calls it W^2 times per head.
static inline float exp_nonpositive(float x) {
  // Written as `a > b ? a : b` (maxps) and floorf (roundps): other spellings of the clamp and the floor
  // become branches that stop GCC from vectorizing the loops that call this.
  x = x > -87.0f ? x : -87.0f;
  const float fx = x * 1.44269504088896341f + 0.5f;
  const float nf = __builtin_floorf(fx);
  const int n = (int)nf;
  float r = x - nf * 0.693359375f;
  r = r - nf * -2.12194440e-4f;
  const float z = r * r;
  float y = 1.9875691500e-4f;
  y = y * r + 1.3981999507e-3f;
  y = y * r + 8.3334519073e-3f;
  y = y * r + 4.1665795894e-2f;
  y = y * r + 1.6666665459e-1f;
  y = y * r + 5.0000001201e-1f;
  y = y * z + r + 1.0f;
  union {
    int32_t bits;
    float value;
  } scale = {.bits = (n + 127) << 23};
  return y * scale.value;
}

// erf as Eigen's/XLA's float rational approximation (odd degree-13 numerator over even degree-8
// denominator, x clamped to [-4, 4]), a few ulp, branch-free so loops over it vectorize.
static inline float erf_rational(float x) {
  x = x > -4.0f ? x : -4.0f;
  x = x < 4.0f ? x : 4.0f;
  const float x2 = x * x;
  float p = -2.72614225801306e-10f;
  p = p * x2 + 2.77068142495902e-08f;
  p = p * x2 + -2.10102402082508e-06f;
  p = p * x2 + -5.69250639462346e-05f;
  p = p * x2 + -7.34990630326855e-04f;
  p = p * x2 + -2.95459980854025e-03f;
  p = p * x2 + -1.60960333262415e-02f;
  p = p * x;
  float q = -1.45660718464996e-05f;
  q = q * x2 + -2.13374055278905e-04f;
  q = q * x2 + -1.68282697438203e-03f;
  q = q * x2 + -7.37332916720468e-03f;
  q = q * x2 + -1.42647390514189e-02f;
  return p / q;
}

#define INV_SQRT2 0.70710678118654752f
#define INV_SQRT_2PI 0.39894228040143268f

// GELU (erf form) and its derivative at x.
static inline float gelu_at(float x) { return 0.5f * x * (1.0f + erf_rational(x * INV_SQRT2)); }
static inline float gelu_slope(float x) { return 0.5f * (1.0f + erf_rational(x * INV_SQRT2)) + x * INV_SQRT_2PI * exp_nonpositive(-0.5f * x * x); }

// gelu.c
napi_value gelu(napi_env env, napi_callback_info info);
napi_value gelu_backward(napi_env env, napi_callback_info info);

// masked_attention.c
// One attention call: q, k, v rows `in_stride` apart (e, or 3e when packed [batch, rows, 3e]); out, dout
// rows e apart; drop the [batch, heads, rows, rows] dropout multipliers or NULL.
typedef struct {
  const float *q, *k, *v, *dout, *drop;
  // When drop is NULL: the counter-based draw of the [batch, heads, rows, rows] multipliers, or NULL (none).
  const dropout_draw* drop_draw;
  float *out, *dq, *dk, *dv;
  const int32_t* key_start;
  int64_t rows, heads, e, in_stride;
} masked_task;
typedef void (*range_fn)(const masked_task*, int64_t, int64_t);
// Examples [b0, b1) forward (out) or backward (dq, dk, dv accumulate: zero them first).
void masked_forward_range(const masked_task* task, int64_t b0, int64_t b1);
void masked_backward_range(const masked_task* task, int64_t b0, int64_t b1);
// Runs `run` over examples [0, batch), the second half on a helper thread when BLAS may use two threads.
void split_examples(range_fn run, const masked_task* task, int64_t batch);
napi_value masked_attention(napi_env env, napi_callback_info info);
napi_value masked_attention_backward(napi_env env, napi_callback_info info);
napi_value masked_attention_packed(napi_env env, napi_callback_info info);
napi_value masked_attention_packed_backward(napi_env env, napi_callback_info info);

// positional_norm.c
napi_value positional_norm(napi_env env, napi_callback_info info);
napi_value positional_norm_backward(napi_env env, napi_callback_info info);

// row_dots.c: per-row dot products, and column sums over rows
napi_value row_dots(napi_env env, napi_callback_info info);
napi_value row_dots_backward(napi_env env, napi_callback_info info);
napi_value sum_rows(napi_env env, napi_callback_info info);

// sasrec_layer.c (read_draws: `count` (seed, threshold, keep) triples from a Float64Array; 0 after throwing)
int read_draws(napi_env env, napi_value value, int count, dropout_draw* draws, int* active);
// read_arrays: `count` Float32Arrays of a JavaScript array, each of its `expected` length (a RangeError naming
// `what` and the array otherwise); free() the result. NULL after throwing.
float** read_arrays(napi_env env, napi_value array, uint32_t count, const int64_t* expected, const char* what);
napi_value dropout_mask(napi_env env, napi_callback_info info);
napi_value sasrec_layer(napi_env env, napi_callback_info info);
napi_value sasrec_layer_backward(napi_env env, napi_callback_info info);

#endif
