// SASRec's embedding layer, fused: out = dropout(LN(x + positions)) for x [B, L, d] and learned positions
// [L, d] (row r of x adds position r mod L), and its backward (dx, dpositions summed over the batch, dgamma,
// dbeta), one pass each way over two threads instead of a broadcast add, a LayerNorm, a mask and a multiply
// (and their gradients, with a reduction over the batch for the positions). Dropout is counter-based
// (recnas_native.h); LayerNorm statistics are saved (normalized rows and 1 / std) for the backward pass.
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "recnas_native.h"

typedef struct {
  int64_t rows, length, d;
  float epsilon;
  const float *x, *positions, *gamma, *beta, *dy, *normalized_in, *rstd_in;
  float *out, *normalized, *rstd, *dx;
  const dropout_draw* mask;
  double* partials;  // per part: dgamma [d], dbeta [d], dpositions [length x d]
} positional_context;

RECNAS_CLONES static void forward_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  (void)part;
  const positional_context* c = (const positional_context*)context;
  const int64_t d = c->d;
  float* buffer = (float*)malloc(sizeof(float) * (size_t)(2 * d));
  float* s = buffer;
  float* m = buffer + d;
  for (int64_t r = r0; r < r1; r++) {
    const float* restrict x = c->x + r * d;
    const float* restrict position = c->positions + (r % c->length) * d;
    for (int64_t k = 0; k < d; k++) s[k] = x[k] + position[k];
    float* restrict y = c->out + r * d;
    const float rstd = layer_norm_row(s, d, c->epsilon, c->gamma, c->beta, c->normalized + r * d, y);
    if (c->mask != NULL) {
      mask_span(c->mask, (uint32_t)(r * d), d, m);
      for (int64_t k = 0; k < d; k++) y[k] *= m[k];
    }
    c->rstd[r] = rstd;
  }
  free(buffer);
}

RECNAS_CLONES static void backward_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  const positional_context* c = (const positional_context*)context;
  const int64_t d = c->d;
  double* restrict dgamma = c->partials + part * (2 * d + c->length * d);
  double* restrict dbeta = dgamma + d;
  double* restrict dpositions = dbeta + d;
  float* buffer = (float*)malloc(sizeof(float) * (size_t)(3 * d));
  float* g = buffer;
  float* dn = buffer + d;
  float* m = buffer + 2 * d;
  for (int64_t r = r0; r < r1; r++) {
    const float* restrict dy = c->dy + r * d;
    const float* restrict n = c->normalized_in + r * d;
    if (c->mask != NULL) {
      mask_span(c->mask, (uint32_t)(r * d), d, m);
      for (int64_t k = 0; k < d; k++) g[k] = dy[k] * m[k];
    } else {
      for (int64_t k = 0; k < d; k++) g[k] = dy[k];
    }
    float* restrict dx = c->dx + r * d;
    layer_norm_row_backward(g, n, c->rstd_in[r], c->gamma, d, dn, dx, dgamma, dbeta);
    double* restrict dposition = dpositions + (r % c->length) * d;
    for (int64_t k = 0; k < d; k++) dposition[k] += dx[k];
  }
  free(buffer);
}

static int read_dims3(napi_env env, napi_value value, int64_t* batch, int64_t* length, int64_t* d) {
  napi_typedarray_type type;
  size_t count;
  void* data = NULL;
  if (napi_get_typedarray_info(env, value, &type, &count, &data, NULL, NULL) != napi_ok || type != napi_int32_array || count != 3) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native.positionalNorm: dims must be an Int32Array [batch, length, d]");
    return 0;
  }
  const int32_t* raw = (const int32_t*)data;
  *batch = raw[0];
  *length = raw[1];
  *d = raw[2];
  if (*batch < 1 || *length < 1 || *d < 1) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.positionalNorm: dims must be positive");
    return 0;
  }
  return 1;
}

// positionalNorm(arrays [x, positions, gamma, beta, out, normalized, rstd], dims [B, L, d], epsilon, dropout
// [seed, threshold, keep]).
napi_value positional_norm(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t batch, length, d;
  double epsilon;
  dropout_draw draw;
  int active;
  if (!read_dims3(env, argv[1], &batch, &length, &d) || !get_double(env, argv[2], &epsilon) || !read_draws(env, argv[3], 1, &draw, &active)) return NULL;
  const int64_t rows = batch * length;
  const int64_t expected[7] = {rows * d, length * d, d, d, rows * d, rows * d, rows};
  float** v = read_arrays(env, argv[0], 7, expected, "positionalNorm");
  if (v == NULL) return NULL;
  positional_context c = {.rows = rows, .length = length, .d = d, .epsilon = (float)epsilon, .x = v[0], .positions = v[1], .gamma = v[2], .beta = v[3],
                          .out = v[4], .normalized = v[5], .rstd = v[6], .mask = active ? &draw : NULL};
  parallel_rows(forward_rows, &c, rows, 256);
  free(v);
  return NULL;
}

// positionalNormBackward(arrays [dy, normalized, rstd, gamma, dx, dpositions, dgamma, dbeta], dims, dropout).
napi_value positional_norm_backward(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t batch, length, d;
  dropout_draw draw;
  int active;
  if (!read_dims3(env, argv[1], &batch, &length, &d) || !read_draws(env, argv[2], 1, &draw, &active)) return NULL;
  const int64_t rows = batch * length;
  const int64_t expected[8] = {rows * d, rows * d, rows, d, rows * d, length * d, d, d};
  float** v = read_arrays(env, argv[0], 8, expected, "positionalNormBackward");
  if (v == NULL) return NULL;
  const int64_t per_part = 2 * d + length * d;
  double* partials = (double*)calloc((size_t)(2 * per_part), sizeof(double));
  if (partials == NULL) {
    free(v);
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.positionalNormBackward: out of memory");
    return NULL;
  }
  positional_context c = {.rows = rows, .length = length, .d = d, .dy = v[0], .normalized_in = v[1], .rstd_in = v[2], .gamma = v[3], .dx = v[4],
                          .mask = active ? &draw : NULL, .partials = partials};
  parallel_rows(backward_rows, &c, rows, 256);
  for (int64_t k = 0; k < d; k++) {
    v[6][k] = (float)(partials[k] + partials[per_part + k]);
    v[7][k] = (float)(partials[d + k] + partials[per_part + d + k]);
  }
  for (int64_t k = 0; k < length * d; k++) v[5][k] = (float)(partials[2 * d + k] + partials[per_part + 2 * d + k]);
  free(partials);
  free(v);
  return NULL;
}
