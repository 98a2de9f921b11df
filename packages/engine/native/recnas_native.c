// recnas_native: the native half of @recnas/engine's `native` backend. Node-API (no C++ wrapper, so the
// addon is ABI-stable across Node versions) over a real BLAS (OpenBLAS's CBLAS). Every function works on
// Float32Arrays owned by JavaScript (the tfjs cpu backend's tensor storage): no copies, no allocation.
// Argument checking is done in TypeScript (packages/engine/src/native/); here only the types are checked.
#define _DEFAULT_SOURCE  // madvise under -std=c11
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <node_api.h>
#include <cblas.h>
#include "recnas_native.h"

// OpenBLAS's thread control (not part of CBLAS).
extern void openblas_set_num_threads(int num_threads);
extern int openblas_get_num_threads(void);

int get_floats(napi_env env, napi_value value, float** data, size_t* length) {
  napi_typedarray_type type;
  void* raw = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok || type != napi_float32_array) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native: expected a Float32Array");
    return 0;
  }
  *data = (float*)raw;
  return 1;
}

int get_int(napi_env env, napi_value value, int64_t* out) {
  if (napi_get_value_int64(env, value, out) != napi_ok) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native: expected an integer");
    return 0;
  }
  return 1;
}

int get_double(napi_env env, napi_value value, double* out) {
  if (napi_get_value_double(env, value, out) != napi_ok) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native: expected a number");
    return 0;
  }
  return 1;
}

// batchMatMul(a, b, out, batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride)
// out[i] = op(a[i]) x op(b[i]) for i < batch, row-major; a stride of 0 broadcasts that operand.
static napi_value batch_mat_mul(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *a, *b, *out;
  size_t la, lb, lo;
  int64_t batch, m, n, k, ta, tb, sa, sb;
  if (!get_floats(env, argv[0], &a, &la) || !get_floats(env, argv[1], &b, &lb) || !get_floats(env, argv[2], &out, &lo)) return NULL;
  if (!get_int(env, argv[3], &batch) || !get_int(env, argv[4], &m) || !get_int(env, argv[5], &n) || !get_int(env, argv[6], &k) ||
      !get_int(env, argv[7], &ta) || !get_int(env, argv[8], &tb) || !get_int(env, argv[9], &sa) || !get_int(env, argv[10], &sb))
    return NULL;
  if ((size_t)(batch * m * n) > lo || (size_t)((batch - 1) * sa + m * k) > la || (size_t)((batch - 1) * sb + k * n) > lb) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.batchMatMul: buffer too small for the shapes");
    return NULL;
  }
  const int lda = ta ? (int)m : (int)k;
  const int ldb = tb ? (int)k : (int)n;
  for (int64_t i = 0; i < batch; i++) {
    float* c = out + i * m * n;
    if (k == 0) {
      memset(c, 0, sizeof(float) * (size_t)(m * n));
      continue;
    }
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k, 1.0f,
                a + i * sa, lda, b + i * sb, ldb, 0.0f, c, (int)n);
  }
  return NULL;
}

#define MAX_RANK 8

static int get_ints(napi_env env, napi_value value, int32_t** data, size_t* length) {
  napi_typedarray_type type;
  void* raw = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok || type != napi_int32_array) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native: expected an Int32Array");
    return 0;
  }
  *data = (int32_t*)raw;
  return 1;
}

// binary(op, a, b, out, shape, aStrides, bStrides): out (dense, row-major, `shape`) = a op b, where an
// operand's element at an output coordinate is at sum(coord[d] * strides[d]) (stride 0 = broadcast dim).
// The caller merges dims first, so the loop is an odometer over the outer dims and a tight inner loop.
// ops: 0 add, 1 sub, 2 mul, 3 div, 4 max, 5 min, 6 squared difference (NaN-propagating max/min as tfjs).
static napi_value binary(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t op;
  float *a, *b, *out;
  int32_t *shape, *as, *bs;
  size_t la, lb, lo, rank, ra, rb;
  if (!get_int(env, argv[0], &op) || !get_floats(env, argv[1], &a, &la) || !get_floats(env, argv[2], &b, &lb) ||
      !get_floats(env, argv[3], &out, &lo) || !get_ints(env, argv[4], &shape, &rank) || !get_ints(env, argv[5], &as, &ra) ||
      !get_ints(env, argv[6], &bs, &rb))
    return NULL;
  if (rank == 0 || rank > MAX_RANK || ra != rank || rb != rank || op < 0 || op > 6) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.binary: bad rank, strides or op");
    return NULL;
  }
  size_t total = 1, aLast = 0, bLast = 0;
  for (size_t d = 0; d < rank; d++) {
    total *= (size_t)shape[d];
    aLast += (size_t)as[d] * (size_t)(shape[d] - 1);
    bLast += (size_t)bs[d] * (size_t)(shape[d] - 1);
  }
  if (total != lo || (total > 0 && (aLast >= la || bLast >= lb))) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.binary: buffer too small for the shape");
    return NULL;
  }
  if (total == 0) return NULL;
  const size_t inner = (size_t)shape[rank - 1];
  const size_t ia = (size_t)as[rank - 1], ib = (size_t)bs[rank - 1];
  size_t counter[MAX_RANK] = {0};
  size_t pa = 0, pb = 0;
#define INNER(expr)                                                                                    \
  if (ia == 1 && ib == 1) {                                                                            \
    for (size_t i = 0; i < inner; i++) { const float x = pa_[i], y = pb_[i]; o_[i] = (expr); }        \
  } else if (ia == 1 && ib == 0) {                                                                     \
    const float y = pb_[0];                                                                            \
    for (size_t i = 0; i < inner; i++) { const float x = pa_[i]; o_[i] = (expr); }                    \
  } else if (ia == 0 && ib == 1) {                                                                     \
    const float x = pa_[0];                                                                            \
    for (size_t i = 0; i < inner; i++) { const float y = pb_[i]; o_[i] = (expr); }                    \
  } else {                                                                                             \
    for (size_t i = 0; i < inner; i++) { const float x = pa_[i * ia], y = pb_[i * ib]; o_[i] = (expr); } \
  }
  for (size_t row = 0; row < total; row += inner) {
    const float* pa_ = a + pa;
    const float* pb_ = b + pb;
    float* o_ = out + row;
    switch (op) {
      case 0: { INNER(x + y) } break;
      case 1: { INNER(x - y) } break;
      case 2: { INNER(x * y) } break;
      case 3: { INNER(x / y) } break;
      case 4: { INNER(x > y || isnan(x) ? x : y) } break;
      case 5: { INNER(x < y || isnan(x) ? x : y) } break;
      default: { INNER((x - y) * (x - y)) } break;
    }
    for (size_t d = rank - 1; d-- > 0;) {
      counter[d]++;
      pa += (size_t)as[d];
      pb += (size_t)bs[d];
      if (counter[d] < (size_t)shape[d]) break;
      pa -= counter[d] * (size_t)as[d];
      pb -= counter[d] * (size_t)bs[d];
      counter[d] = 0;
    }
  }
#undef INNER
  return NULL;
}

// adagrad(weights, accumulator, gradient, learningRate, epsilon, scale), in place, one pass:
// g' = scale g; acc += g'^2; w -= lr g' / (sqrt(acc) + eps)   (torch.optim.Adagrad, NASRec's optimizer)
static napi_value adagrad(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *w, *acc, *g;
  size_t lw, la, lg;
  double lr, eps, scale;
  if (!get_floats(env, argv[0], &w, &lw) || !get_floats(env, argv[1], &acc, &la) || !get_floats(env, argv[2], &g, &lg) ||
      !get_double(env, argv[3], &lr) || !get_double(env, argv[4], &eps) || !get_double(env, argv[5], &scale))
    return NULL;
  if (la != lw || lg != lw) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.adagrad: weights, accumulator and gradient differ in length");
    return NULL;
  }
  const float flr = (float)lr, feps = (float)eps, fscale = (float)scale;
  for (size_t j = 0; j < lw; j++) {
    const float grad = g[j] * fscale;
    const float a = acc[j] + grad * grad;
    acc[j] = a;
    w[j] -= flr * grad / (sqrtf(a) + feps);
  }
  return NULL;
}

// adagradSlice(weights, accumulator, gradient, rows, columns, width, learningRate, epsilon, scale), in place:
// adagrad on the entries (rows[r], columns[c]) of a row-major [*, width] weight, gradient [rows x columns];
// an empty rows (columns) array means every row (column). The entries outside the slice are left alone, as
// adagrad leaves an entry with a zero gradient (a supernet step's sliced weights, docs/decisions/0018).
static napi_value adagrad_slice(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *w, *acc, *g;
  int32_t *rows, *cols;
  size_t lw, la, lg, nr, nc;
  int64_t width;
  double lr, eps, scale;
  if (!get_floats(env, argv[0], &w, &lw) || !get_floats(env, argv[1], &acc, &la) || !get_floats(env, argv[2], &g, &lg) ||
      !get_ints(env, argv[3], &rows, &nr) || !get_ints(env, argv[4], &cols, &nc) || !get_int(env, argv[5], &width) ||
      !get_double(env, argv[6], &lr) || !get_double(env, argv[7], &eps) || !get_double(env, argv[8], &scale))
    return NULL;
  if (width <= 0 || la != lw || lw % (size_t)width != 0) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.adagradSlice: weights and accumulator do not form [rows x width]");
    return NULL;
  }
  const size_t height = lw / (size_t)width;
  const size_t outRows = nr == 0 ? height : nr, outCols = nc == 0 ? (size_t)width : nc;
  if (lg != outRows * outCols) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.adagradSlice: gradient is not [rows x columns] of the slice");
    return NULL;
  }
  for (size_t r = 0; r < nr; r++)
    if (rows[r] < 0 || (size_t)rows[r] >= height) {
      napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.adagradSlice: row index out of range");
      return NULL;
    }
  for (size_t c = 0; c < nc; c++)
    if (cols[c] < 0 || cols[c] >= width) {
      napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.adagradSlice: column index out of range");
      return NULL;
    }
  const float flr = (float)lr, feps = (float)eps, fscale = (float)scale;
  for (size_t r = 0; r < outRows; r++) {
    const size_t base = (nr == 0 ? r : (size_t)rows[r]) * (size_t)width;
    const float* gr = g + r * outCols;
    float* wr = w + base;
    float* ar = acc + base;
    if (nc == 0) {
      for (size_t c = 0; c < outCols; c++) {
        const float grad = gr[c] * fscale;
        const float a = ar[c] + grad * grad;
        ar[c] = a;
        wr[c] -= flr * grad / (sqrtf(a) + feps);
      }
    } else {
      for (size_t c = 0; c < outCols; c++) {
        const size_t j = (size_t)cols[c];
        const float grad = gr[c] * fscale;
        const float a = ar[j] + grad * grad;
        ar[j] = a;
        wr[j] -= flr * grad / (sqrtf(a) + feps);
      }
    }
  }
  return NULL;
}

// adam(weights, m, v, gradient, learningRate, beta1, beta2, epsilon, step), in place, one pass, as
// tf.train.adam and torch.optim.Adam: w -= lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps); t from 1.
static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *w, *m, *v, *g;
  size_t lw, lm, lv, lg;
  double lr, beta1, beta2, eps;
  int64_t step;
  if (!get_floats(env, argv[0], &w, &lw) || !get_floats(env, argv[1], &m, &lm) || !get_floats(env, argv[2], &v, &lv) ||
      !get_floats(env, argv[3], &g, &lg) || !get_double(env, argv[4], &lr) || !get_double(env, argv[5], &beta1) ||
      !get_double(env, argv[6], &beta2) || !get_double(env, argv[7], &eps) || !get_int(env, argv[8], &step))
    return NULL;
  if (lm != lw || lv != lw || lg != lw) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.adam: weights, moments and gradient differ in length");
    return NULL;
  }
  const float c1 = (float)(1.0 / (1.0 - pow(beta1, (double)step))), c2 = (float)(1.0 / (1.0 - pow(beta2, (double)step)));
  const float flr = (float)lr, b1 = (float)beta1, b2 = (float)beta2, e = (float)eps;
  for (size_t j = 0; j < lw; j++) {
    const float grad = g[j];
    const float mj = b1 * m[j] + (1.0f - b1) * grad;
    const float vj = b2 * v[j] + (1.0f - b2) * grad * grad;
    m[j] = mj;
    v[j] = vj;
    w[j] -= flr * (mj * c1) / (sqrtf(vj * c2) + e);
  }
  return NULL;
}

// softmaxRows(x, out, width): row-wise max-shifted softmax over contiguous rows of `width`.
static napi_value softmax_rows(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t lx, lo;
  int64_t width;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &out, &lo) || !get_int(env, argv[2], &width)) return NULL;
  if (lx != lo || width <= 0 || lx % (size_t)width != 0) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.softmaxRows: lengths do not match the row width");
    return NULL;
  }
  const size_t w = (size_t)width;
  for (size_t start = 0; start < lx; start += w) {
    float max = -INFINITY;
    for (size_t i = 0; i < w; i++) max = x[start + i] > max ? x[start + i] : max;
    float total = 0.0f;
    for (size_t i = 0; i < w; i++) {
      const float e = expf(x[start + i] - max);
      out[start + i] = e;
      total += e;
    }
    const float inverse = 1.0f / total;
    for (size_t i = 0; i < w; i++) out[start + i] *= inverse;
  }
  return NULL;
}

// unary(op, x, out, alpha): 0 exp, 1 log, 2 sqrt, 3 sigmoid, 4 tanh, 5 relu (NaN kept), 6 step
// (x > 0 ? 1 : alpha, NaN kept; the gradient mask of relu).
static napi_value unary(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t op;
  float *x, *out;
  size_t lx, lo;
  double alpha;
  if (!get_int(env, argv[0], &op) || !get_floats(env, argv[1], &x, &lx) || !get_floats(env, argv[2], &out, &lo) ||
      !get_double(env, argv[3], &alpha))
    return NULL;
  const float fa = (float)alpha;
  if (lx != lo || op < 0 || op > 6) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.unary: bad op or lengths");
    return NULL;
  }
  switch (op) {
    case 0: for (size_t j = 0; j < lx; j++) out[j] = expf(x[j]); break;
    case 1: for (size_t j = 0; j < lx; j++) out[j] = logf(x[j]); break;
    case 2: for (size_t j = 0; j < lx; j++) out[j] = sqrtf(x[j]); break;
    case 3: for (size_t j = 0; j < lx; j++) out[j] = 1.0f / (1.0f + expf(-x[j])); break;
    case 4: for (size_t j = 0; j < lx; j++) out[j] = tanhf(x[j]); break;
    case 5: for (size_t j = 0; j < lx; j++) out[j] = x[j] < 0.0f ? 0.0f : x[j]; break;
    default: for (size_t j = 0; j < lx; j++) out[j] = isnan(x[j]) ? x[j] : x[j] > 0.0f ? 1.0f : fa; break;
  }
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t threads;
  if (!get_int(env, argv[0], &threads)) return NULL;
  openblas_set_num_threads((int)(threads < 1 ? 1 : threads));
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &result));
  return result;
}

static napi_value blas_config(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  extern char* openblas_get_config(void);
  const char* config = openblas_get_config();
  CHECK(napi_create_string_utf8(env, config == NULL ? "" : config, NAPI_AUTO_LENGTH, &result));
  return result;
}

// dense(x, w, bias, out, m, n, k, relu): out = act(x w + bias) for x [m, k], w [k, n], bias [n] (an empty
// Float32Array for none); one GEMM and one pass over the output.
static napi_value dense(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *w, *bias, *out;
  size_t lx, lw, lb, lo;
  int64_t m, n, k, relu;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &w, &lw) || !get_floats(env, argv[2], &bias, &lb) ||
      !get_floats(env, argv[3], &out, &lo) || !get_int(env, argv[4], &m) || !get_int(env, argv[5], &n) || !get_int(env, argv[6], &k) ||
      !get_int(env, argv[7], &relu))
    return NULL;
  if (m < 0 || n < 0 || k < 0 || lx != (size_t)(m * k) || lw != (size_t)(k * n) || lo != (size_t)(m * n) || (lb != 0 && lb != (size_t)n)) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.dense: shapes do not match");
    return NULL;
  }
  if (k == 0 || m == 0 || n == 0)
    memset(out, 0, sizeof(float) * lo);
  else
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)n, (int)k, 1.0f, x, (int)k, w, (int)n, 0.0f, out, (int)n);
  for (int64_t r = 0; r < m; r++) {
    float* row = out + r * n;
    if (lb != 0)
      for (int64_t c = 0; c < n; c++) row[c] += bias[c];
    if (relu)
      for (int64_t c = 0; c < n; c++) row[c] = row[c] < 0.0f ? 0.0f : row[c];
  }
  return NULL;
}

// denseBackward(x, w, y, dy, dx, dw, db, m, n, k, relu): the gradients of dense given its output y:
// dz = relu ? dy * (y > 0) : dy; db = column sums of dz (an empty db for no bias); dw = x^T dz; dx = dz w^T.
static napi_value dense_backward(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *w, *y, *dy, *dx, *dw, *db;
  size_t lx, lw, ly, ldy, ldx, ldw, ldb;
  int64_t m, n, k, relu;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &w, &lw) || !get_floats(env, argv[2], &y, &ly) ||
      !get_floats(env, argv[3], &dy, &ldy) || !get_floats(env, argv[4], &dx, &ldx) || !get_floats(env, argv[5], &dw, &ldw) ||
      !get_floats(env, argv[6], &db, &ldb) || !get_int(env, argv[7], &m) || !get_int(env, argv[8], &n) || !get_int(env, argv[9], &k) ||
      !get_int(env, argv[10], &relu))
    return NULL;
  if (m < 0 || n < 0 || k < 0 || lx != (size_t)(m * k) || ldx != lx || lw != (size_t)(k * n) || ldw != lw || ly != (size_t)(m * n) ||
      ldy != ly || (ldb != 0 && ldb != (size_t)n)) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.denseBackward: shapes do not match");
    return NULL;
  }
  const float* dz = dy;
  float* masked = NULL;
  if (relu && ly > 0) {
    masked = (float*)malloc(sizeof(float) * ly);
    for (size_t i = 0; i < ly; i++) masked[i] = y[i] > 0.0f ? dy[i] : 0.0f;
    dz = masked;
  }
  if (ldb != 0) {
    memset(db, 0, sizeof(float) * ldb);
    for (int64_t r = 0; r < m; r++)
      for (int64_t c = 0; c < n; c++) db[c] += dz[r * n + c];
  }
  if (m == 0 || n == 0 || k == 0) {
    memset(dx, 0, sizeof(float) * ldx);
    memset(dw, 0, sizeof(float) * ldw);
  } else {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)k, (int)n, (int)m, 1.0f, x, (int)k, dz, (int)n, 0.0f, dw, (int)n);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)k, (int)n, 1.0f, dz, (int)n, w, (int)n, 0.0f, dx, (int)k);
  }
  free(masked);
  return NULL;
}

// a . b over e floats with four partial sums (vectorizable; the order differs from a plain loop in rounding only).
static inline float dot_product(const float* restrict a, const float* restrict b, int64_t e) {
  float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
  int64_t k = 0;
  for (; k + 4 <= e; k += 4) {
    s0 += a[k] * b[k];
    s1 += a[k + 1] * b[k + 1];
    s2 += a[k + 2] * b[k + 2];
    s3 += a[k + 3] * b[k + 3];
  }
  for (; k < e; k++) s0 += a[k] * b[k];
  return (s0 + s1) + (s2 + s3);
}

// The sum of x[0..n) with four partial sums (vectorizable).
static inline float sum_of(const float* x, int64_t n) {
  float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
  int64_t k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += x[k];
    s1 += x[k + 1];
    s2 += x[k + 2];
    s3 += x[k + 3];
  }
  for (; k < n; k++) s0 += x[k];
  return (s0 + s1) + (s2 + s3);
}

// out[0..width) = sum_j weights[j] rows[j * stride + 0..width), for width 16, 4 or 1 (inlined with a
// constant width, the accumulators are registers).
static inline void weighted_rows_sum(const float* weights, const float* rows, int64_t stride, int64_t count, int width, float* out) {
  float acc[16] = {0};
  for (int64_t j = 0; j < count; j++) {
    const float v = weights[j];
    const float* row = rows + j * stride;
    for (int k = 0; k < width; k++) acc[k] += v * row[k];
  }
  memcpy(out, acc, sizeof(float) * (size_t)width);
}

// pairwiseDots(x, out, batch, n, e): for each of `batch` sets of n vectors of length e (x is [batch, n, e]),
// out[b] = the strict lower triangle of the Gram matrix in row-major order: x_i . x_j for i > j, i.e.
// (1,0), (2,0), (2,1), ... (DLRM's and NASRec's pairwise interaction; n (n - 1) / 2 values per set).
static napi_value pairwise_dots(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t lx, lo;
  int64_t batch, n, e;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &out, &lo) || !get_int(env, argv[2], &batch) ||
      !get_int(env, argv[3], &n) || !get_int(env, argv[4], &e))
    return NULL;
  const size_t pairs = (size_t)(n * (n - 1) / 2);
  if (batch < 0 || n < 1 || e < 0 || lx != (size_t)(batch * n * e) || lo != (size_t)batch * pairs) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.pairwiseDots: x is not [batch, n, e] or out is not [batch, n (n - 1) / 2]");
    return NULL;
  }
  for (int64_t b = 0; b < batch; b++) {
    const float* set = x + (size_t)(b * n * e);
    float* o = out + (size_t)b * pairs;
    for (int64_t i = 1; i < n; i++)
      for (int64_t j = 0; j < i; j++) *o++ = dot_product(set + i * e, set + j * e, e);
  }
  return NULL;
}

// pairwiseDotsBackward(x, dy, dx, batch, n, e): the gradient of pairwiseDots,
// dx_i = sum_{j < i} dy_(i,j) x_j + sum_{k > i} dy_(k,i) x_k.
static napi_value pairwise_dots_backward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *dy, *dx;
  size_t lx, ly, ld;
  int64_t batch, n, e;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &dy, &ly) || !get_floats(env, argv[2], &dx, &ld) ||
      !get_int(env, argv[3], &batch) || !get_int(env, argv[4], &n) || !get_int(env, argv[5], &e))
    return NULL;
  const size_t pairs = (size_t)(n * (n - 1) / 2);
  if (batch < 0 || n < 1 || e < 0 || lx != (size_t)(batch * n * e) || ld != lx || ly != (size_t)batch * pairs) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.pairwiseDotsBackward: shapes do not match pairwiseDots");
    return NULL;
  }
  // dx_b = W x_b with W the symmetric n x n matrix of dy_b (zero diagonal): a small GEMM per set.
  float* w = (float*)malloc(sizeof(float) * (size_t)(n * n) + 1);
  for (int64_t i = 0; i < n; i++) w[i * n + i] = 0.0f;
  for (int64_t b = 0; b < batch; b++) {
    const float* g = dy + (size_t)b * pairs;
    for (int64_t i = 1; i < n; i++)
      for (int64_t j = 0; j < i; j++) {
        const float v = *g++;
        w[i * n + j] = v;
        w[j * n + i] = v;
      }
    const float* set = x + (size_t)(b * n * e);
    float* grad = dx + (size_t)(b * n * e);
    for (int64_t i = 0; i < n; i++) {
      const float* wi = w + i * n;
      int64_t k0 = 0;
      // Columns in fixed-width chunks, so the accumulators stay in registers across the j loop.
      for (; k0 + 16 <= e; k0 += 16) weighted_rows_sum(wi, set + k0, e, n, 16, grad + i * e + k0);
      for (; k0 + 4 <= e; k0 += 4) weighted_rows_sum(wi, set + k0, e, n, 4, grad + i * e + k0);
      for (; k0 < e; k0++) weighted_rows_sum(wi, set + k0, e, n, 1, grad + i * e + k0);
    }
  }
  free(w);
  return NULL;
}

// adviseHugePages(array): asks the kernel for transparent huge pages over the 2 MiB-aligned part of a large
// Float32Array before it is first written (embedding tables: random row access is TLB-bound on 4 KiB pages).
// Only advice: returns whether the kernel accepted it.
static napi_value advise_huge_pages(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float* data;
  size_t length;
  if (!get_floats(env, argv[0], &data, &length)) return NULL;
  int accepted = 0;
#ifdef MADV_HUGEPAGE
  const uintptr_t huge = (uintptr_t)2 << 20;
  const uintptr_t start = ((uintptr_t)data + huge - 1) & ~(huge - 1);
  const uintptr_t end = ((uintptr_t)(data + length)) & ~(huge - 1);
  if (end > start) accepted = madvise((void*)start, end - start, MADV_HUGEPAGE) == 0;
#endif
  napi_value result;
  CHECK(napi_get_boolean(env, accepted, &result));
  return result;
}


// Attention probabilities of query row `qi` (d values) against the keys of one head, given transposed as
// kt [d][rows]: p = softmax(scale q.k_j). Loops run over j, so they vectorize.
static inline void attention_row(const float* qi, const float* kt, int64_t rows, int64_t d, float scale, float* p) {
  for (int64_t j = 0; j < rows; j++) p[j] = 0.0f;
  for (int64_t t = 0; t < d; t++) {
    const float q = qi[t] * scale;
    const float* column = kt + t * rows;
    for (int64_t j = 0; j < rows; j++) p[j] += q * column[j];
  }
  float top = -INFINITY;
  for (int64_t j = 0; j < rows; j++) top = p[j] > top ? p[j] : top;
  for (int64_t j = 0; j < rows; j++) p[j] = exp_nonpositive(p[j] - top);  // vectorized (-fno-trapping-math)
  const float inverse = 1.0f / sum_of(p, rows);
  for (int64_t j = 0; j < rows; j++) p[j] *= inverse;
}

// dst[t][j] = src[j * ld + t] for one head's d columns of `rows` rows.
static inline void transpose_head(const float* src, int64_t rows, int64_t ld, int64_t d, float* dst) {
  for (int64_t j = 0; j < rows; j++)
    for (int64_t t = 0; t < d; t++) dst[t * rows + j] = src[j * ld + t];
}

// What an attention kernel reads and writes, shared by the threads that split its examples.
typedef struct {
  const float *q, *k, *v, *dout;
  float *out, *dq, *dk, *dv;
  int64_t rows, heads, e;
  int64_t qrows;  // query rows per example (<= rows: the queries are the first qrows of the key rows' tokens)
} attention_task;

typedef void (*attention_range_fn)(const attention_task*, int64_t, int64_t);

typedef struct {
  attention_range_fn run;
  const attention_task* task;
  int64_t b0, b1;
} attention_slice;

static void* run_attention_slice(void* arg) {
  const attention_slice* slice = (const attention_slice*)arg;
  slice->run(slice->task, slice->b0, slice->b1);
  return NULL;
}

// Runs `run` over examples [0, batch): the second half on one extra thread when OpenBLAS may use more than
// one (so worker threads, which set 1, stay single-threaded), the first half on the calling thread.
static void split_over_threads(attention_range_fn run, const attention_task* task, int64_t batch) {
  pthread_t helper;
  attention_slice second = {run, task, batch / 2, batch};
  if (openblas_get_num_threads() > 1 && batch >= 2 && pthread_create(&helper, NULL, run_attention_slice, &second) == 0) {
    run(task, 0, batch / 2);
    pthread_join(helper, NULL);
    return;
  }
  run(task, 0, batch);
}

// Reads `count` arrays, then batch, rows, heads and (optional, default rows) the query rows. `isQuery[i]`
// says whether array i is query-shaped ([batch, qrows, E]: q, out, dout, dq) or key-shaped ([batch, rows, E]).
static int attention_args(napi_env env, napi_value* argv, size_t argc, size_t count, const int* isQuery, float** arrays, size_t* lengths,
                          int64_t* batch, int64_t* rows, int64_t* heads, int64_t* qrows) {
  for (size_t i = 0; i < count; i++)
    if (!get_floats(env, argv[i], &arrays[i], &lengths[i])) return 0;
  if (!get_int(env, argv[count], batch) || !get_int(env, argv[count + 1], rows) || !get_int(env, argv[count + 2], heads)) return 0;
  *qrows = *rows;
  if (argc > count + 3 && !get_int(env, argv[count + 3], qrows)) return 0;
  if (*batch < 0 || *rows < 0 || *heads < 1 || *qrows < 0 || *qrows > *rows) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.attention: bad batch, rows, heads or query rows");
    return 0;
  }
  if (*batch * *rows == 0) {
    for (size_t i = 0; i < count; i++)
      if (lengths[i] != 0) break;
      else if (i + 1 == count) return 1;
  }
  const size_t keyLength = lengths[1];
  if (*batch * *rows == 0 || keyLength % (size_t)(*batch * *rows * *heads) != 0) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.attention: length is not batch x rows x (heads x d)");
    return 0;
  }
  const size_t e = keyLength / (size_t)(*batch * *rows);
  for (size_t i = 0; i < count; i++)
    if (lengths[i] != (size_t)(*batch) * (size_t)(isQuery[i] ? *qrows : *rows) * e) {
      napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.attention: query, key, value and their gradients do not have matching shapes");
      return 0;
    }
  return 1;
}

// attention(q, k, v, out, batch, rows, heads): multi-head scaled dot-product self-attention without masks on
// [batch, rows, E] tensors whose E = heads x d columns hold the heads side by side (torch's
// MultiheadAttention layout before its out-projection): out_h = softmax(q_h k_h^T / sqrt(d)) v_h. The
// [rows, rows] probabilities live one row at a time in a scratch buffer.
// Attention over the examples [b0, b1) (see `attention` below); each example's output rows are its own.
RECNAS_CLONES static void attention_range(const attention_task* task, int64_t b0, int64_t b1) {
  const int64_t rows = task->rows, qrows = task->qrows, heads = task->heads, e = task->e, d = e / heads;
  const float scale = 1.0f / sqrtf((float)d);
  // Scratch: one probability row, and the head's keys and values transposed to [d][rows].
  float* p = (float*)malloc(sizeof(float) * (size_t)(rows + 2 * rows * d));
  float* kt = p + rows;
  float* vt = kt + rows * d;
  for (int64_t b = b0; b < b1; b++)
    for (int64_t h = 0; h < heads; h++) {
      const size_t base = (size_t)(b * rows * e + h * d);
      const size_t qbase = (size_t)(b * qrows * e + h * d);
      transpose_head(task->k + base, rows, e, d, kt);
      transpose_head(task->v + base, rows, e, d, vt);
      for (int64_t i = 0; i < qrows; i++) {
        attention_row(task->q + qbase + i * e, kt, rows, d, scale, p);
        float* oi = task->out + qbase + i * e;
        for (int64_t t = 0; t < d; t++) oi[t] = dot_product(p, vt + t * rows, rows);
      }
    }
  free(p);
}

// attention(q, k, v, out, batch, rows, heads[, queryRows]): multi-head scaled dot-product self-attention without
// masks on [batch, rows, E] keys and values and [batch, queryRows, E] queries (queryRows <= rows, default rows)
// whose E = heads x d columns hold the heads side by side (torch's MultiheadAttention layout before its
// out-projection): out_h = softmax(q_h k_h^T / sqrt(d)) v_h. The [queryRows, rows] probabilities live one row
// at a time in a scratch buffer. Examples are split over the BLAS thread count (1 inside worker threads).
static napi_value attention(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float* a[4];
  size_t l[4];
  int64_t batch, rows, heads, qrows;
  static const int isQuery[4] = {1, 0, 0, 1};
  if (!attention_args(env, argv, argc, 4, isQuery, a, l, &batch, &rows, &heads, &qrows)) return NULL;
  if (l[1] == 0 || qrows == 0) return NULL;
  attention_task task = {.q = a[0], .k = a[1], .v = a[2], .out = a[3], .rows = rows, .heads = heads, .e = (int64_t)l[1] / (batch * rows), .qrows = qrows};
  split_over_threads(attention_range, &task, batch);
  return NULL;
}

// The gradients of attention for the examples [b0, b1), recomputing each probability row:
// dv_j += p_j do_i; ds_j = p_j (do_i . v_j - sum_l p_l do_i . v_l); dq_i = scale sum_j ds_j k_j; dk_j += scale ds_j q_i.
RECNAS_CLONES static void attention_backward_range(const attention_task* task, int64_t b0, int64_t b1) {
  const int64_t rows = task->rows, qrows = task->qrows, heads = task->heads, e = task->e, d = e / heads;
  const float scale = 1.0f / sqrtf((float)d);
  // Scratch: probability and dp rows; the head's keys and values as [d][rows]; their gradients likewise.
  float* p = (float*)malloc(sizeof(float) * (size_t)(2 * rows + 4 * rows * d));
  float* dp = p + rows;
  float* kt = dp + rows;
  float* vt = kt + rows * d;
  float* dkt = vt + rows * d;
  float* dvt = dkt + rows * d;
  for (int64_t b = b0; b < b1; b++)
    for (int64_t h = 0; h < heads; h++) {
      const size_t base = (size_t)(b * rows * e + h * d);
      const size_t qbase = (size_t)(b * qrows * e + h * d);
      transpose_head(task->k + base, rows, e, d, kt);
      transpose_head(task->v + base, rows, e, d, vt);
      memset(dkt, 0, sizeof(float) * (size_t)(2 * rows * d));  // dkt and dvt
      for (int64_t i = 0; i < qrows; i++) {
        const float* qi = task->q + qbase + i * e;
        const float* doi = task->dout + qbase + i * e;
        attention_row(qi, kt, rows, d, scale, p);
        for (int64_t j = 0; j < rows; j++) dp[j] = 0.0f;
        for (int64_t t = 0; t < d; t++) {
          const float g = doi[t];
          const float* vcol = vt + t * rows;
          float* dvcol = dvt + t * rows;
          for (int64_t j = 0; j < rows; j++) {
            dp[j] += g * vcol[j];
            dvcol[j] += p[j] * g;
          }
        }
        const float weighted = dot_product(p, dp, rows);
        for (int64_t j = 0; j < rows; j++) dp[j] = p[j] * (dp[j] - weighted) * scale;  // ds
        float* dqi = task->dq + qbase + i * e;
        for (int64_t t = 0; t < d; t++) {
          dqi[t] = dot_product(dp, kt + t * rows, rows);
          const float qt = qi[t];
          float* dkcol = dkt + t * rows;
          for (int64_t j = 0; j < rows; j++) dkcol[j] += dp[j] * qt;
        }
      }
      for (int64_t j = 0; j < rows; j++)
        for (int64_t t = 0; t < d; t++) {
          task->dk[base + j * e + t] = dkt[t * rows + j];
          task->dv[base + j * e + t] = dvt[t * rows + j];
        }
    }
  free(p);
}

// attentionBackward(q, k, v, dout, dq, dk, dv, batch, rows, heads[, queryRows]): dq, dk and dv of attention.
static napi_value attention_backward(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float* a[7];
  size_t l[7];
  int64_t batch, rows, heads, qrows;
  static const int isQuery[7] = {1, 0, 0, 1, 1, 0, 0};
  if (!attention_args(env, argv, argc, 7, isQuery, a, l, &batch, &rows, &heads, &qrows)) return NULL;
  if (l[1] == 0) return NULL;
  if (qrows == 0) {
    memset(a[5], 0, sizeof(float) * l[5]);
    memset(a[6], 0, sizeof(float) * l[6]);
    return NULL;
  }
  attention_task task = {.q = a[0], .k = a[1], .v = a[2], .dout = a[3], .dq = a[4], .dk = a[5], .dv = a[6], .rows = rows, .heads = heads,
                         .e = (int64_t)l[1] / (batch * rows), .qrows = qrows};
  split_over_threads(attention_backward_range, &task, batch);
  return NULL;
}

// Mean and 1 / sqrt(variance + epsilon) of one row, as tfjs's moments (two passes: mean, then the mean of
// the squared deviations), accumulated in double.
static void row_moments(const float* x, int64_t n, float epsilon, float* mean, float* rstd) {
  double sum = 0.0;
  for (int64_t c = 0; c < n; c++) sum += x[c];
  const float mu = (float)(sum / (double)n);
  double squares = 0.0;
  for (int64_t c = 0; c < n; c++) {
    const float centered = x[c] - mu;
    squares += (double)centered * centered;
  }
  *mean = mu;
  *rstd = 1.0f / sqrtf((float)(squares / (double)n) + epsilon);
}

// layerNorm(x, gamma, beta, out, n, epsilon): per row of n values, out = (x - mean) / sqrt(var + eps) gamma + beta.
static napi_value layer_norm(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *gamma, *beta, *out;
  size_t lx, lg, lb, lo;
  int64_t n;
  double epsilon;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &gamma, &lg) || !get_floats(env, argv[2], &beta, &lb) ||
      !get_floats(env, argv[3], &out, &lo) || !get_int(env, argv[4], &n) || !get_double(env, argv[5], &epsilon))
    return NULL;
  if (n < 1 || lx % (size_t)n != 0 || lo != lx || lg != (size_t)n || lb != (size_t)n) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.layerNorm: x is not [rows, n] or gamma, beta are not [n]");
    return NULL;
  }
  const size_t rows = lx / (size_t)n;
  for (size_t r = 0; r < rows; r++) {
    const float* xr = x + r * (size_t)n;
    float* yr = out + r * (size_t)n;
    float mean, rstd;
    row_moments(xr, n, (float)epsilon, &mean, &rstd);
    for (int64_t c = 0; c < n; c++) yr[c] = (xr[c] - mean) * rstd * gamma[c] + beta[c];
  }
  return NULL;
}

// layerNormBackward(x, gamma, dy, dx, dgamma, dbeta, n, epsilon): with xhat = (x - mean) rstd per row,
// dbeta = sum_rows dy; dgamma = sum_rows dy xhat; dx = rstd (g - mean(g) - xhat mean(g xhat)) for g = dy gamma.
static napi_value layer_norm_backward(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *gamma, *dy, *dx, *dgamma, *dbeta;
  size_t lx, lg, ly, ldx, ldg, ldb;
  int64_t n;
  double epsilon;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &gamma, &lg) || !get_floats(env, argv[2], &dy, &ly) ||
      !get_floats(env, argv[3], &dx, &ldx) || !get_floats(env, argv[4], &dgamma, &ldg) || !get_floats(env, argv[5], &dbeta, &ldb) ||
      !get_int(env, argv[6], &n) || !get_double(env, argv[7], &epsilon))
    return NULL;
  if (n < 1 || lx % (size_t)n != 0 || ly != lx || ldx != lx || lg != (size_t)n || ldg != (size_t)n || ldb != (size_t)n) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.layerNormBackward: shapes do not match layerNorm");
    return NULL;
  }
  const size_t rows = lx / (size_t)n;
  double* sums = (double*)calloc(2 * (size_t)n, sizeof(double));  // dgamma, dbeta in double across rows
  float* xhat = (float*)malloc(sizeof(float) * (size_t)n * 2);
  float* g = xhat + n;
  for (size_t r = 0; r < rows; r++) {
    const float* xr = x + r * (size_t)n;
    const float* dyr = dy + r * (size_t)n;
    float* dxr = dx + r * (size_t)n;
    float mean, rstd;
    row_moments(xr, n, (float)epsilon, &mean, &rstd);
    double g_sum = 0.0, gx_sum = 0.0;
    for (int64_t c = 0; c < n; c++) {
      xhat[c] = (xr[c] - mean) * rstd;
      g[c] = dyr[c] * gamma[c];
      g_sum += g[c];
      gx_sum += (double)g[c] * xhat[c];
      sums[c] += (double)dyr[c] * xhat[c];
      sums[n + c] += dyr[c];
    }
    const float g_mean = (float)(g_sum / (double)n), gx_mean = (float)(gx_sum / (double)n);
    for (int64_t c = 0; c < n; c++) dxr[c] = rstd * (g[c] - g_mean - xhat[c] * gx_mean);
  }
  for (int64_t c = 0; c < n; c++) {
    dgamma[c] = (float)sums[c];
    dbeta[c] = (float)sums[n + c];
  }
  free(sums);
  free(xhat);
  return NULL;
}

// sumOfSquares(x): sum of x[i]^2 in double (gradient norms for clipping, without a squared temporary).
static napi_value sum_of_squares(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float* x;
  size_t n;
  if (!get_floats(env, argv[0], &x, &n)) return NULL;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += (double)x[i] * x[i];
    s1 += (double)x[i + 1] * x[i + 1];
    s2 += (double)x[i + 2] * x[i + 2];
    s3 += (double)x[i + 3] * x[i + 3];
  }
  for (; i < n; i++) s0 += (double)x[i] * x[i];
  napi_value result;
  CHECK(napi_create_double(env, (s0 + s1) + (s2 + s3), &result));
  return result;
}

// copyRuns(src, srcOffset, srcStride, dst, dstOffset, dstStride, count, run): `count` runs of `run` 32-bit
// values, run i from src[srcOffset + i srcStride] to dst[dstOffset + i dstStride] (concat, slice and split as
// row-run copies; bit copies, so int32 data viewed as float32 copies exactly).
static napi_value copy_runs(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *src, *dst;
  size_t ls, ld;
  int64_t so, ss, doff, ds, count, run;
  if (!get_floats(env, argv[0], &src, &ls) || !get_int(env, argv[1], &so) || !get_int(env, argv[2], &ss) ||
      !get_floats(env, argv[3], &dst, &ld) || !get_int(env, argv[4], &doff) || !get_int(env, argv[5], &ds) ||
      !get_int(env, argv[6], &count) || !get_int(env, argv[7], &run))
    return NULL;
  if (count <= 0 || run <= 0) return NULL;
  if (so < 0 || ss < 0 || doff < 0 || ds < 0 || (size_t)(so + (count - 1) * ss + run) > ls || (size_t)(doff + (count - 1) * ds + run) > ld) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.copyRuns: runs outside the arrays");
    return NULL;
  }
  for (int64_t i = 0; i < count; i++) memcpy(dst + doff + i * ds, src + so + i * ss, sizeof(float) * (size_t)run);
  return NULL;
}

// How many random embedding rows ahead the sparse kernels prefetch.
#define PREFETCH_AHEAD 8

// The Float32Array elements of a JavaScript array of `count` (e.g. one per embedding table).
float** get_float_arrays(napi_env env, napi_value array, uint32_t count, size_t** lengths) {
  uint32_t n = 0;
  if (napi_get_array_length(env, array, &n) != napi_ok || n != count) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native: expected an array of one Float32Array per field");
    return NULL;
  }
  float** out = (float**)malloc((sizeof(float*) + sizeof(size_t)) * (count > 0 ? count : 1));
  *lengths = (size_t*)(out + (count > 0 ? count : 1));
  for (uint32_t f = 0; f < count; f++) {
    napi_value element;
    if (napi_get_element(env, array, f, &element) != napi_ok || !get_floats(env, element, &out[f], &(*lengths)[f])) {
      free(out);
      return NULL;
    }
  }
  return out;
}

// gatherRows(tables, ids, fieldCount, dim, out): out[s] = tables[s % fieldCount][ids[s]] for each slot s of
// the [B x fieldCount] ids; rows of `dim` floats. Ids are checked in TypeScript.
static napi_value gather_rows(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t* ids;
  size_t slots, lo;
  int64_t fields, dim;
  float* out;
  if (!get_ints(env, argv[1], &ids, &slots) || !get_int(env, argv[2], &fields) || !get_int(env, argv[3], &dim) ||
      !get_floats(env, argv[4], &out, &lo))
    return NULL;
  if (fields <= 0 || fields > INT32_MAX || dim <= 0 || slots % (size_t)fields != 0 || lo != slots * (size_t)dim) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.gatherRows: ids and output do not form [B x fields x dim]");
    return NULL;
  }
  size_t* lengths;
  float** tables = get_float_arrays(env, argv[0], (uint32_t)fields, &lengths);
  if (tables == NULL) return NULL;
  for (size_t s = 0; s < slots; s++) {
    if (s + PREFETCH_AHEAD < slots) {
      const size_t ahead = s + PREFETCH_AHEAD;
      const float* row = tables[ahead % (size_t)fields] + (size_t)ids[ahead] * (size_t)dim;
      __builtin_prefetch(row);
      __builtin_prefetch(row + dim - 1);
    }
    const size_t f = s % (size_t)fields;
    const size_t from = (size_t)ids[s] * (size_t)dim;
    if (from + (size_t)dim > lengths[f]) continue;  // unreachable after the TypeScript id check
    memcpy(out + s * (size_t)dim, tables[f] + from, sizeof(float) * (size_t)dim);
  }
  free(tables);
  return NULL;
}

// scatterAddRows(target, ids, grad, dim, minId): target row ids[i] += grad row i for ids[i] >= minId, in order
// (ids are checked in TypeScript; out-of-range ones are skipped here too).
static napi_value scatter_add_rows(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *target, *grad;
  int32_t* ids;
  size_t lt, lg, count;
  int64_t dim, min_id;
  if (!get_floats(env, argv[0], &target, &lt) || !get_ints(env, argv[1], &ids, &count) || !get_floats(env, argv[2], &grad, &lg) ||
      !get_int(env, argv[3], &dim) || !get_int(env, argv[4], &min_id))
    return NULL;
  if (dim <= 0 || lg != count * (size_t)dim || lt % (size_t)dim != 0) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.scatterAddRows: grad must be [ids x dim] and target [rows x dim]");
    return NULL;
  }
  const int64_t rows = (int64_t)(lt / (size_t)dim);
  for (size_t i = 0; i < count; i++) {
    const int64_t id = ids[i];
    if (id < 0 || id < min_id || id >= rows) continue;
    float* restrict row = target + id * dim;
    const float* restrict g = grad + i * (size_t)dim;
    for (int64_t c = 0; c < dim; c++) row[c] += g[c];
  }
  return NULL;
}

// rowwiseAdagrad(tables, accumulators, ids, grad, fieldCount, dim, learningRate, epsilon): FBGEMM's
// EXACT_ROWWISE_ADAGRAD, per field: the gradients of duplicate ids are summed (float64, batch order), then
// per distinct row acc += mean(g^2); row -= lr g / (sqrt(acc) + eps). The arithmetic (float64, rounded to
// float32 on store) matches the TypeScript fallback bit for bit.
static napi_value rowwise_adagrad(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t* ids;
  float* grad;
  size_t slots, lg;
  int64_t fields, dim;
  double lr, eps;
  if (!get_ints(env, argv[2], &ids, &slots) || !get_floats(env, argv[3], &grad, &lg) || !get_int(env, argv[4], &fields) ||
      !get_int(env, argv[5], &dim) || !get_double(env, argv[6], &lr) || !get_double(env, argv[7], &eps))
    return NULL;
  if (fields <= 0 || fields > INT32_MAX || dim <= 0 || slots % (size_t)fields != 0 || lg != slots * (size_t)dim) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.rowwiseAdagrad: ids and gradient do not form [B x fields x dim]");
    return NULL;
  }
  size_t *table_lengths, *accumulator_lengths;
  float** tables = get_float_arrays(env, argv[0], (uint32_t)fields, &table_lengths);
  if (tables == NULL) return NULL;
  float** accumulators = get_float_arrays(env, argv[1], (uint32_t)fields, &accumulator_lengths);
  if (accumulators == NULL) {
    free(tables);
    return NULL;
  }
  const size_t batch = slots / (size_t)fields, d = (size_t)dim;
  // Open-addressing map id -> slot of distinct ids, sized to a power of two >= 2 x batch.
  size_t capacity = 16;
  while (capacity < 2 * batch) capacity <<= 1;
  int32_t* keys = (int32_t*)malloc(sizeof(int32_t) * capacity);
  int32_t* slot_of = (int32_t*)malloc(sizeof(int32_t) * capacity);
  int32_t* distinct = (int32_t*)malloc(sizeof(int32_t) * (batch > 0 ? batch : 1));
  double* summed = (double*)malloc(sizeof(double) * (batch > 0 ? batch : 1) * d);
  for (size_t f = 0; f < (size_t)fields; f++) {
    for (size_t i = 0; i < capacity; i++) keys[i] = -1;
    size_t count = 0;
    for (size_t b = 0; b < batch; b++) {
      const int32_t id = ids[b * (size_t)fields + f];
      size_t h = ((uint32_t)id * 2654435761u) & (capacity - 1);
      while (keys[h] != -1 && keys[h] != id) h = (h + 1) & (capacity - 1);
      if (keys[h] == -1) {
        keys[h] = id;
        slot_of[h] = (int32_t)count;
        distinct[count] = id;
        memset(summed + count * d, 0, sizeof(double) * d);
        count++;
      }
      double* sum = summed + (size_t)slot_of[h] * d;
      const float* g = grad + (b * (size_t)fields + f) * d;
      for (size_t k = 0; k < d; k++) sum[k] += (double)g[k];
    }
    float* table = tables[f];
    float* accumulator = accumulators[f];
    for (size_t slot = 0; slot < count; slot++) {
      if (slot + PREFETCH_AHEAD < count) {  // rows are random: fetch a few ahead so the misses overlap
        const size_t ahead = (size_t)distinct[slot + PREFETCH_AHEAD];
        __builtin_prefetch(accumulator + ahead, 1);
        __builtin_prefetch(table + ahead * d, 1);
        __builtin_prefetch(table + ahead * d + d - 1, 1);
      }
      const size_t id = (size_t)distinct[slot];
      if ((id + 1) * d > table_lengths[f] || id >= accumulator_lengths[f]) continue;  // checked in TypeScript
      const double* sum = summed + slot * d;
      double squares = 0;
      for (size_t k = 0; k < d; k++) squares += sum[k] * sum[k];
      accumulator[id] = (float)((double)accumulator[id] + squares / (double)d);
      const double step = lr / (sqrt((double)accumulator[id]) + eps);
      float* row = table + id * d;
      for (size_t k = 0; k < d; k++) row[k] = (float)((double)row[k] - step * sum[k]);
    }
  }
  free(keys);
  free(slot_of);
  free(distinct);
  free(summed);
  free(tables);
  free(accumulators);
  return NULL;
}

// Tensors on the cpu-family backend are fresh ArrayBuffers (calloc). glibc serves blocks above 128 KiB
// with mmap and returns them on free, so every large op output page-faults anew (measured: an add of two
// [512, 2116] tensors took 6 ms, mostly page faults). Raising the mmap and trim thresholds keeps freed
// blocks in the heap for reuse. RECNAS_MALLOC_TUNE=0 leaves glibc's defaults.
static void tune_allocator(void) {
#ifdef M_MMAP_THRESHOLD
  const char* setting = getenv("RECNAS_MALLOC_TUNE");
  if (setting != NULL && strcmp(setting, "0") == 0) return;
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

static napi_value init(napi_env env, napi_value exports) {
  tune_allocator();
  napi_property_descriptor properties[] = {
      {"batchMatMul", NULL, batch_mat_mul, NULL, NULL, NULL, napi_enumerable, NULL},
      {"binary", NULL, binary, NULL, NULL, NULL, napi_enumerable, NULL},
      {"softmaxRows", NULL, softmax_rows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unary", NULL, unary, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adagrad", NULL, adagrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adagradSlice", NULL, adagrad_slice, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"dense", NULL, dense, NULL, NULL, NULL, napi_enumerable, NULL},
      {"denseBackward", NULL, dense_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pairwiseDots", NULL, pairwise_dots, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pairwiseDotsBackward", NULL, pairwise_dots_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adviseHugePages", NULL, advise_huge_pages, NULL, NULL, NULL, napi_enumerable, NULL},
      {"attention", NULL, attention, NULL, NULL, NULL, napi_enumerable, NULL},
      {"attentionBackward", NULL, attention_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"layerNorm", NULL, layer_norm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"layerNormBackward", NULL, layer_norm_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumOfSquares", NULL, sum_of_squares, NULL, NULL, NULL, napi_enumerable, NULL},
      {"copyRuns", NULL, copy_runs, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gatherRows", NULL, gather_rows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rowwiseAdagrad", NULL, rowwise_adagrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"blasConfig", NULL, blas_config, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gelu", NULL, gelu, NULL, NULL, NULL, napi_enumerable, NULL},
      {"dropoutMask", NULL, dropout_mask, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rowDots", NULL, row_dots, NULL, NULL, NULL, napi_enumerable, NULL},
      {"scatterAddRows", NULL, scatter_add_rows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumRows", NULL, sum_rows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"positionalNorm", NULL, positional_norm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"positionalNormBackward", NULL, positional_norm_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rowDotsBackward", NULL, row_dots_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sasrecLayer", NULL, sasrec_layer, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sasrecLayerBackward", NULL, sasrec_layer_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"geluBackward", NULL, gelu_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maskedAttention", NULL, masked_attention, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maskedAttentionBackward", NULL, masked_attention_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maskedAttentionPacked", NULL, masked_attention_packed, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maskedAttentionPackedBackward", NULL, masked_attention_packed_backward, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
