// GELU in the exact erf form (BERT, ICLRec's SASRec): gelu(x) = 0.5 x (1 + erf(x / sqrt 2)), forward and
// backward, branch-free so the loops vectorize (glibc's erff does not). erf is Eigen's/XLA's float rational
// approximation (odd degree-13 numerator over even degree-8 denominator, x clamped to [-4, 4]), accurate to a
// few ulp; tfjs's stock Erf uses Abramowitz-Stegun 7.1.26 (max error 1.5e-7).
#include "recnas_native.h"

static inline float erf_rational(float x) {
  x = x < -4.0f ? -4.0f : x > 4.0f ? 4.0f : x;
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
  for (size_t i = 0; i < lx; i++) out[i] = 0.5f * x[i] * (1.0f + erf_rational(x[i] * INV_SQRT2));
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
  for (size_t i = 0; i < lx; i++) {
    const float v = x[i];
    const float cdf = 0.5f * (1.0f + erf_rational(v * INV_SQRT2));
    dx[i] = dy[i] * (cdf + v * INV_SQRT_2PI * exp_nonpositive(-0.5f * v * v));
  }
  return NULL;
}
