#!/usr/bin/env node
// FLOPs of sliced NASRec-Full supernet steps, counted from the kernels tf.profile records (matmuls from their
// shapes, the fused attention as 2 x 2 x B x Wq x W x E forward and twice that backward), on the bench's random
// single-operator paths at batch 512 (tables capped at 1,000 rows): what a target rate asks of the machine in
// sustained GFLOP/s (decision 0018). Usage: node tools/bench/supernet-step-flops.mjs
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { CtrSupernet } from '@recnas/supernet';
import { criteoLikeBatch, CRITEO_VOCAB, sampleSingleOperatorPath } from './workloads/supernet-train-step.mjs';
const info = await initBackend({ backend: 'native', logger: () => undefined });
const registry = createOperatorRegistry(); registerBuiltinOperators(registry);
const c = CtrSupernet.create({ space: NASREC_FULL_SPACE, registry, denseFeatures: 13, sparseFields: CRITEO_VOCAB.map((v) => Math.min(v, 1000)), seed: 2018, training: { totalSteps: 1000 } });
const supernet = c.right;
const rng = Rng.fromSeed(2018);
const batch = criteoLikeBatch(rng);
for (const b of batch.sparse.keys()) batch.sparse[b] %= 1000;
let flops = 0, attnFlops = 0, steps = 8, ms = 0;
for (let i = 0; i < steps; i++) {
  const p = sampleSingleOperatorPath(NASREC_FULL_SPACE, rng);
  const t0 = performance.now();
  const prof = await tf.profile(() => { supernet.trainStep(batch, p); });
  ms += performance.now() - t0;
  for (const k of prof.kernels) {
    if (k.name === 'BatchMatMul') {
      const [a, b] = k.inputShapes; // tfjs records shapes; transposes unknown: use the output size x inner
      const out = k.outputShapes[0];
      const m = out[out.length - 2], n = out[out.length - 1];
      const batchCount = out.length === 3 ? out[0] : 1;
      const kk = a.length === 2 ? (a[0] === m ? a[1] : a[0]) : (a[1] === m ? a[2] : a[1]);
      flops += 2 * batchCount * m * n * kk;
    }
    if (k.name === 'RecnasAttention' || k.name === 'RecnasAttentionBackward') {
      const [q, kk] = k.inputShapes; // [B, Wq, E], [B, W, E]
      attnFlops += (k.name === 'RecnasAttention' ? 1 : 2) * 2 * 2 * q[0] * q[1] * kk[1] * q[2];
    }
  }
}
console.log('matmul GFLOP/step', (flops / steps / 1e9).toFixed(2), 'attention GFLOP/step', (attnFlops / steps / 1e9).toFixed(2), 'ms/step (profiled)', (ms / steps).toFixed(0));
const perExample = (flops + attnFlops) / steps / 512;
console.log('MFLOP per trained example', (perExample / 1e6).toFixed(1), '-> GFLOP/s at 1,760/s:', (perExample * 1760 / 1e9).toFixed(0));
