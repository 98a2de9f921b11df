{
  "targets": [
    {
      "target_name": "recnas_native",
      "sources": ["recnas_native.c"],
      "cflags": ["-O3", "-std=c11", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas", "-lm"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
