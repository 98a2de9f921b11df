// rowDots: out[r] = a_r . b_r for a, b [rows, n], and its backward da = dy_r b_r, db = dy_r a_r: the scores of
// ICLRec's BCE (each position's hidden state against its positive and negative item rows) in one pass each
// way, instead of a product tensor and a reduction (and their gradients) per score.
#include <stdlib.h>
#include "recnas_native.h"

typedef struct {
  const float *a, *b, *dy;
  float *out, *da, *db;
  int64_t n;
} dots_context;

RECNAS_CLONES static void dots_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  (void)part;
  const dots_context* c = (const dots_context*)context;
  const int64_t n = c->n;
  for (int64_t r = r0; r < r1; r++) {
    const float* restrict a = c->a + r * n;
    const float* restrict b = c->b + r * n;
    float s = 0.0f;
    for (int64_t k = 0; k < n; k++) s += a[k] * b[k];
    c->out[r] = s;
  }
}

RECNAS_CLONES static void dots_backward_rows(void* context, int64_t r0, int64_t r1, int64_t part) {
  (void)part;
  const dots_context* c = (const dots_context*)context;
  const int64_t n = c->n;
  for (int64_t r = r0; r < r1; r++) {
    const float g = c->dy[r];
    const float* restrict a = c->a + r * n;
    const float* restrict b = c->b + r * n;
    float* restrict da = c->da + r * n;
    float* restrict db = c->db + r * n;
    for (int64_t k = 0; k < n; k++) {
      da[k] = g * b[k];
      db[k] = g * a[k];
    }
  }
}

typedef struct {
  const float* x;
  double* sums;
  int64_t rows, cols;
} column_sum_context;

// Columns [c0, c1) of sum over rows (double accumulators, rows in order).
RECNAS_CLONES static void column_sums(void* context, int64_t c0, int64_t c1, int64_t part) {
  (void)part;
  const column_sum_context* c = (const column_sum_context*)context;
  for (int64_t r = 0; r < c->rows; r++) {
    const float* restrict row = c->x + r * c->cols;
    double* restrict sums = c->sums;
    for (int64_t k = c0; k < c1; k++) sums[k] += row[k];
  }
}

// sumRows(x, out, cols): out[k] = sum over the rows of x [rows, cols] of x[r, k], accumulated in double in row
// order (the reduction of a bias or position gradient over its leading axes), columns split over two threads.
napi_value sum_rows(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t lx, lo;
  int64_t cols;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &out, &lo) || !get_int(env, argv[2], &cols)) return NULL;
  if (cols < 1 || lo != (size_t)cols || lx % (size_t)cols != 0) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.sumRows: x must be [rows, cols] and out [cols]");
    return NULL;
  }
  double* sums = (double*)calloc((size_t)cols, sizeof(double));
  if (sums == NULL) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.sumRows: out of memory");
    return NULL;
  }
  column_sum_context context = {x, sums, (int64_t)(lx / (size_t)cols), cols};
  // Split by columns only when each half still has whole cache lines to itself and the work is large.
  if (cols >= 64 && lx >= 65536)
    parallel_rows(column_sums, &context, cols, 64);
  else
    column_sums(&context, 0, cols, 0);
  for (int64_t k = 0; k < cols; k++) out[k] = (float)sums[k];
  free(sums);
  return NULL;
}

// rowDots(a, b, out, n): out has rows = a.length / n entries.
napi_value row_dots(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *a, *b, *out;
  size_t la, lb, lo;
  int64_t n;
  if (!get_floats(env, argv[0], &a, &la) || !get_floats(env, argv[1], &b, &lb) || !get_floats(env, argv[2], &out, &lo) || !get_int(env, argv[3], &n)) return NULL;
  if (n == 0 && la == 0 && lb == 0) {  // [rows, 0]: every dot product is empty
    for (size_t r = 0; r < lo; r++) out[r] = 0.0f;
    return NULL;
  }
  if (n < 1 || la != lb || la != lo * (size_t)n) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.rowDots: a and b must be [rows, n] and out [rows]");
    return NULL;
  }
  dots_context context = {.a = a, .b = b, .out = out, .n = n};
  parallel_rows(dots_rows, &context, (int64_t)lo, 4096);
  return NULL;
}

// rowDotsBackward(a, b, dy, da, db, n).
napi_value row_dots_backward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *a, *b, *dy, *da, *db;
  size_t la, lb, ly, lda, ldb;
  int64_t n;
  if (!get_floats(env, argv[0], &a, &la) || !get_floats(env, argv[1], &b, &lb) || !get_floats(env, argv[2], &dy, &ly) ||
      !get_floats(env, argv[3], &da, &lda) || !get_floats(env, argv[4], &db, &ldb) || !get_int(env, argv[5], &n))
    return NULL;
  if (n == 0 && la == 0 && lb == 0 && lda == 0 && ldb == 0) return NULL;  // [rows, 0]: nothing to write
  if (n < 1 || la != lb || la != ly * (size_t)n || lda != la || ldb != la) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.rowDotsBackward: shapes do not match rowDots");
    return NULL;
  }
  dots_context context = {.a = a, .b = b, .dy = dy, .da = da, .db = db, .n = n};
  parallel_rows(dots_backward_rows, &context, (int64_t)ly, 4096);
  return NULL;
}
