// Causal self-attention with left padding and optional attention dropout, SASRec's attention (ICLRec's
// additive -10000 mask for padded and future keys): on [batch, rows, E] tensors with the heads' E / heads
// columns side by side, query row i of example b attends keys keyStart[b] .. i:
// out_i = sum_j (p_j m_j) v_j with p = softmax_j(q_i k_j / sqrt(d)) and m the dropout multipliers
// [batch, heads, rows, rows] (none when empty). Rows i < keyStart[b] (padding queries) output 0. The
// probabilities are recomputed in the backward pass; examples are split over two threads when BLAS may use two.
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "recnas_native.h"

extern int openblas_get_num_threads(void);

typedef struct {
  const float *q, *k, *v, *dout, *drop;
  float *out, *dq, *dk, *dv;
  const int32_t* key_start;
  // e: width of all heads (out, dout rows); in_stride: row stride of q, k, v (and dq, dk, dv), which is e,
  // or 3e when they are packed side by side in one [batch, rows, 3e] tensor.
  int64_t rows, heads, e, in_stride;
} masked_task;

static inline float dot(const float* restrict a, const float* restrict b, int64_t n) {
  float s = 0.0f;
  for (int64_t t = 0; t < n; t++) s += a[t] * b[t];
  return s;
}

// p[j - s] = softmax over j in [s, i] of scale q_i . k_j (k rows `stride` apart).
static void probability_row(const float* qi, const float* k, int64_t stride, int64_t d, int64_t s, int64_t i, float scale, float* p) {
  float best = -INFINITY;
  for (int64_t j = s; j <= i; j++) {
    const float score = scale * dot(qi, k + j * stride, d);
    p[j - s] = score;
    best = score > best ? score : best;
  }
  float total = 0.0f;
  for (int64_t j = 0; j <= i - s; j++) {
    p[j] = exp_nonpositive(p[j] - best);
    total += p[j];
  }
  const float inverse = 1.0f / total;
  for (int64_t j = 0; j <= i - s; j++) p[j] *= inverse;
}

static void forward_range(const masked_task* task, int64_t b0, int64_t b1) {
  const int64_t rows = task->rows, heads = task->heads, e = task->e, d = e / heads, stride = task->in_stride;
  const float scale = 1.0f / sqrtf((float)d);
  float* p = (float*)malloc(sizeof(float) * (size_t)rows);
  for (int64_t b = b0; b < b1; b++) {
    const int64_t s = task->key_start[b];
    for (int64_t h = 0; h < heads; h++) {
      const size_t base = (size_t)(b * rows * e + h * d);
      const size_t in = (size_t)(b * rows * stride + h * d);
      for (int64_t i = 0; i < rows; i++) {
        float* oi = task->out + base + i * e;
        for (int64_t t = 0; t < d; t++) oi[t] = 0.0f;
        if (i < s) continue;
        probability_row(task->q + in + i * stride, task->k + in, stride, d, s, i, scale, p);
        const float* m = task->drop == NULL ? NULL : task->drop + ((b * heads + h) * rows + i) * rows;
        for (int64_t j = s; j <= i; j++) {
          const float w = m == NULL ? p[j - s] : p[j - s] * m[j];
          const float* vj = task->v + in + j * stride;
          for (int64_t t = 0; t < d; t++) oi[t] += w * vj[t];
        }
      }
    }
  }
  free(p);
}

static void backward_range(const masked_task* task, int64_t b0, int64_t b1) {
  const int64_t rows = task->rows, heads = task->heads, e = task->e, d = e / heads, stride = task->in_stride;
  const float scale = 1.0f / sqrtf((float)d);
  float* p = (float*)malloc(sizeof(float) * (size_t)(2 * rows));
  float* dp = p + rows;
  for (int64_t b = b0; b < b1; b++) {
    const int64_t s = task->key_start[b];
    for (int64_t h = 0; h < heads; h++) {
      const size_t base = (size_t)(b * rows * e + h * d);
      const size_t in = (size_t)(b * rows * stride + h * d);
      for (int64_t i = 0; i < rows; i++) {
        float* dqi = task->dq + in + i * stride;
        for (int64_t t = 0; t < d; t++) dqi[t] = 0.0f;
        if (i < s) continue;
        const float* qi = task->q + in + i * stride;
        const float* doi = task->dout + base + i * e;
        probability_row(qi, task->k + in, stride, d, s, i, scale, p);
        const float* m = task->drop == NULL ? NULL : task->drop + ((b * heads + h) * rows + i) * rows;
        float weighted = 0.0f;
        for (int64_t j = s; j <= i; j++) {
          const float mj = m == NULL ? 1.0f : m[j];
          const float pj = p[j - s];
          float* dvj = task->dv + in + j * stride;
          for (int64_t t = 0; t < d; t++) dvj[t] += pj * mj * doi[t];
          dp[j - s] = mj * dot(doi, task->v + in + j * stride, d);
          weighted += pj * dp[j - s];
        }
        for (int64_t j = s; j <= i; j++) {
          const float ds = p[j - s] * (dp[j - s] - weighted) * scale;
          const float* kj = task->k + in + j * stride;
          float* dkj = task->dk + in + j * stride;
          for (int64_t t = 0; t < d; t++) {
            dqi[t] += ds * kj[t];
            dkj[t] += ds * qi[t];
          }
        }
      }
    }
  }
  free(p);
}

typedef void (*range_fn)(const masked_task*, int64_t, int64_t);
typedef struct {
  range_fn run;
  const masked_task* task;
  int64_t b0, b1;
} masked_slice;

static void* run_slice(void* arg) {
  const masked_slice* slice = (const masked_slice*)arg;
  slice->run(slice->task, slice->b0, slice->b1);
  return NULL;
}

static void split_examples(range_fn run, const masked_task* task, int64_t batch) {
  pthread_t helper;
  masked_slice second = {run, task, batch / 2, batch};
  if (openblas_get_num_threads() > 1 && batch >= 2 && pthread_create(&helper, NULL, run_slice, &second) == 0) {
    run(task, 0, batch / 2);
    pthread_join(helper, NULL);
  } else {
    run(task, 0, batch);
  }
}

// Reads (q, k, v, [dout,] outputs..., batch, rows, heads, keyStart, drop); fills the task. 0 after throwing.
static int read_task(napi_env env, napi_value* argv, int backward, masked_task* task, int64_t* batch) {
  const int arrays = backward ? 7 : 4;
  float* a[7];
  size_t l[7];
  for (int i = 0; i < arrays; i++)
    if (!get_floats(env, argv[i], &a[i], &l[i])) return 0;
  int64_t rows, heads;
  if (!get_int(env, argv[arrays], batch) || !get_int(env, argv[arrays + 1], &rows) || !get_int(env, argv[arrays + 2], &heads)) return 0;
  napi_typedarray_type type;
  void* raw = NULL;
  size_t starts = 0;
  if (napi_get_typedarray_info(env, argv[arrays + 3], &type, &starts, &raw, NULL, NULL) != napi_ok || type != napi_int32_array) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native.maskedAttention: keyStart must be an Int32Array");
    return 0;
  }
  float* drop;
  size_t ldrop;
  if (!get_floats(env, argv[arrays + 4], &drop, &ldrop)) return 0;
  for (int i = 1; i < arrays; i++)
    if (l[i] != l[0]) {
      napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.maskedAttention: tensors differ in length");
      return 0;
    }
  if (*batch <= 0 || rows <= 0 || heads <= 0 || l[0] % (size_t)(*batch * rows) != 0 || (l[0] / (size_t)(*batch * rows)) % (size_t)heads != 0 ||
      starts != (size_t)*batch || (ldrop != 0 && ldrop != (size_t)(*batch * heads * rows * rows))) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.maskedAttention: shapes do not match batch x rows x (heads x d)");
    return 0;
  }
  task->q = a[0];
  task->k = a[1];
  task->v = a[2];
  task->rows = rows;
  task->heads = heads;
  task->e = (int64_t)(l[0] / (size_t)(*batch * rows));
  task->in_stride = task->e;
  task->key_start = (const int32_t*)raw;
  task->drop = ldrop == 0 ? NULL : drop;
  if (backward) {
    task->dout = a[3];
    task->dq = a[4];
    task->dk = a[5];
    task->dv = a[6];
  } else {
    task->out = a[3];
  }
  return 1;
}

// maskedAttention(q, k, v, out, batch, rows, heads, keyStart, drop)
napi_value masked_attention(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  masked_task task = {0};
  int64_t batch;
  if (!read_task(env, argv, 0, &task, &batch)) return NULL;
  split_examples(forward_range, &task, batch);
  return NULL;
}

// maskedAttentionBackward(q, k, v, dout, dq, dk, dv, batch, rows, heads, keyStart, drop): dk and dv are
// accumulated, so they are zeroed first.
napi_value masked_attention_backward(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  masked_task task = {0};
  int64_t batch;
  if (!read_task(env, argv, 1, &task, &batch)) return NULL;
  const size_t size = (size_t)(batch * task.rows * task.e);
  memset(task.dk, 0, sizeof(float) * size);
  memset(task.dv, 0, sizeof(float) * size);
  split_examples(backward_range, &task, batch);
  return NULL;
}

// maskedAttentionPacked(qkv, out, batch, rows, heads, keyStart, drop): the same with q, k and v packed side
// by side in one [batch, rows, 3E] tensor (one projection GEMM), out [batch, rows, E].
napi_value masked_attention_packed(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *qkv, *out, *drop;
  size_t lqkv, lout, ldrop, starts = 0;
  int64_t batch, rows, heads;
  napi_typedarray_type type;
  void* raw = NULL;
  if (!get_floats(env, argv[0], &qkv, &lqkv) || !get_floats(env, argv[1], &out, &lout) || !get_int(env, argv[2], &batch) ||
      !get_int(env, argv[3], &rows) || !get_int(env, argv[4], &heads) || !get_floats(env, argv[6], &drop, &ldrop))
    return NULL;
  if (napi_get_typedarray_info(env, argv[5], &type, &starts, &raw, NULL, NULL) != napi_ok || type != napi_int32_array) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native.maskedAttentionPacked: keyStart must be an Int32Array");
    return NULL;
  }
  if (batch <= 0 || rows <= 0 || heads <= 0 || lqkv != 3 * lout || lout % (size_t)(batch * rows) != 0 || (lout / (size_t)(batch * rows)) % (size_t)heads != 0 ||
      starts != (size_t)batch || (ldrop != 0 && ldrop != (size_t)(batch * heads * rows * rows))) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.maskedAttentionPacked: shapes do not match");
    return NULL;
  }
  const int64_t e = (int64_t)(lout / (size_t)(batch * rows));
  masked_task task = {.q = qkv, .k = qkv + e, .v = qkv + 2 * e, .out = out, .drop = ldrop == 0 ? NULL : drop,
                      .key_start = (const int32_t*)raw, .rows = rows, .heads = heads, .e = e, .in_stride = 3 * e};
  split_examples(forward_range, &task, batch);
  return NULL;
}

// maskedAttentionPackedBackward(qkv, dout, dqkv, batch, rows, heads, keyStart, drop): dqkv [batch, rows, 3E].
napi_value masked_attention_packed_backward(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *qkv, *dout, *dqkv, *drop;
  size_t lqkv, ldout, ldqkv, ldrop, starts = 0;
  int64_t batch, rows, heads;
  napi_typedarray_type type;
  void* raw = NULL;
  if (!get_floats(env, argv[0], &qkv, &lqkv) || !get_floats(env, argv[1], &dout, &ldout) || !get_floats(env, argv[2], &dqkv, &ldqkv) ||
      !get_int(env, argv[3], &batch) || !get_int(env, argv[4], &rows) || !get_int(env, argv[5], &heads) || !get_floats(env, argv[7], &drop, &ldrop))
    return NULL;
  if (napi_get_typedarray_info(env, argv[6], &type, &starts, &raw, NULL, NULL) != napi_ok || type != napi_int32_array) {
    napi_throw_type_error(env, "RECNAS_NATIVE", "recnas_native.maskedAttentionPackedBackward: keyStart must be an Int32Array");
    return NULL;
  }
  if (batch <= 0 || rows <= 0 || heads <= 0 || lqkv != 3 * ldout || ldqkv != lqkv || ldout % (size_t)(batch * rows) != 0 ||
      (ldout / (size_t)(batch * rows)) % (size_t)heads != 0 || starts != (size_t)batch || (ldrop != 0 && ldrop != (size_t)(batch * heads * rows * rows))) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.maskedAttentionPackedBackward: shapes do not match");
    return NULL;
  }
  const int64_t e = (int64_t)(ldout / (size_t)(batch * rows));
  memset(dqkv, 0, sizeof(float) * ldqkv);
  masked_task task = {.q = qkv, .k = qkv + e, .v = qkv + 2 * e, .dout = dout, .dq = dqkv, .dk = dqkv + e, .dv = dqkv + 2 * e,
                      .drop = ldrop == 0 ? NULL : drop, .key_start = (const int32_t*)raw, .rows = rows, .heads = heads, .e = e, .in_stride = 3 * e};
  split_examples(backward_range, &task, batch);
  return NULL;
}
