// Shared by the native kernel families (recnas_native.c: GEMM, elementwise, attention, LayerNorm, sparse
// rows; gelu.c: GELU; masked_attention.c: SASRec's causal, padded attention). Node-API argument helpers, the branch-free exp, and each family's entry points.
#ifndef RECNAS_NATIVE_H
#define RECNAS_NATIVE_H
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

// Argument readers: return 0 after throwing a TypeError when the value has the wrong type.
int get_floats(napi_env env, napi_value value, float** data, size_t* length);
int get_int(napi_env env, napi_value value, int64_t* out);
int get_double(napi_env env, napi_value value, double* out);

// e^x for x <= 0 to ~2 ulp (Cephes expf's range reduction and polynomial), written branch-free so loops
// over it vectorize (glibc's expf does not): softmax over attention scores calls it W^2 times per head.
static inline float exp_nonpositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float fx = x * 1.44269504088896341f + 0.5f;
  const int truncated = (int)fx;
  const int n = truncated - (fx < (float)truncated);  // floor
  const float nf = (float)n;
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

// gelu.c
napi_value gelu(napi_env env, napi_callback_info info);
napi_value gelu_backward(napi_env env, napi_callback_info info);

// masked_attention.c
napi_value masked_attention(napi_env env, napi_callback_info info);
napi_value masked_attention_backward(napi_env env, napi_callback_info info);
napi_value masked_attention_packed(napi_env env, napi_callback_info info);
napi_value masked_attention_packed_backward(napi_env env, napi_callback_info info);

#endif
