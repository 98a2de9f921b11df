// Shared by the subnet workloads: the best published NASRec-Full Criteo architecture
// (packages/supernet/test/fixtures/nasrec_best_criteo_full.json) built from scratch at Criteo dims, and a
// seeded Criteo-like batch.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng, allocateBatch } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { buildFromScratch, importNasrecArchitecture } from '@recnas/supernet';
import { CRITEO_VOCAB } from '../workloads/supernet-train-step.mjs';
import { engineOf } from './bench-backends.mjs';

const ARCH_FILE = new URL('../../../packages/supernet/test/fixtures/nasrec_best_criteo_full.json', import.meta.url);

/** Initialises the engine (RECNAS_BACKEND forces a backend) and builds the subnet; returns both and the arch. */
export async function bestCriteoSubnet() {
  const info = await initBackend({ ...(process.env.RECNAS_BACKEND ? { backend: process.env.RECNAS_BACKEND } : {}), logger: () => undefined });
  const registry = createOperatorRegistry();
  registerBuiltinOperators(registry);
  const arch = importNasrecArchitecture(JSON.parse(readFileSync(ARCH_FILE, 'utf8')));
  if (E.isLeft(arch)) throw arch.left;
  const config = { space: NASREC_FULL_SPACE, registry, denseFeatures: 13, sparseFields: CRITEO_VOCAB, seed: 2018, training: { totalSteps: 100_000 } };
  const built = buildFromScratch(arch.right, config);
  if (E.isLeft(built)) throw built.left;
  return { info, subnet: built.right, arch: arch.right, config };
}

/** A seeded batch with Criteo's 13 dense and 26 sparse fields (ids below each table's 500,000-row cap). */
export function criteoBatch(batchSize) {
  const rng = Rng.fromSeed(2018);
  const batch = allocateBatch(batchSize, 13, CRITEO_VOCAB.length);
  for (let i = 0; i < batch.dense.length; i++) batch.dense[i] = Math.log1p(rng.nextInt(1000));
  for (let i = 0; i < batch.sparse.length; i++) batch.sparse[i] = rng.nextInt(Math.min(CRITEO_VOCAB[i % CRITEO_VOCAB.length], 500_000));
  for (let i = 0; i < batchSize; i++) batch.label[i] = rng.bernoulli(0.25) ? 1 : 0;
  return batch;
}

/** The result fields both subnet workloads report: the layout they run, its size, backend and kernel set. */
export function subnetResultFields(info, subnet) {
  return {
    layout: subnet.layoutKind,
    denseParameters: subnet.parameterCount,
    backend: info.name,
    engine: engineOf(info.name),
  };
}
