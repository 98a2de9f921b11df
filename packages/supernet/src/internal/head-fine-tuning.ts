import type { Batch } from '@recnas/core';
import { sumOfSquares, tf } from '@recnas/engine';
import type { CtrHeadParameters } from '../ctr-head-parameters.js';
import { headLogits } from '../ctr-network.js';
import { DenseAdagrad } from '../dense-adagrad.js';
import type { FineTuneOptions } from '../fine-tune-options.js';
import { cosineWarmupLearningRate } from '../learning-rate-schedule.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
import { cycleBatches } from './cycle-batches.js';

/** PyTorch's `clip_grad_norm_` adds this to the norm before dividing (as `CtrTrainer`). */
const CLIP_EPSILON = 1e-6;

/** The head's input of a batch from the frozen network: `[B, headInputWidth]`, owned by the caller. */
export type HeadFeatures = (batch: Batch) => tf.Tensor2D;

/**
 * Head inputs of the batches seen so far, kept while they fit in `budgetBytes`: everything before the head is
 * frozen during fine-tuning, so a batch's features never change and cycling over a few batches runs the
 * network once per batch. Batches are keyed by identity.
 */
class FeatureCache {
  private readonly entries = new Map<Batch, tf.Tensor2D>();
  private bytes = 0;

  constructor(
    private readonly features: HeadFeatures,
    private readonly budgetBytes: number,
  ) {}

  /** The features of `batch` and whether the caller must dispose them (true when they were not cached). */
  get(batch: Batch): { readonly features: tf.Tensor2D; readonly owned: boolean } {
    const cached = this.entries.get(batch);
    if (cached !== undefined) return { features: cached, owned: false };
    const computed = this.features(batch);
    const size = 4 * computed.size;
    if (this.bytes + size > this.budgetBytes) return { features: computed, owned: true };
    this.entries.set(batch, computed);
    this.bytes += size;
    return { features: computed, owned: false };
  }

  dispose(): void {
    for (const tensor of this.entries.values()) tensor.dispose();
    this.entries.clear();
    this.bytes = 0;
  }
}

/** Trained head weights and the loss of every fine-tuning step (before its update). */
export interface HeadFineTuning {
  readonly head: CtrHeadParameters;
  readonly losses: ReadonlyArray<number>;
}

/**
 * Trains only the head FC(1), starting from `initial`, for `options.fineTuneSteps` steps over `batches`
 * (cycled): BCE with logits on the frozen network's features, gradient norm clipping, dense Adagrad with
 * fresh accumulators and NASRec's cosine schedule with warm-up spanning the fine-tuning steps
 * (eval_subnet_from_supernet.py with `set_mode_to_finelune_last_only`). Embeddings and blocks get no
 * gradient. Deterministic; frees every tensor it creates; throws DATA_EMPTY when `batches` is empty.
 */
export function fineTuneHead(features: HeadFeatures, batches: Iterable<Batch>, initial: CtrHeadParameters, options: FineTuneOptions): HeadFineTuning {
  // Inside tidy: a variable keeps its own reference to the data, and tidy frees the initial tensors.
  const kernel = tf.tidy(() => tf.variable(tf.tensor2d(initial.kernel, [initial.kernel.length, 1], 'float32'), true));
  const bias = tf.tidy(() => tf.variable(tf.tensor1d(initial.bias, 'float32'), true));
  const adagrad = new DenseAdagrad(options.adagradEpsilon, 0);
  const cache = new FeatureCache(features, options.featureCacheBytes);
  const schedule = { ...options, totalSteps: options.fineTuneSteps };
  const losses: number[] = [];
  try {
    let step = 0;
    for (const batch of cycleBatches(batches, options.fineTuneSteps, 'fine-tuning batches')) {
      const { features: inputs, owned } = cache.get(batch);
      const learningRate = cosineWarmupLearningRate(step, schedule);
      losses.push(headStep(inputs, batch, kernel, bias, adagrad, learningRate, options.gradientClipNorm));
      if (owned) inputs.dispose();
      step += 1;
    }
    return { head: { kernel: Float32Array.from(kernel.dataSync()), bias: Float32Array.from(bias.dataSync()) }, losses };
  } finally {
    cache.dispose();
    adagrad.dispose();
    kernel.dispose();
    bias.dispose();
  }
}

function headStep(
  inputs: tf.Tensor2D,
  batch: Batch,
  kernel: tf.Variable,
  bias: tf.Variable,
  adagrad: DenseAdagrad,
  learningRate: number,
  clipNorm: number,
): number {
  return tf.tidy(() => {
    const labels = tf.tensor1d(batch.label, 'float32');
    const { value, grads } = tf.variableGrads(() => binaryCrossEntropyWithLogits(headLogits(inputs, kernel, bias), labels), [kernel, bias]);
    const kernelGradient = grads[kernel.name] as tf.Tensor;
    const biasGradient = grads[bias.name] as tf.Tensor;
    let scale = 1;
    if (clipNorm > 0) {
      const norm = Math.sqrt(sumOfSquares([kernelGradient, biasGradient]));
      if (norm + CLIP_EPSILON > clipNorm) scale = clipNorm / (norm + CLIP_EPSILON);
    }
    adagrad.apply(
      [
        [kernel, kernelGradient],
        [bias, biasGradient],
      ],
      learningRate,
      scale,
    );
    return value.dataSync()[0] ?? Number.NaN;
  });
}
