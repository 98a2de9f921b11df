#!/usr/bin/env node
// Kernel profile of NASRec-Full supernet training steps (the bench workload's sampling and batch):
// prints the share of time per tfjs kernel, for deciding which kernels the engine should replace.
// Usage: RECNAS_BACKEND=cpu|native|wasm node tools/bench/profile-supernet-step.mjs [steps]
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { CtrSupernet } from '@recnas/supernet';
import { printKernelProfile } from './lib/kernel-profile.mjs';
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
await printKernelProfile(info, steps, () => supernet.trainStep(batch, sampleSingleOperatorPath(NASREC_FULL_SPACE, rng)));
supernet.dispose();
