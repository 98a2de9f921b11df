import * as E from 'fp-ts/lib/Either.js';
import type { RecnasError } from '@recnas/core';
import { denseInputWidth, resolveLayout, sparseInputRows, type CtrModelConfig } from './ctr-model-config.js';
import { countSupernetParameters } from './supernet-parameter-count.js';

const FLOAT_BYTES = 4;
/**
 * Live tensors per element of a block's inputs and outputs during one step, forward and backward: the
 * masked concatenations, each operator's intermediates and the gradients flowing back. An upper bound
 * taken from `tf.memory()` over the full supernet path of NASRec-Full at batch 512 on native (decision 0014).
 */
const ACTIVATION_COPIES = 12;

/** Bytes a supernet training run holds, by kind (docs/decisions/0014-compact-subnets.md, "Memory before training"). */
export interface TrainingMemoryEstimate {
  readonly denseParameters: number;
  /** Dense weights, their Adagrad accumulators and one step's gradients (the full path touches all of them). */
  readonly weightBytes: number;
  readonly optimizerBytes: number;
  readonly gradientBytes: number;
  /** Activations of one step along the full supernet path (warm-up), forward and backward, at `batchSize`. */
  readonly activationBytes: number;
  /** Everything that lives in tensor memory (the wasm heap on wasm): weights + optimizer + gradients + activations. */
  readonly tensorBytes: number;
  /** Embedding tables and their row accumulators (plain JavaScript arrays, outside tensor memory). */
  readonly embeddingBytes: number;
}

/**
 * What training the supernet of `config` at `batchSize` needs, without allocating it: exact weight,
 * accumulator, gradient and embedding sizes, and an upper-bound estimate of one step's activations along
 * the full path (the warm-up's first steps). Fails with CONFIG_INVALID as `CtrSupernet.create` would.
 */
export function estimateSupernetTrainingMemory(config: CtrModelConfig, batchSize: number): E.Either<RecnasError, TrainingMemoryEstimate> {
  return E.flatMap(resolveLayout(config), (layout) =>
    E.map((count: { total: number; embeddings: number }) => {
      let activationElements = 0;
      for (let position = 0; position < layout.blocks; position++) {
        const inputs = denseInputWidth(layout, position) + sparseInputRows(layout, position) * layout.embeddingDim;
        const outputs = layout.maxDenseWidth + (layout.maxSparseWidth + layout.interactRows) * layout.embeddingDim;
        activationElements += batchSize * ACTIVATION_COPIES * (inputs + outputs);
      }
      const weightBytes = FLOAT_BYTES * count.total;
      const activationBytes = FLOAT_BYTES * activationElements;
      const maxRows = config.maxRowsPerTable ?? 500_000;
      const rows = config.sparseFields.reduce((total, vocab) => total + Math.min(vocab, maxRows), 0);
      return {
        denseParameters: count.total,
        weightBytes,
        optimizerBytes: weightBytes,
        gradientBytes: weightBytes,
        activationBytes,
        tensorBytes: 3 * weightBytes + activationBytes,
        embeddingBytes: FLOAT_BYTES * (count.embeddings + rows),
      };
    })(countSupernetParameters(config)),
  );
}
