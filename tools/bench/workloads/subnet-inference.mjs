// Benchmark workload (SPEC section 10): inference of the best published NASRec-Full Criteo subnet
// (packages/supernet/test/fixtures/nasrec_best_criteo_full.json) at batch 512, Criteo dims, fresh seeded
// weights (`buildFromScratch`), on the automatically selected backend (RECNAS_BACKEND to force one). Samples/s of `predict` (embedding lookup, forward,
// sigmoid, read-back); one untimed call first.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng, allocateBatch } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { buildFromScratch, countArchCost, importNasrecArchitecture } from '@recnas/supernet';

const BATCH_SIZE = 512;
const TIME_BUDGET_SECONDS = 15;
const CRITEO_VOCAB = [
  1461, 584, 10131227, 2202609, 306, 25, 12518, 634, 4, 93146, 5684, 8351593, 3195, 28, 14993, 5461307, 11, 5653, 2174, 5, 7046548, 19, 16,
  286182, 106, 142573,
];
const ARCH_FILE = new URL('../../../packages/supernet/test/fixtures/nasrec_best_criteo_full.json', import.meta.url);

export default async function subnetInferenceWorkload() {
  const info = await initBackend({ ...(process.env.RECNAS_BACKEND ? { backend: process.env.RECNAS_BACKEND } : {}), logger: () => undefined });
  const registry = createOperatorRegistry();
  registerBuiltinOperators(registry);
  const arch = importNasrecArchitecture(JSON.parse(readFileSync(ARCH_FILE, 'utf8')));
  if (E.isLeft(arch)) throw arch.left;
  const config = { space: NASREC_FULL_SPACE, registry, denseFeatures: 13, sparseFields: CRITEO_VOCAB, seed: 2018, training: { totalSteps: 1000 } };
  const built = buildFromScratch(arch.right, config);
  if (E.isLeft(built)) throw built.left;
  const subnet = built.right;
  const rng = Rng.fromSeed(2018);
  const batch = allocateBatch(BATCH_SIZE, 13, CRITEO_VOCAB.length);
  for (let i = 0; i < batch.dense.length; i++) batch.dense[i] = Math.log1p(rng.nextInt(1000));
  for (let i = 0; i < batch.sparse.length; i++) batch.sparse[i] = rng.nextInt(Math.min(CRITEO_VOCAB[i % CRITEO_VOCAB.length], 500_000));
  subnet.predict(batch);
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  let batches = 0;
  while (batches === 0 || (elapsed() < TIME_BUDGET_SECONDS && batches < 200)) {
    subnet.predict(batch);
    batches += 1;
  }
  const seconds = elapsed();
  const cost = countArchCost(arch.right, config);
  const result = {
    workload: 'nasrec-full-best-criteo-subnet-inference',
    batchSize: BATCH_SIZE,
    batches,
    seconds: Number(seconds.toFixed(3)),
    samplesPerSecond: Math.round((batches * BATCH_SIZE) / seconds),
    layout: 'weight-sharing (masked concatenation, max-width operators)',
    denseParameters: subnet.parameterCount,
    flopsPerExample: E.isRight(cost) ? cost.right.flopsPerExample : undefined,
    backend: info.name,
    engine: info.name === 'native' ? 'native-blas' : 'stock',
  };
  subnet.dispose();
  return result;
}
