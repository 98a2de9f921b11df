{
  "targets": [
    {
      "target_name": "recnas_native",
      "sources": ["recnas_native.c", "gelu.c", "masked_attention.c", "parallel.c", "positional_norm.c", "row_dots.c", "sasrec_layer.c"],
      "cflags": ["-O3", "-std=c11", "-pthread", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas", "-lm", "-lpthread"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
