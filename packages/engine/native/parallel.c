// Splits row loops of recnas's own kernels over two threads: the elementwise and per-row parts of a fused
// layer (bias, dropout, residual, LayerNorm, GELU) are memory- and latency-bound loops that one core runs at
// a fraction of the machine's speed. Same rule as the attention kernels: a helper thread only when BLAS may
// use more than one thread (worker threads set one, so they stay single-threaded).
#include <pthread.h>
#include "recnas_native.h"

extern int openblas_get_num_threads(void);

typedef struct {
  rows_fn run;
  void* context;
  int64_t r0, r1, part;
} rows_slice;

static void* run_rows_slice(void* arg) {
  const rows_slice* slice = (const rows_slice*)arg;
  slice->run(slice->context, slice->r0, slice->r1, slice->part);
  return NULL;
}

int parallel_rows(rows_fn run, void* context, int64_t rows, int64_t min_rows) {
  pthread_t helper;
  const int64_t half = rows / 2;
  rows_slice second = {run, context, half, rows, 1};
  if (rows >= min_rows && rows >= 2 && openblas_get_num_threads() > 1 && pthread_create(&helper, NULL, run_rows_slice, &second) == 0) {
    run(context, 0, half, 0);
    pthread_join(helper, NULL);
    return 2;
  }
  run(context, 0, rows, 0);
  return 1;
}
