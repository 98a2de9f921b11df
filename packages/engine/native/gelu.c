// GELU in the exact erf form (BERT, ICLRec's SASRec): gelu(x) = 0.5 x (1 + erf(x / sqrt 2)), forward and
// backward, branch-free so the loops vectorize (glibc's erff does not). erf is Eigen's/XLA's float rational
// approximation (odd degree-13 numerator over even degree-8 denominator, x clamped to [-4, 4]), accurate to a
// few ulp; tfjs's stock Erf uses Abramowitz-Stegun 7.1.26 (max error 1.5e-7).
#include "recnas_native.h"


// gelu(x, out): out[i] = 0.5 x (1 + erf(x / sqrt 2)).
napi_value gelu(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t lx, lo;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &out, &lo)) return NULL;
  if (lx != lo) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.gelu: x and out differ in length");
    return NULL;
  }
  for (size_t i = 0; i < lx; i++) out[i] = gelu_at(x[i]);
  return NULL;
}

// geluBackward(x, dy, dx): dx = dy (0.5 (1 + erf(x / sqrt 2)) + x exp(-x^2 / 2) / sqrt(2 pi)).
napi_value gelu_backward(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *dy, *dx;
  size_t lx, ly, ld;
  if (!get_floats(env, argv[0], &x, &lx) || !get_floats(env, argv[1], &dy, &ly) || !get_floats(env, argv[2], &dx, &ld)) return NULL;
  if (lx != ly || lx != ld) {
    napi_throw_range_error(env, "RECNAS_NATIVE", "recnas_native.geluBackward: x, dy and dx differ in length");
    return NULL;
  }
  for (size_t i = 0; i < lx; i++) dx[i] = dy[i] * gelu_slope(x[i]);
  return NULL;
}
