// Shared by the profile scripts: runs `step` under tf.profile `steps` times and prints the time per tfjs kernel
// and the slowest (kernel, input shapes) pairs, with the wall time per step next to the kernels' sum (the
// difference is JavaScript outside kernels: gathers, scatters, bookkeeping).
import { tf } from '@recnas/engine';

export async function printKernelProfile(info, steps, step) {
  const totals = new Map();
  const byShape = new Map();
  const add = (map, key, ms) => {
    const entry = map.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    map.set(key, entry);
  };
  let wall = 0;
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    const profile = await tf.profile(() => { step(i); });
    wall += performance.now() - start;
    for (const kernel of profile.kernels) {
      const ms = Number(kernel.kernelTimeMs) || 0;
      add(totals, kernel.name, ms);
      add(byShape, `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`, ms);
    }
  }
  const kernelMs = [...totals.values()].reduce((sum, entry) => sum + entry.ms, 0);
  process.stdout.write(`backend ${info.name}, ${steps} steps, wall ${(wall / steps).toFixed(0)} ms/step, kernels ${(kernelMs / steps).toFixed(0)} ms/step\n`);
  for (const [name, entry] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    process.stdout.write(`${name.padEnd(22)} ${(entry.ms / steps).toFixed(1).padStart(9)} ms/step ${((100 * entry.ms) / kernelMs).toFixed(1).padStart(5)}%  ${String(entry.calls / steps).padStart(6)} calls/step\n`);
  }
  process.stdout.write('\nslowest kernel calls by input shapes:\n');
  for (const [key, entry] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(process.env.RECNAS_PROFILE_TOP ?? 20))) {
    process.stdout.write(`${(entry.ms / steps).toFixed(1).padStart(9)} ms/step ${String(entry.calls / steps).padStart(6)} calls/step  ${key}\n`);
  }
}
