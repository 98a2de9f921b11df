import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { pathFromArch, validateArchEncoding, type ArchEncoding, type Batch, type RecnasError, type Rng, type SupernetPath } from '@recnas/core';
import type { tf } from '@recnas/engine';
import { modelRng, resolveLayout, type CtrLayout, type CtrModelConfig, type SubnetLayout } from './ctr-model-config.js';
import type { CtrTrainingOptionsInput } from './ctr-training-options.js';
import { archSelections, buildNetwork, planNetwork } from './ctr-network-build.js';
import type { ModulePlan } from './ctr-modules.js';
import { disposeNetwork, namedVariablesOfNetwork, parameterCountOf, type CtrNetwork } from './ctr-network.js';
import { buildCompactNetwork, planCompactNetwork } from './compact-network-build.js';
import type { CompactPlan } from './compact-layout.js';
import { CtrTrainer, type CtrEvaluation } from './ctr-trainer.js';
import { assignHeadParameters, readHeadParameters, type CtrHeadParameters } from './ctr-head-parameters.js';
import type { SparseEmbeddingStore } from './sparse-embedding-store.js';
import { createEmbeddingStore, decodeTrainingOptions } from './internal/ctr-model-parts.js';

/** What `buildFromScratch` takes: the model config and the training options. */
export interface CtrSubnetConfig extends CtrModelConfig {
  readonly training: CtrTrainingOptionsInput;
}

/**
 * A standalone CTR subnet: one architecture, its own weights (only the operators it uses), its own
 * embedding store and optimizer. `extractSubnet` keeps the supernet's weight-sharing layout (inputs as
 * masked concatenations, operators at max width with prefix masks), so it predicts exactly what the
 * supernet predicts along `pathFromArch(arch)` (docs/decisions/0005-flops-counting.md); `compactSubnet`
 * and `buildFromScratch` give a compact one (only the active inputs and widths; decision 0014).
 */
export class CtrSubnet {
  readonly path: SupernetPath;
  private readonly trainer: CtrTrainer;

  /** @internal Use `CtrSupernet.extractSubnet` or `buildFromScratch`. */
  constructor(
    readonly arch: ArchEncoding,
    private readonly network: CtrNetwork,
    readonly store: SparseEmbeddingStore,
    trainer: (network: CtrNetwork, store: SparseEmbeddingStore) => CtrTrainer,
  ) {
    this.path = pathFromArch(arch);
    this.trainer = trainer(network, store);
  }

  /** Trainable dense parameters (embeddings excluded). */
  get parameterCount(): number {
    return parameterCountOf(this.network);
  }

  /** `weight-sharing`, or the compact convention the subnet was built with. */
  get layoutKind(): SubnetLayout {
    return this.network.compact?.convention ?? 'weight-sharing';
  }

  /** The weight-sharing dims (features, fields, E, max widths) the subnet was planned against. */
  get layout(): CtrLayout {
    return this.network.layout;
  }

  /** The compact plan (undefined in the weight-sharing layout). */
  get compactPlan(): CompactPlan | undefined {
    return this.network.compact;
  }

  /** Every dense variable under its stable name (`block<i>/<role>/<operator id>/<weight>`, `head/kernel`, `head/bias`). */
  namedVariables(): ReadonlyArray<readonly [string, tf.Variable]> {
    return namedVariablesOfNetwork(this.network);
  }

  /** Steps taken so far. */
  get step(): number {
    return this.trainer.step;
  }

  /** Logits `[B]`; the caller disposes the tensor. `training` changes nothing (no dropout or batch norm). */
  forward(batch: Batch, _options: { readonly training?: boolean } = {}): tf.Tensor1D {
    return this.trainer.logits(batch, this.path);
  }

  /** The head's input `[B, headInputWidth]` (the last block's dense and flattened sparse outputs); the caller disposes it. */
  headFeatures(batch: Batch): tf.Tensor2D {
    return this.trainer.features(batch, this.path);
  }

  /** A copy of the head FC(1) weights. */
  headParameters(): CtrHeadParameters {
    return readHeadParameters(this.network.head);
  }

  /** Replaces the head FC(1) weights (post-training fine-tuning); throws INVARIANT when the sizes differ. */
  setHeadParameters(parameters: CtrHeadParameters): void {
    assignHeadParameters(this.network.head, parameters);
  }

  /** One training step (the supernet's recipe: clipping, dense and sparse Adagrad, cosine schedule); returns the loss. */
  trainStep(batch: Batch): number {
    return this.trainer.trainStep(batch, this.path);
  }

  predict(batch: Batch): Float32Array {
    return this.trainer.predict(batch, this.path);
  }

  evaluate(batches: Iterable<Batch>): CtrEvaluation {
    return this.trainer.evaluate(batches, this.path);
  }

  /** Frees the weights and the optimizer state. */
  dispose(): void {
    this.trainer.dispose();
    disposeNetwork(this.network);
  }
}

/**
 * A subnet of `arch` with fresh seeded weights and embeddings (NASRec's final step: retrain from scratch).
 * Fails with CONFIG_INVALID when `arch` does not fit `config.space` or an operator is not registered.
 */
export function buildFromScratch(arch: ArchEncoding, config: CtrSubnetConfig): E.Either<RecnasError, CtrSubnet> {
  return buildSubnet(arch, config, undefined);
}

/** As `buildFromScratch`, with `store` as the embeddings (loading a saved model; the dense weights are then overwritten). */
export function buildSubnetWithStore(arch: ArchEncoding, config: CtrSubnetConfig, store: SparseEmbeddingStore): E.Either<RecnasError, CtrSubnet> {
  return buildSubnet(arch, config, store);
}

function buildSubnet(arch: ArchEncoding, config: CtrSubnetConfig, given: SparseEmbeddingStore | undefined): E.Either<RecnasError, CtrSubnet> {
  const subnetLayout = config.subnetLayout ?? 'active-width';
  return pipe(
    E.Do,
    E.bind('valid', () => validateArchEncoding(arch, config.space)),
    E.bind('layout', () => resolveLayout(config)),
    E.bind('training', () => decodeTrainingOptions(config.training)),
    E.bind('build', ({ valid, layout }) => networkBuilder(config, layout, valid, subnetLayout)),
    E.bind('store', ({ layout }) => (given === undefined ? createEmbeddingStore(config, layout, modelRng(config).fork('embeddings')) : E.right(given))),
    E.map(({ valid, training, build, store }) => {
      const network = build(modelRng(config).fork('weights'));
      return new CtrSubnet(valid, network, store, (net, embeddings) => new CtrTrainer(net, embeddings, training, config.supernetPaths ?? 'sliced'));
    }),
  );
}

function networkBuilder(config: CtrModelConfig, layout: CtrLayout, arch: ArchEncoding, subnetLayout: SubnetLayout): E.Either<RecnasError, (rng: Rng) => CtrNetwork> {
  if (subnetLayout === 'weight-sharing') {
    return E.map((plans: ModulePlan[][]) => (rng: Rng) => buildNetwork(layout, plans, rng))(planNetwork(config.space, config.registry, layout, archSelections(arch)));
  }
  return E.map(({ plan, modules }: { plan: CompactPlan; modules: ModulePlan[][] }) => (rng: Rng) => buildCompactNetwork(layout, plan, modules, rng))(
    planCompactNetwork(config.space, config.registry, layout, arch, subnetLayout),
  );
}
