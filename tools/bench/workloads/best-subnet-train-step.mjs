// Benchmark workload (SPEC section 10): training steps of the best published NASRec-Full Criteo subnet
// (packages/supernet/test/fixtures/nasrec_best_criteo_full.json) built from scratch, batch 512, Criteo dims,
// on the automatically selected backend (RECNAS_BACKEND to force one).
// Reference: the official NASRec code on PyTorch runs 1,451 samples/s (1 thread); target >= 7,250.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng, allocateBatch } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { buildFromScratch, importNasrecArchitecture } from '@recnas/supernet';
import { CRITEO_VOCAB } from './supernet-train-step.mjs';
import { timeRuns } from './bench-backends.mjs';

const BATCH_SIZE = 512;
const ARCH_FILE = new URL('../../../packages/supernet/test/fixtures/nasrec_best_criteo_full.json', import.meta.url);

export default async function bestSubnetTrainStepWorkload() {
  const info = await initBackend({ ...(process.env.RECNAS_BACKEND ? { backend: process.env.RECNAS_BACKEND } : {}), logger: () => undefined });
  const registry = createOperatorRegistry();
  registerBuiltinOperators(registry);
  const arch = importNasrecArchitecture(JSON.parse(readFileSync(ARCH_FILE, 'utf8')));
  if (E.isLeft(arch)) throw arch.left;
  const built = buildFromScratch(arch.right, { space: NASREC_FULL_SPACE, registry, denseFeatures: 13, sparseFields: CRITEO_VOCAB, seed: 2018, training: { totalSteps: 100_000 } });
  if (E.isLeft(built)) throw built.left;
  const subnet = built.right;
  const rng = Rng.fromSeed(2018);
  const batch = allocateBatch(BATCH_SIZE, 13, CRITEO_VOCAB.length);
  for (let i = 0; i < batch.dense.length; i++) batch.dense[i] = Math.log1p(rng.nextInt(1000));
  for (let i = 0; i < batch.sparse.length; i++) batch.sparse[i] = rng.nextInt(Math.min(CRITEO_VOCAB[i % CRITEO_VOCAB.length], 500_000));
  for (let i = 0; i < BATCH_SIZE; i++) batch.label[i] = rng.bernoulli(0.25) ? 1 : 0;
  subnet.trainStep(batch); // creates the optimizer state; not timed
  const { runs, seconds } = timeRuns(() => subnet.trainStep(batch), { budgetSeconds: 15, minRuns: 2, maxRuns: 200 });
  const result = {
    workload: 'nasrec-full-best-criteo-subnet-train-step',
    batchSize: BATCH_SIZE,
    steps: runs,
    seconds: Number(seconds.toFixed(3)),
    samplesPerSecond: Math.round((runs * BATCH_SIZE) / seconds),
    layout: 'weight-sharing (masked concatenation, max-width operators)',
    denseParameters: subnet.parameterCount,
    backend: info.name,
    engine: info.name === 'native' ? 'native-blas' : 'stock',
  };
  subnet.dispose();
  return result;
}
