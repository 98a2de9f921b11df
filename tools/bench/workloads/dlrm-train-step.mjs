// Benchmark workload (issue 5, SPEC section 10): the DLRM-size training step, exact shapes so it compares
// with other implementations: batch 512, 26 fields x 16-dim embeddings (tables capped at 500,000 rows, in a
// SparseEmbeddingStore with sparse row-wise Adagrad), bottom MLP 13-512-256-16 (ReLU), pairwise dot
// interaction of the 27 vectors (351 pairs), top MLP 783-512-256-1 on [bottom 16, 26 x 16 embeddings, 351
// dots], BCE with logits, Adam on the dense weights (applyAdam: one fused pass per tensor on native).
// Layers are the engine's `dense` and the interaction its `pairwiseDots`: one native kernel each way on the
// native backend, tf.fused.matMul and a Gram matmul plus slices elsewhere.
// Reference here: PyTorch + OpenBLAS 13,799 samples/s (1 thread), 18,672 (best thread setting);
// stock tfjs wasm 394, cpu 109.
import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { applyAdam, dense, pairwiseDots, tf } from '@recnas/engine';
import { SparseEmbeddingStore } from '@recnas/supernet';
import { benchBackends, timeRuns, useBackend } from '../lib/bench-backends.mjs';
import { CRITEO_VOCAB } from './supernet-train-step.mjs';

const BATCH = 512;
const FIELDS = 26;
const DIM = 16;
const BOTTOM = [13, 512, 256, 16];
const TOP = [783, 512, 256, 1];

function layers(sizes, rng) {
  return sizes.slice(1).map((out, i) => {
    const fanIn = sizes[i];
    const bound = Math.sqrt(6 / (fanIn + out));
    const kernel = Float32Array.from({ length: fanIn * out }, () => (rng.nextFloat() * 2 - 1) * bound);
    return { w: tf.variable(tf.tensor2d(kernel, [fanIn, out])), b: tf.variable(tf.zeros([out])) };
  });
}

function mlp(x, weights, finalActivation) {
  return weights.reduce((h, { w, b }, i) => dense(h, w, b, i < weights.length - 1 || finalActivation ? 'relu' : 'linear'), x);
}

function makeBatch(rng) {
  const dense = Float32Array.from({ length: BATCH * 13 }, () => Math.log1p(rng.nextInt(1000)));
  const sparse = Int32Array.from({ length: BATCH * FIELDS }, (_, i) => rng.nextInt(Math.min(CRITEO_VOCAB[i % FIELDS], 500_000)));
  const label = Float32Array.from({ length: BATCH }, () => (rng.bernoulli(0.25) ? 1 : 0));
  return { dense, sparse, label };
}

async function runOn(name) {
  const info = await useBackend(name);
  if (info === undefined) return undefined;
  const rng = Rng.fromSeed(2018);
  const store = SparseEmbeddingStore.create({ fields: CRITEO_VOCAB.map((vocabSize, i) => ({ name: `C${i + 1}`, vocabSize })), dim: DIM }, rng);
  if (E.isLeft(store)) throw store.left;
  const bottom = layers(BOTTOM, rng);
  const top = layers(TOP, rng);
  const variables = [...bottom, ...top].flatMap(({ w, b }) => [w, b]);
  const slots = variables.map((v) => ({ m: tf.variable(tf.zerosLike(v)), v: tf.variable(tf.zerosLike(v)) }));
  const batch = makeBatch(rng);
  let step = 0;
  const trainStep = () => {
    step += 1;
    const embeddingValues = store.right.lookup(batch.sparse, BATCH);
    let embeddingGradient;
    tf.tidy(() => {
      const dense = tf.tensor2d(batch.dense, [BATCH, 13]);
      const labels = tf.tensor1d(batch.label);
      const embeddings = tf.tensor3d(embeddingValues, [BATCH, FIELDS, DIM]);
      const loss = (e, ...weights) => {
        const pairs = [];
        for (let i = 0; i < weights.length; i += 2) pairs.push({ w: weights[i], b: weights[i + 1] });
        const x = mlp(dense, pairs.slice(0, 3), true);
        const z = tf.concat([tf.reshape(x, [BATCH, 1, DIM]), e], 1);
        const topInput = tf.concat([x, tf.reshape(e, [BATCH, FIELDS * DIM]), pairwiseDots(z)], 1);
        const logits = tf.reshape(mlp(topInput, pairs.slice(3), false), [BATCH]);
        return tf.losses.sigmoidCrossEntropy(labels, logits);
      };
      const [eGrad, ...grads] = tf.grads(loss)([embeddings, ...variables]);
      variables.forEach((variable, i) => applyAdam(variable, slots[i], grads[i], { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step }));
      // Not tidy's result: tidy would walk every element of a returned typed array.
      embeddingGradient = Float32Array.from(eGrad.dataSync());
    });
    store.right.applyAdagrad(batch.sparse, embeddingGradient, 0.01);
  };
  trainStep();
  const { runs, seconds } = timeRuns(trainStep, { budgetSeconds: name === 'cpu' ? 20 : 12, minRuns: 2 });
  tf.dispose([...variables, ...slots.flatMap(({ m, v }) => [m, v])]);
  return {
    workload: 'dlrm-train-step',
    batchSize: BATCH,
    steps: runs,
    seconds: Number(seconds.toFixed(3)),
    samplesPerSecond: Math.round((runs * BATCH) / seconds),
    backend: name,
    engine: info.engine,
    threads: info.threads,
  };
}

export default async function dlrmTrainStepWorkload() {
  const results = [];
  for (const name of benchBackends()) {
    const result = await runOn(name);
    if (result !== undefined) results.push(result);
  }
  return results;
}
