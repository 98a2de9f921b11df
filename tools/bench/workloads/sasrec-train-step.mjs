// Benchmark workload (issue 12): SASRec training steps at ICLRec's shapes: batch 256 sequences of length 50
// (full length, no padding, so no batch is truncated), d 64, 2 layers of 2 heads, FFN 256, 12,101 items
// (Amazon Beauty), BCE with one sampled negative per position, dense Adam over every parameter including
// the item table. Target: >= 1,250 sequences/s on the native backend with 2 cores.
import * as E from 'fp-ts/lib/Either.js';
import { Rng, SASREC_SPACE, largestSequentialArchitecture } from '@recnas/core';
import { tf } from '@recnas/engine';
import { SasrecModel, SequentialAdam, sequentialTrainStep } from '@recnas/supernet';
import { benchBackends, timeRuns, useBackend } from '../lib/bench-backends.mjs';

const BATCH = 256;
const LENGTH = 50;
const ITEMS = 12_101;

function makeBatch(rng) {
  const ids = Int32Array.from({ length: BATCH * LENGTH }, () => 1 + rng.nextInt(ITEMS));
  const targets = Int32Array.from({ length: BATCH * LENGTH }, () => 1 + rng.nextInt(ITEMS));
  const negatives = Int32Array.from({ length: BATCH * LENGTH }, () => 1 + rng.nextInt(ITEMS));
  return { batchSize: BATCH, length: LENGTH, ids, targets, negatives };
}

async function runOn(name) {
  const info = await useBackend(name);
  if (info === undefined) return undefined;
  const model = SasrecModel.create({ itemCount: ITEMS, maxLength: LENGTH, architecture: largestSequentialArchitecture(SASREC_SPACE), seed: 2018 });
  if (E.isLeft(model)) throw model.left;
  const adam = new SequentialAdam(model.right.namedVariables(), { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const rng = Rng.fromSeed(2018);
  const batch = makeBatch(rng);
  const dropoutRng = rng.fork('dropout');
  const step = () => sequentialTrainStep(model.right, adam, batch, 'bce', dropoutRng);
  step();
  const tensorsBefore = tf.memory().numTensors;
  const { runs, seconds } = timeRuns(step, { budgetSeconds: name === 'native' ? 15 : 30, minRuns: 2 });
  const leaked = tf.memory().numTensors - tensorsBefore;
  adam.dispose();
  model.right.dispose();
  return {
    workload: 'sasrec-train-step',
    batchSize: BATCH,
    sequenceLength: LENGTH,
    steps: runs,
    seconds: Number(seconds.toFixed(3)),
    sequencesPerSecond: Math.round((runs * BATCH) / seconds),
    leakedTensors: leaked,
    backend: name,
    engine: info.engine,
    threads: info.threads,
  };
}

export default async function sasrecTrainStepWorkload() {
  const results = [];
  for (const name of benchBackends('native')) {
    const result = await runOn(name);
    if (result !== undefined) results.push(result);
  }
  return results;
}
