#!/usr/bin/env node
// Sliced vs masked supernet steps on NASRec-Full at Criteo dims (decision 0018): the same seeded supernet trained
// both ways on the bench's random single-operator paths; prints each way's losses and step times, then the largest
// prediction and weight differences. Tables are capped at 1,000 rows so that two supernets fit.
// Usage: [RECNAS_BACKEND=native|wasm|cpu] node tools/bench/sliced-vs-masked.mjs [steps]
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { CtrSupernet } from '@recnas/supernet';
import { criteoLikeBatch, CRITEO_VOCAB, sampleSingleOperatorPath } from './workloads/supernet-train-step.mjs';
const info = await initBackend({ backend: process.env.RECNAS_BACKEND ?? 'native', logger: () => undefined });
const registry = createOperatorRegistry(); registerBuiltinOperators(registry);
const vocab = CRITEO_VOCAB.map((v) => Math.min(v, 1000));
const make = (mode) => { const c = CtrSupernet.create({ space: NASREC_FULL_SPACE, registry, denseFeatures: 13, sparseFields: vocab, seed: 2018, training: { totalSteps: 1000 }, supernetPaths: mode }); if (E.isLeft(c)) throw c.left; return c.right; };
const steps = Number(process.argv[2] ?? 4);
const modes = (process.env.MODES ?? 'masked,sliced').split(',');
const results = {};
for (const mode of modes) {
  const net = make(mode);
  const rng = Rng.fromSeed(2018);
  const batch = criteoLikeBatch(rng);
  for (const b of batch.sparse.keys()) batch.sparse[b] = batch.sparse[b] % 1000;
  const losses = []; const times = [];
  for (let i = 0; i < steps; i++) { const p = sampleSingleOperatorPath(NASREC_FULL_SPACE, rng); const t0 = performance.now(); losses.push(net.trainStep(batch, p)); times.push(performance.now() - t0); }
  const p = sampleSingleOperatorPath(NASREC_FULL_SPACE, rng);
  const pred = net.predict(batch, p);
  const vars = net.namedVariables().map(([n, v]) => [n, v.dataSync()]);
  results[mode] = { losses, pred, vars };
  console.log(mode, info.name, 'losses', losses.map((l) => l.toFixed(6)).join(' '), 'ms', times.map((t) => t.toFixed(0)).join(' '), 'tensors', tf.memory().numTensors);
  net.dispose();
}
if (results.masked && results.sliced) {
  let maxPred = 0; for (let i = 0; i < results.masked.pred.length; i++) maxPred = Math.max(maxPred, Math.abs(results.masked.pred[i] - results.sliced.pred[i]));
  let maxW = 0, where = '';
  results.masked.vars.forEach(([n, a], k) => { const b = results.sliced.vars[k][1]; for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); if (d > maxW) { maxW = d; where = n; } } });
  console.log('max |pred diff|', maxPred, 'max |weight diff|', maxW, where);
}
