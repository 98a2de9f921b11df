// Benchmark workload (SPEC section 10): NASRec-Full supernet training steps at Criteo dims (13 dense,
// 26 sparse fields, E 16, tables capped at 500,000 rows), batch 512, on the automatically selected backend (RECNAS_BACKEND to force one).
// Reference: the official NASRec code on PyTorch runs 176 samples/s (1 thread); target >= 1,760 samples/s.
// Paths come from an inline seeded single-operator sampler (one dense and one sparse operator per block,
// each connection on with p = 0.5, at least one; random widths and toggles), NASRec's default sampling
// without the warm-up phase. Building the supernet (171.5M dense parameters, 686 MB) is not timed.
// Known limits on tfjs-backend-wasm 4.22 (see packages/supernet/README.md): the weight-gradient matmuls
// (x^T dy with thousands of rows) run at ~0.1 GFLOP/s, and a step through a late sigmoid-gating gate
// (6157 x 6157) needs more than the wasm heap can address; such a failure is reported in `failure`.
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng, allocateBatch, denseOperators, sparseOperators } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { CtrSupernet } from '@recnas/supernet';
import { engineOf } from '../lib/bench-backends.mjs';

const BATCH_SIZE = 512;
const MAX_STEPS = 8;
const TIME_BUDGET_SECONDS = 40;
export const CRITEO_VOCAB = [
  1461, 584, 10131227, 2202609, 306, 25, 12518, 634, 4, 93146, 5684, 8351593, 3195, 28, 14993, 5461307, 11, 5653, 2174, 5, 7046548, 19, 16,
  286182, 106, 142573,
];

function subset(rng, position) {
  const chosen = Array.from({ length: position + 1 }, (_, i) => i).filter(() => rng.bernoulli(0.5));
  const inputs = chosen.length > 0 ? chosen : [rng.nextInt(position + 1)];
  return rng.shuffle(inputs).slice(0, 4).sort((a, b) => a - b);
}

/** NASRec's single-operator-any-connection sampling, as a plain seeded function. */
export function sampleSingleOperatorPath(space, rng) {
  return {
    space: space.id,
    blocks: Array.from({ length: space.blocks }, (_, position) => ({
      denseOps: [rng.pick(denseOperators(space)).id],
      sparseOps: [rng.pick(sparseOperators(space)).id],
      denseWidth: rng.pick(space.denseWidths),
      sparseWidth: rng.pick(space.sparseWidths),
      denseInputs: subset(rng, position),
      sparseInputs: subset(rng, position),
      denseLeftInputs: [rng.nextInt(position + 1)],
      denseRightInputs: [rng.nextInt(position + 1)],
      denseSparseInteract: rng.bernoulli(0.5),
      deepFm: rng.bernoulli(0.5),
    })),
  };
}

export function criteoLikeBatch(rng) {
  const batch = allocateBatch(BATCH_SIZE, 13, CRITEO_VOCAB.length);
  for (let i = 0; i < batch.dense.length; i++) batch.dense[i] = Math.log1p(rng.nextInt(1000));
  for (let b = 0; b < BATCH_SIZE; b++) {
    CRITEO_VOCAB.forEach((vocab, f) => {
      batch.sparse[b * CRITEO_VOCAB.length + f] = rng.nextInt(Math.min(vocab, 500_000));
    });
    batch.label[b] = rng.bernoulli(0.25) ? 1 : 0;
  }
  return batch;
}

export default async function supernetTrainStepWorkload() {
  const info = await initBackend({ ...(process.env.RECNAS_BACKEND ? { backend: process.env.RECNAS_BACKEND } : {}), logger: () => undefined });
  const registry = createOperatorRegistry();
  registerBuiltinOperators(registry);
  const buildStart = process.hrtime.bigint();
  const created = CtrSupernet.create({
    space: NASREC_FULL_SPACE,
    registry,
    denseFeatures: 13,
    sparseFields: CRITEO_VOCAB,
    seed: 2018,
    training: { totalSteps: 1000 },
  });
  if (E.isLeft(created)) throw created.left;
  const supernet = created.right;
  const buildSeconds = Number(process.hrtime.bigint() - buildStart) / 1e9;
  process.stderr.write(`[supernet-train-step] built in ${buildSeconds.toFixed(1)} s, ${JSON.stringify(tf.memory())}\n`);
  const rng = Rng.fromSeed(2018);
  const batch = criteoLikeBatch(rng);
  // Steps run until the time budget is spent (at least one). The first step of a path also creates the
  // Adagrad accumulators of its variables; it is timed, as in a real run where most paths are new.
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  let steps = 0;
  let failure;
  while (steps < MAX_STEPS && (steps === 0 || elapsed() < TIME_BUDGET_SECONDS)) {
    const path = sampleSingleOperatorPath(NASREC_FULL_SPACE, rng);
    try {
      supernet.trainStep(batch, path);
    } catch (error) {
      failure = `step ${steps + 1} (dense ops ${path.blocks.map((block) => block.denseOps[0]).join(', ')}): ${error.message.split('\n')[0]}`;
      break;
    }
    steps += 1;
  }
  const seconds = elapsed();
  const result = {
    workload: 'nasrec-full-supernet-train-step',
    batchSize: BATCH_SIZE,
    steps,
    seconds: Number(seconds.toFixed(3)),
    samplesPerSecond: steps === 0 ? 0 : Math.round((steps * BATCH_SIZE) / seconds),
    ...(failure === undefined ? {} : { failure }),
    buildSeconds: Number(buildSeconds.toFixed(1)),
    denseParameters: supernet.parameterCount,
    backend: info.name,
    engine: engineOf(info.name),
    numTensors: tf.memory().numTensors,
  };
  supernet.dispose();
  return result;
}
