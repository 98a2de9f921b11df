// Shared by workloads that compare backends: which backends to run (RECNAS_BENCH_BACKENDS, default
// native,wasm,cpu), and switching the process's tfjs backend to one of them (skipping unavailable ones).
import { initBackend, tf } from '@recnas/engine';

export function benchBackends(defaults = 'native,wasm,cpu') {
  return (process.env.RECNAS_BENCH_BACKENDS ?? defaults).split(',').map((name) => name.trim()).filter(Boolean);
}

/** The kernel set a backend runs, for result lines: native BLAS kernels on `native`, stock tfjs elsewhere. */
export function engineOf(backendName) {
  return backendName === 'native' ? 'native-blas' : 'stock';
}

/** Activates `name`; returns its BackendInfo plus the kernel set, or undefined when it does not load. */
export async function useBackend(name) {
  try {
    const info = await initBackend({ backend: name, logger: () => undefined });
    tf.setBackend(name);
    return { ...info, engine: engineOf(name) };
  } catch (error) {
    process.stderr.write(`[bench] backend ${name} unavailable: ${error.message.split('\n')[0]}\n`);
    return undefined;
  }
}

/** Runs `step` until `budgetSeconds` pass (at least `minRuns`, at most `maxRuns`); returns runs and seconds. */
export function timeRuns(step, { budgetSeconds, minRuns = 1, maxRuns = 1000 }) {
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  let runs = 0;
  while (runs < maxRuns && (runs < minRuns || elapsed() < budgetSeconds)) {
    step();
    runs += 1;
  }
  return { runs, seconds: elapsed() };
}
