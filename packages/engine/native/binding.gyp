{
  "targets": [
    {
      "target_name": "recnas_native",
      "sources": ["recnas_native.c", "gelu.c", "masked_attention.c"],
      "cflags": ["-O3", "-std=c11", "-pthread", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas", "-lm", "-lpthread"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
