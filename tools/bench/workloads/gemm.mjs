// Benchmark workload (issue 5): GEMM 512 x 783 x 512 (the DLRM top MLP's first layer at batch 512) in
// GFLOP/s through tf.matMul, per backend; on `native` with 1 BLAS thread and with all cores.
// Reference on this machine: PyTorch 1.13 + OpenBLAS 92.6 GFLOP/s (1 thread), 196 (2 threads);
// stock tfjs wasm 3.6, cpu 0.7.
import { availableParallelism } from 'node:os';
import { setBlasThreads, tf } from '@recnas/engine';
import { benchBackends, timeRuns, useBackend } from '../lib/bench-backends.mjs';

const [M, K, N] = [512, 783, 512];

export default async function gemmWorkload() {
  const results = [];
  for (const name of benchBackends()) {
    const info = await useBackend(name);
    if (info === undefined) continue;
    const threadSettings = name === 'native' ? [1, availableParallelism()] : [info.threads];
    for (const threads of threadSettings) {
      if (name === 'native') setBlasThreads(threads);
      const a = tf.randomUniform([M, K]);
      const b = tf.randomUniform([K, N]);
      tf.matMul(a, b).dispose();
      const { runs, seconds } = timeRuns(() => tf.matMul(a, b).dataSync(), { budgetSeconds: name === 'native' ? 3 : 6, minRuns: 2 });
      tf.dispose([a, b]);
      results.push({
        workload: 'gemm-512x783x512',
        gflopsPerSecond: Number(((2 * M * K * N * runs) / seconds / 1e9).toFixed(2)),
        runs,
        backend: name,
        engine: info.engine,
        threads,
      });
    }
  }
  return results;
}
