#!/usr/bin/env node
// Kernel profile of SASRec training steps at the `sasrec-train-step` workload's shapes (batch 256 x length 50,
// d 64, 2 layers x 2 heads, FFN 256, BCE): the share of time per tfjs kernel and the slowest (kernel, shapes).
// Usage: RECNAS_BACKEND=native|wasm|cpu node tools/bench/profile-sasrec-step.mjs [steps]
import * as E from 'fp-ts/lib/Either.js';
import { Rng, SASREC_SPACE, largestSequentialArchitecture } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { SasrecModel, SequentialAdam, sequentialTrainStep } from '@recnas/supernet';
import { printKernelProfile } from './lib/kernel-profile.mjs';

const steps = Number(process.argv[2] ?? 3);
const info = await initBackend({ backend: process.env.RECNAS_BACKEND ?? 'native', logger: () => undefined });
const BATCH = 256;
const LENGTH = 50;
const ITEMS = 12_101;
const rng = Rng.fromSeed(2018);
const draw = () => Int32Array.from({ length: BATCH * LENGTH }, () => 1 + rng.nextInt(ITEMS));
const batch = { batchSize: BATCH, length: LENGTH, ids: draw(), targets: draw(), negatives: draw() };
const model = SasrecModel.create({ itemCount: ITEMS, maxLength: LENGTH, architecture: largestSequentialArchitecture(SASREC_SPACE), seed: 2018 });
if (E.isLeft(model)) throw model.left;
const adam = new SequentialAdam(model.right.namedVariables(), { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
const dropoutRng = rng.fork('dropout');
sequentialTrainStep(model.right, adam, batch, 'bce', dropoutRng);
await printKernelProfile(info, steps, () => sequentialTrainStep(model.right, adam, batch, 'bce', dropoutRng));
