import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { RecnasError, Rng, validateArchEncoding, type ArchEncoding, type Batch, type SearchSpace, type SupernetPath } from '@recnas/core';
import { tf } from '@recnas/engine';
import { modelRng, resolveLayout, type CtrLayout } from './ctr-model-config.js';
import type { CtrTrainingOptions, CtrTrainingOptionsInput } from './ctr-training-options.js';
import { buildNetwork, planNetwork, supernetSelections } from './ctr-network-build.js';
import { disposeNetwork, namedVariablesOfNetwork, parameterCountOf, type CtrNetwork } from './ctr-network.js';
import { blockModulesOf, modulesOfBlock, type OperatorModule } from './ctr-modules.js';
import { CtrTrainer, type CtrEvaluation } from './ctr-trainer.js';
import { readHeadParameters, type CtrHeadParameters } from './ctr-head-parameters.js';
import { CtrSubnet, type CtrSubnetConfig } from './ctr-subnet.js';
import { SparseEmbeddingStore } from './sparse-embedding-store.js';
import type { DenseAdagrad } from './dense-adagrad.js';
import { createEmbeddingStore, decodeTrainingOptions } from './internal/ctr-model-parts.js';
import type { OperatorRegistry } from '@recnas/operators';
import { compactNetworkFrom, planCompactNetwork } from './compact-network-build.js';
import type { CompactConvention } from './compact-layout.js';
import type { SupernetPathCompute } from './sliced-path.js';

/** What `CtrSupernet.compactSubnet` takes: the convention (default `max-width`) and training options (default the supernet's). */
export interface CompactSubnetOptions {
  readonly convention?: CompactConvention;
  readonly training?: CtrTrainingOptionsInput;
}

/** What `CtrSupernet.create` takes: the model config (space, registry, dims, seed) and the training options. */
export type CtrSupernetConfig = CtrSubnetConfig;

function copyModule(entry: OperatorModule): OperatorModule {
  // A new variable over the same data: tfjs data is immutable and `assign` swaps it, so later updates of
  // either model do not reach the other.
  const weights = Object.fromEntries(Object.entries(entry.weights).map(([name, weight]) => [name, tf.variable(weight, true)]));
  return { ...entry, weights };
}

function copySubnetwork(network: CtrNetwork, arch: ArchEncoding): CtrNetwork {
  const blocks = arch.blocks.map((block, position) => {
    const built = network.blocks[position];
    const dense = built?.dense.get(block.denseOp);
    const sparse = built?.sparse.get(block.sparseOp);
    if (built === undefined || dense === undefined || sparse === undefined) {
      throw new RecnasError('INVARIANT', `block ${position + 1}: the supernet has no "${block.denseOp}" or "${block.sparseOp}"`);
    }
    const modules = [dense, sparse];
    if (block.denseSparseInteract && built.interact !== undefined) modules.push(built.interact);
    if (block.deepFm && built.deepFm !== undefined) modules.push(built.deepFm);
    return blockModulesOf(modules.map(copyModule));
  });
  return { layout: network.layout, blocks, head: { kernel: tf.variable(network.head.kernel, true), bias: tf.variable(network.head.bias, true) } };
}

/**
 * The NASRec CTR supernet (SPEC section 4) on TensorFlow.js: every operator of the space is built once per
 * block at max width, reading the masked concatenation of the stem and all earlier blocks (NASRec's
 * weight-sharing SuperNet.forward); a `SupernetPath` picks the operators, widths, inputs and toggles of a
 * step. Embeddings live in a `SparseEmbeddingStore` and enter the graph as an input tensor.
 */
export class CtrSupernet {
  private readonly trainer: CtrTrainer;

  private constructor(
    readonly space: SearchSpace,
    private readonly network: CtrNetwork,
    readonly store: SparseEmbeddingStore,
    readonly trainingOptions: CtrTrainingOptions,
    private readonly registry: OperatorRegistry,
    private readonly pathCompute: SupernetPathCompute,
  ) {
    this.trainer = new CtrTrainer(network, store, trainingOptions, pathCompute);
  }

  /**
   * Plans, checks and builds the supernet: seeded weights (`rng.fork('weights')`) and embeddings
   * (`rng.fork('embeddings')`). Fails with CONFIG_INVALID (bad dims, bad training options, an operator whose
   * registered kind differs from the space's) or OPERATOR_UNKNOWN. Initialise a backend first.
   */
  static create(config: CtrSupernetConfig): E.Either<RecnasError, CtrSupernet> {
    return CtrSupernet.build(config, undefined);
  }

  /**
   * As `create`, but with `store` as the embeddings instead of fresh ones (restoring a checkpoint; the dense
   * weights are drawn from the seed and meant to be overwritten). `store` must match the config's fields.
   */
  static createWithStore(config: CtrSupernetConfig, store: SparseEmbeddingStore): E.Either<RecnasError, CtrSupernet> {
    return CtrSupernet.build(config, store);
  }

  private static build(config: CtrSupernetConfig, given: SparseEmbeddingStore | undefined): E.Either<RecnasError, CtrSupernet> {
    return pipe(
      E.Do,
      E.bind('layout', () => resolveLayout(config)),
      E.bind('training', () => decodeTrainingOptions(config.training)),
      E.bind('plans', ({ layout }) => planNetwork(config.space, config.registry, layout, supernetSelections(config.space))),
      E.bind('store', ({ layout }) => (given === undefined ? createEmbeddingStore(config, layout, modelRng(config).fork('embeddings')) : E.right(given))),
      E.map(
        ({ layout, training, plans, store }) =>
          new CtrSupernet(config.space, buildNetwork(layout, plans, modelRng(config).fork('weights')), store, training, config.registry, config.supernetPaths ?? 'sliced'),
      ),
    );
  }

  get layout(): CtrLayout {
    return this.network.layout;
  }

  /** Trainable dense parameters of the whole supernet (embeddings excluded). */
  get parameterCount(): number {
    return parameterCountOf(this.network);
  }

  /** Steps taken so far. */
  get step(): number {
    return this.trainer.step;
  }

  /** Dense-optimizer accumulators created so far (variables that have received a gradient). */
  get optimizerStateSize(): number {
    return this.trainer.optimizerStateSize;
  }

  /** Logits `[B]` of `path`; the caller disposes the tensor. `training` changes nothing (no dropout or batch norm). */
  forward(batch: Batch, path: SupernetPath, _options: { readonly training?: boolean } = {}): tf.Tensor1D {
    this.checkPath(path);
    return this.trainer.logits(batch, path);
  }

  /** The head's input `[B, headInputWidth]` along `path` (no gradient); the caller disposes the tensor. */
  headFeatures(batch: Batch, path: SupernetPath): tf.Tensor2D {
    this.checkPath(path);
    return this.trainer.features(batch, path);
  }

  /** A copy of the head FC(1) weights (shared by every path). */
  headParameters(): CtrHeadParameters {
    return readHeadParameters(this.network.head);
  }

  /** One training step along `path` (SPEC section 4 recipe); returns the batch loss. */
  trainStep(batch: Batch, path: SupernetPath): number {
    this.checkPath(path);
    return this.trainer.trainStep(batch, path);
  }

  /** Click probabilities of `path` on `batch`. */
  predict(batch: Batch, path: SupernetPath): Float32Array {
    this.checkPath(path);
    return this.trainer.predict(batch, path);
  }

  /** LogLoss of `path` over `batches`. */
  evaluate(batches: Iterable<Batch>, path: SupernetPath): CtrEvaluation {
    this.checkPath(path);
    return this.trainer.evaluate(batches, path);
  }

  /**
   * A standalone subnet of `arch` with copies of the supernet's weights and embeddings (and a fresh
   * optimizer and schedule from `training`, by default the supernet's options): its predictions equal the
   * supernet's along `pathFromArch(arch)`. Fails with CONFIG_INVALID when `arch` does not fit the space.
   */
  extractSubnet(arch: ArchEncoding, training?: CtrTrainingOptionsInput): E.Either<RecnasError, CtrSubnet> {
    return pipe(
      E.Do,
      E.bind('valid', () => validateArchEncoding(arch, this.space)),
      E.bind('options', () => (training === undefined ? E.right(this.trainingOptions) : decodeTrainingOptions(training))),
      E.bind('store', () => SparseEmbeddingStore.fromState(this.store.state())),
      E.map(({ valid, options, store }) => new CtrSubnet(valid, copySubnetwork(this.network, valid), store, (net, embeddings) => new CtrTrainer(net, embeddings, options, this.pathCompute))),
    );
  }

  /**
   * A compact subnet of `arch` (docs/decisions/0014-compact-subnets.md): only the active inputs (and, with
   * `active-width`, widths), its weights cut from the supernet's, a copy of the embeddings and a fresh
   * optimizer. With `max-width` (the default) its predictions equal `extractSubnet(arch)`'s within float32
   * rounding. Fails with CONFIG_INVALID when `arch` does not fit the space or an operator has no compaction rule.
   */
  compactSubnet(arch: ArchEncoding, options: CompactSubnetOptions = {}): E.Either<RecnasError, CtrSubnet> {
    const convention = options.convention ?? 'max-width';
    return pipe(
      E.Do,
      E.bind('valid', () => validateArchEncoding(arch, this.space)),
      E.bind('training', () => (options.training === undefined ? E.right(this.trainingOptions) : decodeTrainingOptions(options.training))),
      E.bind('planned', ({ valid }) => planCompactNetwork(this.space, this.registry, this.network.layout, valid, convention)),
      E.bind('network', ({ planned }) => compactNetworkFrom(this.network, planned.plan, planned.modules, Rng.fromSeed(0))),
      E.bind('store', () => SparseEmbeddingStore.fromState(this.store.state())),
      E.map(({ valid, training, network, store }) => new CtrSubnet(valid, network, store, (net, embeddings) => new CtrTrainer(net, embeddings, training))),
    );
  }

  /** Every built module (for inspection and checkpoints), block by block. */
  modules(): ReadonlyArray<ReadonlyArray<OperatorModule>> {
    return this.network.blocks.map(modulesOfBlock);
  }

  /** Every dense variable under its stable checkpoint name (`block<i>/<role>/<operator id>/<weight>`, `head/kernel`, `head/bias`). */
  namedVariables(): ReadonlyArray<readonly [string, tf.Variable]> {
    return namedVariablesOfNetwork(this.network);
  }

  /** The dense Adagrad optimizer (accumulators per variable, for checkpoints). */
  get optimizer(): DenseAdagrad {
    return this.trainer.adagrad;
  }

  /** Sets the step counter (restoring a checkpoint: the learning-rate schedule continues from `step`). */
  restoreStep(step: number): void {
    this.trainer.restoreStep(step);
  }

  /** Frees the weights and the optimizer state. */
  dispose(): void {
    this.trainer.dispose();
    disposeNetwork(this.network);
  }

  private checkPath(path: SupernetPath): void {
    if (path.space !== this.space.id) {
      throw new RecnasError('INVARIANT', `path is for search space "${path.space}", the supernet for "${this.space.id}"`);
    }
  }
}

