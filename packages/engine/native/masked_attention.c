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

// kt[c * rows + j] = rows j in [s, rows) of a [rows, d] head slice whose rows are `stride` apart, transposed
// ([d, rows]): scores and dP then run down contiguous key columns, vectorized over keys, instead of one
// horizontal d-wide dot product per (query, key) pair.
static void transpose_keys(const float* k, int64_t stride, int64_t d, int64_t s, int64_t rows, float* restrict kt) {
  for (int64_t j = s; j < rows; j++) {
    const float* kj = k + j * stride;
    for (int64_t c = 0; c < d; c++) kt[c * rows + j] = kj[c];
  }
}

// out[j] = scale x sum_c q[c] kt[c][j] for j in [s, i] (kt rows `rows` long).
static inline void row_scores(const float* restrict q, const float* restrict kt, int64_t rows, int64_t d, int64_t s, int64_t i, float scale, float* restrict out) {
  for (int64_t j = s; j <= i; j++) out[j] = 0.0f;
  for (int64_t c = 0; c < d; c++) {
    const float qc = q[c];
    const float* restrict column = kt + c * rows;
    for (int64_t j = s; j <= i; j++) out[j] += qc * column[j];
  }
  for (int64_t j = s; j <= i; j++) out[j] *= scale;
}

// p[j] for j in [s, i]: softmax of the scores in p (in place).
static inline void softmax_span(float* restrict p, int64_t s, int64_t i) {
  // A NaN or infinite score makes the row NaN, as the composed softmax would (the clamps below would hide it).
  float poison = 0.0f;
  for (int64_t j = s; j <= i; j++) poison += p[j] * 0.0f;
  if (poison != 0.0f) {
    for (int64_t j = s; j <= i; j++) p[j] = NAN;
    return;
  }
  float best = -INFINITY;
  for (int64_t j = s; j <= i; j++) best = p[j] > best ? p[j] : best;
  float total = 0.0f;
  for (int64_t j = s; j <= i; j++) {
    p[j] = exp_nonpositive(p[j] - best);
    total += p[j];
  }
  const float inverse = 1.0f / total;
  for (int64_t j = s; j <= i; j++) p[j] *= inverse;
}

// The dropout multipliers m[j], j in [s, i], of query row i of (b, h): from the float array, from the draw
// (computed here, nothing stored), or 1.
static inline void row_dropout(const masked_task* task, int64_t b, int64_t h, int64_t i, int64_t s, float* restrict m) {
  const int64_t rows = task->rows;
  const int64_t offset = ((b * task->heads + h) * rows + i) * rows;
  if (task->drop != NULL) {
    for (int64_t j = s; j <= i; j++) m[j] = task->drop[offset + j];
  } else if (task->drop_draw != NULL) {
    const dropout_draw* draw = task->drop_draw;
    const uint32_t seed = draw->seed, threshold = draw->threshold;
    const float keep = draw->keep;
    for (int64_t j = s; j <= i; j++) {
      const uint32_t e = (uint32_t)(offset + j);
      const uint32_t half = (dropout_bits(seed, e >> 1) >> ((e & 1u) << 4)) & 0xffffu;
      m[j] = half >= threshold ? keep : 0.0f;
    }
  } else {
    for (int64_t j = s; j <= i; j++) m[j] = 1.0f;
  }
}

RECNAS_CLONES void masked_forward_range(const masked_task* task, int64_t b0, int64_t b1) {
  const int64_t rows = task->rows, heads = task->heads, e = task->e, d = e / heads, stride = task->in_stride;
  const float scale = 1.0f / sqrtf((float)d);
  float* scratch = (float*)malloc(sizeof(float) * (size_t)(rows * (d + 2)));
  float* kt = scratch;
  float* p = kt + rows * d;
  float* m = p + rows;
  for (int64_t b = b0; b < b1; b++) {
    // Clamped to [0, rows]: a negative start means no padding, one past the rows an all-padding example
    // (what the composed mask gives for those values).
    const int64_t s = task->key_start[b] < 0 ? 0 : task->key_start[b] > rows ? rows : task->key_start[b];
    for (int64_t h = 0; h < heads; h++) {
      const size_t base = (size_t)(b * rows * e + h * d);
      const size_t in = (size_t)(b * rows * stride + h * d);
      transpose_keys(task->k + in, stride, d, s, rows, kt);
      for (int64_t i = 0; i < rows; i++) {
        float* restrict oi = task->out + base + i * e;
        for (int64_t t = 0; t < d; t++) oi[t] = 0.0f;
        if (i < s) continue;
        row_scores(task->q + in + i * stride, kt, rows, d, s, i, scale, p);
        softmax_span(p, s, i);
        row_dropout(task, b, h, i, s, m);
        for (int64_t j = s; j <= i; j++) {
          const float w = p[j] * m[j];
          const float* restrict vj = task->v + in + j * stride;
          for (int64_t t = 0; t < d; t++) oi[t] += w * vj[t];
        }
      }
    }
  }
  free(scratch);
}

// Per (example, head): pass 1 goes down the query rows: recomputes p_i, the dropout m_i, dp_ij = m_ij (dout_i .
// v_j) down the columns of v^T, ds_ij = p_ij (dp_ij - sum_j p_ij dp_ij) scale, and dq_i = sum_j ds_ij k_j
// (d wide rows, no horizontal sums), keeping p m and ds as [rows, rows] tiles. Pass 2 goes down the key rows: dv_j = sum_i
// (p m)_ij dout_i and dk_j = sum_i ds_ij q_i, accumulated locally and added to dv and dk once per row.
RECNAS_CLONES void masked_backward_range(const masked_task* task, int64_t b0, int64_t b1) {
  const int64_t rows = task->rows, heads = task->heads, e = task->e, d = e / heads, stride = task->in_stride;
  const float scale = 1.0f / sqrtf((float)d);
  float* scratch = (float*)malloc(sizeof(float) * (size_t)(rows * (2 * d + 3) + 2 * rows * rows + 2 * d));
  float* kt = scratch;
  float* vt = kt + rows * d;
  float* p = vt + rows * d;
  float* dp = p + rows;
  float* m = dp + rows;
  float* pm_tile = m + rows;
  float* ds_tile = pm_tile + rows * rows;
  float* accumulate_v = ds_tile + rows * rows;
  float* accumulate_k = accumulate_v + d;
  for (int64_t b = b0; b < b1; b++) {
    // Clamped to [0, rows]: a negative start means no padding, one past the rows an all-padding example
    // (what the composed mask gives for those values).
    const int64_t s = task->key_start[b] < 0 ? 0 : task->key_start[b] > rows ? rows : task->key_start[b];
    for (int64_t h = 0; h < heads; h++) {
      const size_t base = (size_t)(b * rows * e + h * d);
      const size_t in = (size_t)(b * rows * stride + h * d);
      transpose_keys(task->k + in, stride, d, s, rows, kt);
      transpose_keys(task->v + in, stride, d, s, rows, vt);
      for (int64_t i = 0; i < rows; i++) {
        float* restrict dqi = task->dq + in + i * stride;
        if (i < s) {
          for (int64_t t = 0; t < d; t++) dqi[t] = 0.0f;
          continue;
        }
        const float* restrict qi = task->q + in + i * stride;
        const float* restrict doi = task->dout + base + i * e;
        row_scores(qi, kt, rows, d, s, i, scale, p);
        softmax_span(p, s, i);
        row_dropout(task, b, h, i, s, m);
        row_scores(doi, vt, rows, d, s, i, 1.0f, dp);
        float weighted = 0.0f;
        for (int64_t j = s; j <= i; j++) {
          dp[j] *= m[j];
          weighted += p[j] * dp[j];
        }
        float* restrict pm_row = pm_tile + i * rows;
        float* restrict ds_row = ds_tile + i * rows;
        for (int64_t j = s; j <= i; j++) {
          pm_row[j] = p[j] * m[j];
          ds_row[j] = p[j] * (dp[j] - weighted) * scale;
        }
        for (int64_t t = 0; t < d; t++) dqi[t] = 0.0f;
        for (int64_t j = s; j <= i; j++) {
          const float ds = ds_row[j];
          const float* restrict kj = task->k + in + j * stride;
          for (int64_t t = 0; t < d; t++) dqi[t] += ds * kj[t];
        }
      }
      for (int64_t j = s; j < rows; j++) {
        for (int64_t t = 0; t < d; t++) accumulate_v[t] = accumulate_k[t] = 0.0f;
        for (int64_t i = j; i < rows; i++) {
          const float pm = pm_tile[i * rows + j];
          const float ds = ds_tile[i * rows + j];
          const float* restrict doi = task->dout + base + i * e;
          const float* restrict qi = task->q + in + i * stride;
          for (int64_t t = 0; t < d; t++) {
            accumulate_v[t] += pm * doi[t];
            accumulate_k[t] += ds * qi[t];
          }
        }
        float* restrict dvj = task->dv + in + j * stride;
        float* restrict dkj = task->dk + in + j * stride;
        for (int64_t t = 0; t < d; t++) {
          dvj[t] += accumulate_v[t];
          dkj[t] += accumulate_k[t];
        }
      }
    }
  }
  free(scratch);
}

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

void split_examples(range_fn run, const masked_task* task, int64_t batch) {
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
  split_examples(masked_forward_range, &task, batch);
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
  split_examples(masked_backward_range, &task, batch);
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
  split_examples(masked_forward_range, &task, batch);
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
  split_examples(masked_backward_range, &task, batch);
  return NULL;
}
