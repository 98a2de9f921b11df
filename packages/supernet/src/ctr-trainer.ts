import { RecnasError, checkBatch, type Batch, type SupernetPath } from '@recnas/core';
import { sumOfSquares, tf } from '@recnas/engine';
import type { SparseEmbeddingStore } from './sparse-embedding-store.js';
import type { CtrTrainingOptions } from './ctr-training-options.js';
import { DenseAdagrad } from './dense-adagrad.js';
import { cosineWarmupLearningRate } from './learning-rate-schedule.js';
import { forwardFeatures, forwardLogits, headLogits, type CtrNetwork } from './ctr-network.js';
import { maskedLayoutFeatures, slicePath, slicedFeatures, type SupernetPathCompute } from './sliced-path.js';
import { binaryCrossEntropyOf } from './internal/binary-cross-entropy.js';
import { embeddingGradientSquaredNorm } from './internal/embedding-gradient-norm.js';
import { lossWithGradients, slicedLossWithGradients } from './internal/loss-gradients.js';

/** Mean binary cross-entropy (LogLoss, natural log) over `count` examples. */
export interface CtrEvaluation {
  readonly logLoss: number;
  readonly count: number;
}

/** PyTorch's `clip_grad_norm_` adds this to the norm before dividing. */
const CLIP_EPSILON = 1e-6;

function checkGradientsRegistered(): void {
  if (tf.getGradient('BatchMatMul') === undefined) {
    throw new RecnasError(
      'BACKEND_UNAVAILABLE',
      'TensorFlow.js gradients are not registered: tfjs-core registers them only with the @tensorflow/tfjs bundle; ' +
        'initialise the engine with automatic selection once (it loads that bundle) before forcing cpu or wasm',
    );
  }
}

/**
 * The training loop of one CTR network and its embedding store: forward, loss, gradients of the loss with
 * respect to the dense variables of the path AND the embedding input tensor, global-norm clipping, dense
 * Adagrad on the variables that received a gradient, sparse row-wise Adagrad on the embedding rows of the
 * batch, and NASRec's cosine schedule with linear warm-up.
 */
export class CtrTrainer {
  private stepIndex = 0;
  /** The dense optimizer (its accumulators go into checkpoints). */
  readonly adagrad: DenseAdagrad;

  constructor(
    readonly network: CtrNetwork,
    readonly store: SparseEmbeddingStore,
    readonly options: CtrTrainingOptions,
    /** How a weight-sharing network runs a single-operator path (`sliced-path.ts`); compact networks ignore it. */
    readonly pathCompute: SupernetPathCompute = 'sliced',
  ) {
    this.adagrad = new DenseAdagrad(options.adagradEpsilon, options.initialAccumulatorValue);
  }

  /** Steps taken so far. */
  get step(): number {
    return this.stepIndex;
  }

  /** Sets the number of steps taken (restoring a checkpoint: the schedule continues from there). */
  restoreStep(step: number): void {
    if (!Number.isSafeInteger(step) || step < 0) throw new RecnasError('INVARIANT', `restoreStep: expected a non-negative integer, got ${step}`);
    this.stepIndex = step;
  }

  /** Learning rate of the next step. */
  learningRate(): number {
    return cosineWarmupLearningRate(this.stepIndex, this.options);
  }

  /** Dense-optimizer accumulators created so far (one per variable that has received a gradient). */
  get optimizerStateSize(): number {
    return this.adagrad.size;
  }

  /** Logits `[B]` of `path` on `batch`; the caller disposes the tensor. */
  logits(batch: Batch, path: SupernetPath): tf.Tensor1D {
    this.checkBatch(batch);
    const embeddingValues = this.store.lookup(batch.sparse, batch.size);
    return tf.tidy(() => {
      const [dense, embeddings] = this.inputTensors(batch, embeddingValues);
      const sliced = this.sliced(path);
      if (sliced === undefined) return forwardLogits(this.network, dense, embeddings, path) as tf.Tensor1D;
      return headLogits(slicedFeatures(sliced, dense, embeddings), sliced.headKernel, sliced.headBias);
    });
  }

  /** The head's input `[B, headInputWidth]` of `path` on `batch` (no gradient); the caller disposes the tensor. */
  features(batch: Batch, path: SupernetPath): tf.Tensor2D {
    this.checkBatch(batch);
    const embeddingValues = this.store.lookup(batch.sparse, batch.size);
    return tf.tidy(() => {
      const [dense, embeddings] = this.inputTensors(batch, embeddingValues);
      const sliced = this.sliced(path);
      if (sliced === undefined) return forwardFeatures(this.network, dense, embeddings, path);
      return maskedLayoutFeatures(this.network, sliced, slicedFeatures(sliced, dense, embeddings));
    });
  }

  /** One training step on `batch` along `path`; returns the batch loss before the update. */
  trainStep(batch: Batch, path: SupernetPath): number {
    checkGradientsRegistered();
    this.checkBatch(batch);
    const embeddingValues = this.store.lookup(batch.sparse, batch.size);
    const learningRate = this.learningRate();
    // The row gradient leaves the scope through a closure variable, not as tidy's result: tidy walks every
    // element of a returned typed array looking for tensors (hundreds of thousands of Set insertions).
    let embeddingGradient = new Float32Array(0);
    const loss = tf.tidy(() => {
      const [dense, embeddings] = this.inputTensors(batch, embeddingValues);
      const labels = tf.tensor1d(batch.label, 'float32');
      const sliced = this.sliced(path);
      const { loss: lossTensor, pairs, inputGradient } =
        sliced === undefined ? lossWithGradients(this.network, dense, embeddings, labels, path) : slicedLossWithGradients(sliced, dense, embeddings, labels);
      const rowGradient = Float32Array.from(inputGradient.dataSync());
      const { sparseFieldCount, embeddingDim } = this.network.layout;
      const tableSquares = embeddingGradientSquaredNorm(batch.sparse, rowGradient, batch.size, sparseFieldCount, embeddingDim);
      const scale = this.clipScale(pairs.map(([, gradient]) => gradient), tableSquares);
      this.adagrad.apply(pairs, learningRate, scale);
      if (scale !== 1) for (let i = 0; i < rowGradient.length; i++) rowGradient[i] = (rowGradient[i] as number) * scale;
      embeddingGradient = rowGradient;
      return lossTensor.dataSync()[0] ?? Number.NaN;
    });
    this.store.applyAdagrad(batch.sparse, embeddingGradient, learningRate, this.options.adagradEpsilon);
    this.stepIndex += 1;
    return loss;
  }

  /** Click probabilities of `path` on `batch`. */
  predict(batch: Batch, path: SupernetPath): Float32Array {
    const logits = this.logits(batch, path);
    const probabilities = tf.sigmoid(logits);
    try {
      return Float32Array.from(probabilities.dataSync());
    } finally {
      tf.dispose([logits, probabilities]);
    }
  }

  /** LogLoss of `path` over `batches` (float64 sums of the stable per-example BCE). */
  evaluate(batches: Iterable<Batch>, path: SupernetPath): CtrEvaluation {
    let total = 0;
    let count = 0;
    for (const batch of batches) {
      const logits = this.logits(batch, path);
      const values = logits.dataSync();
      logits.dispose();
      for (let i = 0; i < batch.size; i++) total += binaryCrossEntropyOf(values[i] as number, batch.label[i] as number);
      count += batch.size;
    }
    return { logLoss: count === 0 ? Number.NaN : total / count, count };
  }

  /** Disposes the optimizer state (the network is disposed by its owner). */
  dispose(): void {
    this.adagrad.dispose();
  }

  /** PyTorch's clip_grad_norm_ over the dense gradients and the embedding table gradient (`tableSquares`). */
  private clipScale(gradients: ReadonlyArray<tf.Tensor>, tableSquares: number): number {
    const limit = this.options.gradientClipNorm;
    if (limit === 0) return 1;
    const denseSquares = sumOfSquares(gradients);
    const norm = Math.sqrt(denseSquares + tableSquares);
    return norm + CLIP_EPSILON > limit ? limit / (norm + CLIP_EPSILON) : 1;
  }

  /** The sliced layout of `path` when this trainer slices and the path allows it (inside `tf.tidy`). */
  private sliced(path: SupernetPath): ReturnType<typeof slicePath> {
    return this.pathCompute === 'sliced' ? slicePath(this.network, path) : undefined;
  }

  private inputTensors(batch: Batch, embeddingValues: Float32Array): [tf.Tensor2D, tf.Tensor3D] {
    const { denseFeatures, sparseFieldCount, embeddingDim } = this.network.layout;
    return [
      tf.tensor2d(batch.dense, [batch.size, denseFeatures], 'float32'),
      tf.tensor3d(embeddingValues, [batch.size, sparseFieldCount, embeddingDim], 'float32'),
    ];
  }

  private checkBatch(batch: Batch): void {
    checkBatch(batch);
    const { denseFeatures, sparseFieldCount } = this.network.layout;
    if (batch.denseCount !== denseFeatures || batch.sparseCount !== sparseFieldCount) {
      throw new RecnasError(
        'INVARIANT',
        `batch has ${batch.denseCount} dense and ${batch.sparseCount} sparse features; the model expects ${denseFeatures} and ${sparseFieldCount}`,
      );
    }
  }
}
