#!/usr/bin/env node
// Kernel profile of NASRec-Full supernet training steps (the bench workload's sampling and batch):
// prints the share of time per tfjs kernel, for deciding which kernels the engine should replace.
// Usage: RECNAS_BACKEND=cpu|native|wasm node tools/bench/profile-supernet-step.mjs [steps]
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { CtrSupernet } from '@recnas/supernet';
import { criteoLikeBatch, CRITEO_VOCAB, sampleSingleOperatorPath } from './workloads/supernet-train-step.mjs';

const steps = Number(process.argv[2] ?? 3);
const info = await initBackend({ backend: process.env.RECNAS_BACKEND ?? 'wasm', logger: () => undefined });
const registry = createOperatorRegistry();
registerBuiltinOperators(registry);
const created = CtrSupernet.create({
  space: NASREC_FULL_SPACE, registry, denseFeatures: 13, sparseFields: CRITEO_VOCAB, seed: 2018, training: { totalSteps: 1000 },
});
if (E.isLeft(created)) throw created.left;
const supernet = created.right;
const rng = Rng.fromSeed(2018);
const batch = criteoLikeBatch(rng);
const totals = new Map();
const byShape = new Map();
let wall = 0;
for (let step = 0; step < steps; step++) {
  const path = sampleSingleOperatorPath(NASREC_FULL_SPACE, rng);
  const start = performance.now();
  const profile = await tf.profile(() => { supernet.trainStep(batch, path); });
  wall += performance.now() - start;
  for (const kernel of profile.kernels) {
    const entry = totals.get(kernel.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(kernel.kernelTimeMs) || 0;
    entry.calls += 1;
    totals.set(kernel.name, entry);
    const key = `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`;
    const shapeEntry = byShape.get(key) ?? { ms: 0, calls: 0 };
    shapeEntry.ms += Number(kernel.kernelTimeMs) || 0;
    shapeEntry.calls += 1;
    byShape.set(key, shapeEntry);
  }
}
const kernelMs = [...totals.values()].reduce((sum, entry) => sum + entry.ms, 0);
process.stdout.write(`backend ${info.name}, ${steps} steps, wall ${(wall / steps).toFixed(0)} ms/step, kernels ${(kernelMs / steps).toFixed(0)} ms/step\n`);
for (const [name, entry] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  process.stdout.write(`${name.padEnd(22)} ${(entry.ms / steps).toFixed(1).padStart(9)} ms/step ${((100 * entry.ms) / kernelMs).toFixed(1).padStart(5)}%  ${String(entry.calls / steps).padStart(6)} calls/step\n`);
}
process.stdout.write('\nslowest kernel calls by input shapes:\n');
for (const [key, entry] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  process.stdout.write(`${(entry.ms / steps).toFixed(1).padStart(9)} ms/step ${String(entry.calls / steps).padStart(6)} calls/step  ${key}\n`);
}
supernet.dispose();
