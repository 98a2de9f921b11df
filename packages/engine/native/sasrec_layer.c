// SASRec's post-LN transformer layer (ICLRec's), fused: one call forward, one backward, instead of ~25 tfjs
// kernels with a fresh tensor each. For x [N = B x L rows, d]:
//   qkv = x Wqkv + bqkv                       [N, 3a]  (q, k, v side by side; one GEMM)
//   ctx = maskedAttention(qkv, heads, keyStart, attention dropout)            [N, a]
//   h   = LN1((ctx Wo + bo) m1 + x)           [N, d]   (m1: hidden dropout multipliers)
//   z1  = h W1 + b1,  g = gelu(z1)            [N, f]
//   out = LN2((g W2 + b2) m2 + h)             [N, d]
// GEMMs go to OpenBLAS (its threads); the per-row parts (bias, dropout, residual, LayerNorm, GELU, column
// sums) run over two threads (parallel.c); the attention core is masked_attention.c's. Dropout is counter-based
// (recnas_native.h's dropout_bits and mask_span, engine/src/dropout-mask.ts): each mask is a seed drawn in
// TypeScript from recnas's seeded Rng, its elements are computed where they are used, forward and again backward,
// so no mask is stored and results equal the composed tfjs form with the same seeds. LayerNorm moments are float
// (vectorized sums); the column sums of the bias, gamma and beta gradients accumulate in double.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "recnas_native.h"

// Below this many rows a per-row stage stays on the calling thread (a thread start costs ~30 us).
#define MIN_PARALLEL_ROWS 256

// ---------------------------------------------------------------------------------------------------------
// Dropout multipliers

typedef struct {
  dropout_draw draw;
  float* mask;
  int64_t size;
} mask_context;

RECNAS_CLONES static void mask_words(void* context, int64_t w0, int64_t w1, int64_t part) {
  (void)part;
  const mask_context* m = (const mask_context*)context;
  const int64_t end = 2 * w1 < m->size ? 2 * w1 : m->size;
  mask_span(&m->draw, (uint32_t)(2 * w0), end - 2 * w0, m->mask + 2 * w0);
}

// Fills mask[0, size) with the multipliers of `draw`, over two threads when it is large.
static void fill_mask(const dropout_draw* draw, float* mask, int64_t size) {
  mask_context context = {*draw, mask, size};
  parallel_rows(mask_words, &context, (size + 1) / 2, 65536);
}

// dropoutMask(seed, threshold, keep, out).
napi_value dropout_mask(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float* out;
  size_t lo;
  int64_t seed, threshold;
  double keep;
  if (!get_int(env, argv[0], &seed) || !get_int(env, argv[1], &threshold) || !get_double(env, argv[2], &keep) || !get_floats(env, argv[3], &out, &lo))
    return NULL;
  if (seed < 0 || seed > UINT32_MAX || threshold < 0 || threshold > 65536) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.dropoutMask: seed must be a uint32 and threshold in [0, 65536]");
    return NULL;
  }
  const dropout_draw draw = {(uint32_t)seed, (uint32_t)threshold, (float)keep};
  fill_mask(&draw, out, (int64_t)lo);
  return NULL;
}

// `count` draws from a Float64Array of [seed, threshold, keep] x count; keep 0 = no dropout there.
int read_draws(napi_env env, napi_value value, int count, dropout_draw* draws, int* active) {
  napi_typedarray_type type;
  size_t length;
  void* data = NULL;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, NULL, NULL) != napi_ok || type != napi_float64_array || length != (size_t)(3 * count)) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native: dropout must be a Float64Array of (seed, threshold, keep) per mask");
    return 0;
  }
  const double* raw = (const double*)data;
  for (int i = 0; i < count; i++) {
    const double seed = raw[3 * i], threshold = raw[3 * i + 1], keep = raw[3 * i + 2];
    if (!(seed >= 0 && seed <= 4294967295.0 && threshold >= 0 && threshold <= 65536 && keep >= 0 && keep < INFINITY)) {
      napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native: a dropout draw needs a uint32 seed, a threshold in [0, 65536] and a finite keep");
      return 0;
    }
    draws[i] = (dropout_draw){(uint32_t)raw[3 * i], (uint32_t)raw[3 * i + 1], (float)raw[3 * i + 2]};
    active[i] = raw[3 * i + 2] != 0.0;
  }
  return 1;
}

// ---------------------------------------------------------------------------------------------------------
// Per-row stages

typedef struct {
  int64_t n, d, a, f;
  float epsilon;
  // forward
  const float *x, *residual, *gamma, *beta, *bias;
  const dropout_draw* mask;  // the dropout of the rows' values (element r x d + k), or NULL
  float *t, *normalized, *rstd, *y, *z, *g;
  // backward
  const float *dy, *saved_normalized, *saved_rstd, *z_saved;
  float *dsum, *dmasked, *dz;
  double* partials;  // per part: 3 x d (dgamma, dbeta, dbias) or f (dbias of the FFN)
  int64_t partial_width;
} row_context;

// out rows = bias (the GEMM then accumulates into them with beta = 1).
static void fill_bias(float* out, const float* bias, int64_t rows, int64_t width) {
  for (int64_t r = 0; r < rows; r++) memcpy(out + r * width, bias, sizeof(float) * (size_t)width);
}

// s = t m + residual (m absent: t + residual); n = (s - mean) rstd; y = n gamma + beta.
RECNAS_CLONES static void residual_norm_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  (void)part;
  const row_context* c = (const row_context*)context;
  const int64_t d = c->d;
  float* m = (float*)malloc(sizeof(float) * (size_t)d);
  for (int64_t r = r0; r < r1; r++) {
    float* restrict s = c->t + r * d;
    const float* restrict res = c->residual + r * d;
    if (c->mask != NULL) {
      mask_span(c->mask, (uint32_t)(r * d), d, m);
      for (int64_t k = 0; k < d; k++) s[k] = s[k] * m[k] + res[k];
    } else {
      for (int64_t k = 0; k < d; k++) s[k] = s[k] + res[k];
    }
    const float rstd = layer_norm_row(s, d, c->epsilon, c->gamma, c->beta, c->normalized + r * d, c->y + r * d);
    c->rstd[r] = rstd;
  }
  free(m);
}

// g = gelu(z) over rows of f.
RECNAS_CLONES static void gelu_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  (void)part;
  const row_context* c = (const row_context*)context;
  const int64_t f = c->f;
  for (int64_t i = r0 * f; i < r1 * f; i++) c->g[i] = gelu_at(c->z[i]);
}

// g = gelu(z) and slope = gelu'(z) over rows of f, one erf per element (the backward pass needs both).
RECNAS_CLONES static void gelu_and_slope_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  (void)part;
  const row_context* c = (const row_context*)context;
  const int64_t f = c->f;
  const float* restrict z = c->z_saved;
  float* restrict g = c->g;
  float* restrict slope = c->dsum;
  for (int64_t i = r0 * f; i < r1 * f; i++) {
    const float x = z[i];
    const float cdf = 0.5f * (1.0f + erf_rational(x * INV_SQRT2));
    g[i] = x * cdf;
    slope[i] = cdf + x * INV_SQRT_2PI * exp_nonpositive(-0.5f * x * x);
  }
}

// LayerNorm backward per row from the saved normalized rows and rstd: dsum = rstd (dn - mean(dn) - n
// mean(dn n)) with dn = dy gamma; partials += dgamma (dy n), dbeta (dy); dmasked = dsum m and its column
// sums (the bias gradient of the layer before the dropout).
RECNAS_CLONES static void norm_backward_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  const row_context* c = (const row_context*)context;
  const int64_t d = c->d;
  double* restrict dgamma = c->partials + part * 3 * d;
  double* restrict dbeta = dgamma + d;
  double* restrict dbias = dbeta + d;
  float* dn = (float*)malloc(sizeof(float) * (size_t)(2 * d));
  float* m = dn + d;
  for (int64_t r = r0; r < r1; r++) {
    float* restrict ds = c->dsum + r * d;
    float* restrict dm = c->dmasked + r * d;
    layer_norm_row_backward(c->dy + r * d, c->saved_normalized + r * d, c->saved_rstd[r], c->gamma, d, dn, ds, dgamma, dbeta);
    if (c->mask != NULL) {
      mask_span(c->mask, (uint32_t)(r * d), d, m);
      for (int64_t k = 0; k < d; k++) dm[k] = ds[k] * m[k];
    } else {
      for (int64_t k = 0; k < d; k++) dm[k] = ds[k];
    }
    for (int64_t k = 0; k < d; k++) dbias[k] += dm[k];
  }
  free(dn);
}

// dz = dg slope in place (slope = gelu'(z) from gelu_and_slope_rows); partials += column sums of dz (FFN bias 1).
RECNAS_CLONES static void gelu_backward_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  const row_context* c = (const row_context*)context;
  const int64_t f = c->f;
  double* dbias = c->partials + part * f;
  for (int64_t r = r0; r < r1; r++) {
    float* restrict dz = c->dz + r * f;
    const float* restrict slope = c->z_saved + r * f;
    for (int64_t k = 0; k < f; k++) dz[k] *= slope[k];
    for (int64_t k = 0; k < f; k++) dbias[k] += dz[k];
  }
}

// partials += column sums of rows of `partial_width` (the packed qkv bias).
static void column_sum_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  const row_context* c = (const row_context*)context;
  const int64_t w = c->partial_width;
  double* sums = c->partials + part * w;
  for (int64_t r = r0; r < r1; r++) {
    const float* row = c->dz + r * w;
    for (int64_t k = 0; k < w; k++) sums[k] += row[k];
  }
}

// out[k] = partials[k] + partials[stride + k] (the two parts), rounded to float.
static void sum_parts(const double* partials, int64_t stride, int64_t width, float* out) {
  for (int64_t k = 0; k < width; k++) out[k] = (float)(partials[k] + partials[stride + k]);
}

// ---------------------------------------------------------------------------------------------------------
// Arguments

typedef struct {
  int64_t batch, rows, d, a, f, heads, n;
} layer_dims;

static int read_dims(napi_env env, napi_value value, layer_dims* dims) {
  int32_t* raw;
  size_t length;
  napi_typedarray_type type;
  void* data = NULL;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, NULL, NULL) != napi_ok || type != napi_int32_array || length != 6) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native.sasrecLayer: dims must be an Int32Array [batch, rows, d, a, f, heads]");
    return 0;
  }
  raw = (int32_t*)data;
  *dims = (layer_dims){raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], (int64_t)raw[0] * raw[1]};
  if (dims->batch < 1 || dims->rows < 1 || dims->d < 1 || dims->a < 1 || dims->f < 1 || dims->heads < 1 || dims->a % dims->heads != 0) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.sasrecLayer: dims must be positive and heads must divide a");
    return 0;
  }
  return 1;
}

static int read_key_start(napi_env env, napi_value value, const layer_dims* dims, const int32_t** key_start) {
  napi_typedarray_type type;
  size_t length;
  void* data = NULL;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, NULL, NULL) != napi_ok || type != napi_int32_array || length != (size_t)dims->batch) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native.sasrecLayer: keyStart must be an Int32Array of batch entries");
    return 0;
  }
  *key_start = (const int32_t*)data;
  return 1;
}

// Reads `count` Float32Arrays and checks each length against `expected`.
float** read_arrays(napi_env env, napi_value array, uint32_t count, const int64_t* expected, const char* what) {
  size_t* lengths;
  float** arrays = get_float_arrays(env, array, count, &lengths);
  if (arrays == NULL) return NULL;
  for (uint32_t i = 0; i < count; i++) {
    if (lengths[i] != (size_t)expected[i]) {
      char message[160];
      snprintf(message, sizeof message, "recnas_native.%s: array %u has %zu floats, expected %lld", what, i, lengths[i], (long long)expected[i]);
      napi_throw_range_error(env, "RECNAS_NATIVE", message);
      free(arrays);
      return NULL;
    }
  }
  return arrays;
}

// ---------------------------------------------------------------------------------------------------------
// Forward

enum { X, WQKV, BQKV, WO, BO, G1, BE1, W1, B1, W2, B2, G2, BE2, OUT, QKV, CTX, N1, RSTD1, H, Z1, N2, RSTD2, FORWARD_ARRAYS };

// sasrecLayer(arrays, dims, keyStart, epsilon, dropout): arrays = [x, wqkv, bqkv, wo, bo, g1, be1, w1, b1, w2,
// b2, g2, be2, then the outputs out, qkv, ctx, n1, rstd1, h, z1, n2, rstd2] (the saved values backward reads);
// dropout = read_draws' nine numbers.
napi_value sasrec_layer(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  layer_dims dm;
  const int32_t* key_start;
  double epsilon;
  dropout_draw draws[3];
  int active[3];
  if (!read_dims(env, argv[1], &dm) || !read_key_start(env, argv[2], &dm, &key_start) || !get_double(env, argv[3], &epsilon) || !read_draws(env, argv[4], 3, draws, active))
    return NULL;
  const int64_t n = dm.n, d = dm.d, a = dm.a, f = dm.f;
  const int64_t expected[FORWARD_ARRAYS] = {
      n * d, d * 3 * a, 3 * a, a * d, d, d, d, d * f, f, f * d, d, d, d, n * d, n * 3 * a, n * a, n * d, n, n * d, n * f, n * d, n};
  float** v = read_arrays(env, argv[0], FORWARD_ARRAYS, expected, "sasrecLayer");
  if (v == NULL) return NULL;
  const dropout_draw* attention_draw = active[0] ? &draws[0] : NULL;
  const dropout_draw* mask1 = active[1] ? &draws[1] : NULL;
  const dropout_draw* mask2 = active[2] ? &draws[2] : NULL;
  float* t = (float*)malloc(sizeof(float) * (size_t)(n * d));
  float* g = (float*)malloc(sizeof(float) * (size_t)(n * f));
  if (t == NULL || g == NULL) {
    free(t);
    free(g);
    free(v);
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.sasrecLayer: out of memory for the layer's scratch");
    return NULL;
  }

  // qkv = x Wqkv + bqkv; ctx = attention.
  fill_bias(v[QKV], v[BQKV], n, 3 * a);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)(3 * a), (int)d, 1.0f, v[X], (int)d, v[WQKV], (int)(3 * a), 1.0f, v[QKV], (int)(3 * a));
  masked_task attention = {.q = v[QKV], .k = v[QKV] + a, .v = v[QKV] + 2 * a, .out = v[CTX], .drop_draw = attention_draw, .key_start = key_start,
                           .rows = dm.rows, .heads = dm.heads, .e = a, .in_stride = 3 * a};
  split_examples(masked_forward_range, &attention, dm.batch);

  // h = LN1((ctx Wo + bo) m1 + x).
  fill_bias(t, v[BO], n, d);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)a, 1.0f, v[CTX], (int)a, v[WO], (int)d, 1.0f, t, (int)d);
  row_context first = {.n = n, .d = d, .a = a, .f = f, .epsilon = (float)epsilon, .residual = v[X], .mask = mask1, .gamma = v[G1], .beta = v[BE1],
                       .t = t, .normalized = v[N1], .rstd = v[RSTD1], .y = v[H]};
  parallel_rows(residual_norm_rows, &first, n, MIN_PARALLEL_ROWS);

  // z1 = h W1 + b1; g = gelu(z1).
  fill_bias(v[Z1], v[B1], n, f);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)f, (int)d, 1.0f, v[H], (int)d, v[W1], (int)f, 1.0f, v[Z1], (int)f);
  row_context ffn = {.n = n, .d = d, .a = a, .f = f, .z = v[Z1], .g = g};
  parallel_rows(gelu_rows, &ffn, n, MIN_PARALLEL_ROWS);

  // out = LN2((g W2 + b2) m2 + h).
  fill_bias(t, v[B2], n, d);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)f, 1.0f, g, (int)f, v[W2], (int)d, 1.0f, t, (int)d);
  row_context second = {.n = n, .d = d, .a = a, .f = f, .epsilon = (float)epsilon, .residual = v[H], .mask = mask2, .gamma = v[G2], .beta = v[BE2],
                        .t = t, .normalized = v[N2], .rstd = v[RSTD2], .y = v[OUT]};
  parallel_rows(residual_norm_rows, &second, n, MIN_PARALLEL_ROWS);
  free(t);
  free(g);
  free(v);
  return NULL;
}

// ---------------------------------------------------------------------------------------------------------
// Backward

enum {
  B_DOUT, B_X, B_WQKV, B_WO, B_G1, B_W1, B_W2, B_G2, B_QKV, B_CTX, B_N1, B_RSTD1, B_H, B_Z1, B_N2, B_RSTD2,
  B_DX, B_DWQKV, B_DBQKV, B_DWO, B_DBO, B_DG1, B_DBE1, B_DW1, B_DB1, B_DW2, B_DB2, B_DG2, B_DBE2, BACKWARD_ARRAYS
};

// sasrecLayerBackward(arrays, dims, keyStart, dropout): arrays = [dout, x, wqkv, wo, g1, w1, w2, g2, the
// forward's saved qkv, ctx, n1, rstd1, h, z1, n2, rstd2, then the outputs dx, dwqkv, dbqkv, dwo, dbo, dg1, dbe1,
// dw1, db1, dw2, db2, dg2, dbe2]; dropout as the forward's.
napi_value sasrec_layer_backward(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  layer_dims dm;
  const int32_t* key_start;
  dropout_draw draws[3];
  int active[3];
  if (!read_dims(env, argv[1], &dm) || !read_key_start(env, argv[2], &dm, &key_start) || !read_draws(env, argv[3], 3, draws, active)) return NULL;
  const int64_t n = dm.n, d = dm.d, a = dm.a, f = dm.f;
  const int64_t expected[BACKWARD_ARRAYS] = {
      n * d, n * d, d * 3 * a, a * d, d, d * f, f * d, d, n * 3 * a, n * a, n * d, n, n * d, n * f, n * d, n,
      n * d, d * 3 * a, 3 * a, a * d, d, d, d, d * f, f, f * d, d, d, d};
  float** v = read_arrays(env, argv[0], BACKWARD_ARRAYS, expected, "sasrecLayerBackward");
  if (v == NULL) return NULL;
  const dropout_draw* mask1 = active[1] ? &draws[1] : NULL;
  const dropout_draw* mask2 = active[2] ? &draws[2] : NULL;
  const int64_t widest = 3 * a > f ? (3 * a > d ? 3 * a : d) : (f > d ? f : d);
  float* dh = (float*)malloc(sizeof(float) * (size_t)(n * d));
  float* dmasked = (float*)malloc(sizeof(float) * (size_t)(n * d));
  float* g = (float*)malloc(sizeof(float) * (size_t)(n * f));
  float* wide = (float*)malloc(sizeof(float) * (size_t)(n * widest));  // dg / dz1, then dqkv
  double* partials = (double*)malloc(sizeof(double) * (size_t)(2 * 3 * widest));
  float* slope = (float*)malloc(sizeof(float) * (size_t)(n * f));
  // gelu(z1) is not needed once dW2 is computed, so dctx reuses its buffer when it fits.
  float* dctx = a > f ? (float*)malloc(sizeof(float) * (size_t)(n * a)) : g;
  if (dh == NULL || dmasked == NULL || g == NULL || wide == NULL || partials == NULL || slope == NULL || dctx == NULL) {
    if (dctx != g) free(dctx);
    free(dh);
    free(dmasked);
    free(g);
    free(wide);
    free(partials);
    free(slope);
    free(v);
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.sasrecLayerBackward: out of memory for the layer's scratch");
    return NULL;
  }

  // LN2: dh = dsum2 (the residual path), dfed = dsum2 m2; dg2, dbe2, db2.
  memset(partials, 0, sizeof(double) * (size_t)(2 * 3 * d));
  row_context norm2 = {.n = n, .d = d, .dy = v[B_DOUT], .saved_normalized = v[B_N2], .saved_rstd = v[B_RSTD2], .gamma = v[B_G2], .mask = mask2,
                       .dsum = dh, .dmasked = dmasked, .partials = partials};
  parallel_rows(norm_backward_rows, &norm2, n, MIN_PARALLEL_ROWS);
  sum_parts(partials, 3 * d, d, v[B_DG2]);
  sum_parts(partials + d, 3 * d, d, v[B_DBE2]);
  sum_parts(partials + 2 * d, 3 * d, d, v[B_DB2]);

  // FFN: dW2 = gelu(z1)^T dfed; dz1 = (dfed W2^T) gelu'(z1); db1; dW1 = h^T dz1; dh += dz1 W1^T.
  row_context ffn = {.n = n, .f = f, .z_saved = v[B_Z1], .g = g, .dsum = slope};
  parallel_rows(gelu_and_slope_rows, &ffn, n, MIN_PARALLEL_ROWS);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)f, (int)d, (int)n, 1.0f, g, (int)f, dmasked, (int)d, 0.0f, v[B_DW2], (int)d);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)f, (int)d, 1.0f, dmasked, (int)d, v[B_W2], (int)d, 0.0f, wide, (int)f);
  memset(partials, 0, sizeof(double) * (size_t)(2 * f));
  row_context through_gelu = {.n = n, .f = f, .dz = wide, .z_saved = slope, .partials = partials};
  parallel_rows(gelu_backward_rows, &through_gelu, n, MIN_PARALLEL_ROWS);
  free(slope);
  sum_parts(partials, f, f, v[B_DB1]);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)f, (int)n, 1.0f, v[B_H], (int)d, wide, (int)f, 0.0f, v[B_DW1], (int)f);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)d, (int)f, 1.0f, wide, (int)f, v[B_W1], (int)f, 1.0f, dh, (int)d);

  // LN1: dx = dsum1 (residual), dattn = dsum1 m1; dg1, dbe1, dbo.
  memset(partials, 0, sizeof(double) * (size_t)(2 * 3 * d));
  row_context norm1 = {.n = n, .d = d, .dy = dh, .saved_normalized = v[B_N1], .saved_rstd = v[B_RSTD1], .gamma = v[B_G1], .mask = mask1,
                       .dsum = v[B_DX], .dmasked = dmasked, .partials = partials};
  parallel_rows(norm_backward_rows, &norm1, n, MIN_PARALLEL_ROWS);
  sum_parts(partials, 3 * d, d, v[B_DG1]);
  sum_parts(partials + d, 3 * d, d, v[B_DBE1]);
  sum_parts(partials + 2 * d, 3 * d, d, v[B_DBO]);

  // Output projection: dWo = ctx^T dattn; dctx = dattn Wo^T.
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)a, (int)d, (int)n, 1.0f, v[B_CTX], (int)a, dmasked, (int)d, 0.0f, v[B_DWO], (int)d);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)a, (int)d, 1.0f, dmasked, (int)d, v[B_WO], (int)d, 0.0f, dctx, (int)a);

  // Attention: dqkv; dbqkv; dWqkv = x^T dqkv; dx += dqkv Wqkv^T.
  float* dqkv = wide;
  memset(dqkv, 0, sizeof(float) * (size_t)(n * 3 * a));
  masked_task attention = {.q = v[B_QKV], .k = v[B_QKV] + a, .v = v[B_QKV] + 2 * a, .dout = dctx, .dq = dqkv, .dk = dqkv + a, .dv = dqkv + 2 * a,
                           .drop_draw = active[0] ? &draws[0] : NULL, .key_start = key_start, .rows = dm.rows, .heads = dm.heads, .e = a, .in_stride = 3 * a};
  split_examples(masked_backward_range, &attention, dm.batch);
  memset(partials, 0, sizeof(double) * (size_t)(2 * 3 * a));
  row_context bias = {.n = n, .dz = dqkv, .partials = partials, .partial_width = 3 * a};
  parallel_rows(column_sum_rows, &bias, n, MIN_PARALLEL_ROWS);
  sum_parts(partials, 3 * a, 3 * a, v[B_DBQKV]);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)(3 * a), (int)n, 1.0f, v[B_X], (int)d, dqkv, (int)(3 * a), 0.0f, v[B_DWQKV], (int)(3 * a));
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)d, (int)(3 * a), 1.0f, dqkv, (int)(3 * a), v[B_WQKV], (int)(3 * a), 1.0f, v[B_DX], (int)d);

  if (dctx != g) free(dctx);
  free(dh);
  free(dmasked);
  free(g);
  free(wide);
  free(partials);
  free(v);
  return NULL;
}
