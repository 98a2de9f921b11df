import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, Rng, decodeSequentialArchitecture, decodeWith, type SequentialArchitecture, type SequentialLayer } from '@recnas/core';
import { gatherRows, positionalLayerNorm, tf } from '@recnas/engine';
import {
  SEQUENTIAL_INIT_STD,
  SEQUENTIAL_LAYER_NORM_EPSILON,
  SELF_ATTENTION_BLOCK_WEIGHT_NAMES,
  buildSelfAttentionBlock,
  createWeightInitializer,
  drawDropout,
  maskedLayerNorm,
  seededDropout,
  selfAttentionBlock,
  sequentialAttentionMask,
  type SelfAttentionBlockGates,
  type SelfAttentionBlockWeightName,
  type SelfAttentionBlockWeights,
} from '@recnas/operators';
import { SasrecModelConfigCodec, type SasrecModelConfig, type SasrecModelConfigInput } from './sasrec-config.js';

/** Name of the item table variable (`[itemCount + 1, d]`, row 0 = padding), read outside autograd. */
export const ITEM_TABLE_NAME = 'items';

/**
 * Gates of a whole encoder (DNS-Rec's soft masks): `hiddenMask [B or 1, d]` on the residual stream (the
 * embedding LayerNorm and every block's LayerNorms become masked) and per-layer head / FFN / layer gates.
 */
export interface SequentialGates {
  readonly hiddenMask?: tf.Tensor;
  readonly layers?: ReadonlyArray<Omit<SelfAttentionBlockGates, 'hiddenMask'> | undefined>;
}

/** How `encode` runs: dropout only when `training` (masks drawn from `rng`, else the model's own stream). */
export interface EncodeOptions {
  readonly training?: boolean;
  readonly gates?: SequentialGates;
  readonly rng?: Rng;
  /** Return only the last position (`[B, 1, d]`), skipping the last layer's other queries (scoring). */
  readonly lastPositionOnly?: boolean;
}

/**
 * The first non-padding position of each row of `ids` (`[B x length]`) when every row is left-padded (no
 * 0 after a real item), else undefined (then the general additive mask is used).
 */
function leftPaddedStarts(ids: Int32Array, length: number): number[] | undefined {
  const rows = ids.length / length;
  const starts = new Array<number>(rows);
  for (let row = 0; row < rows; row++) {
    const base = row * length;
    let start = 0;
    while (start < length && (ids[base + start] as number) === 0) start++;
    for (let j = start; j < length; j++) if ((ids[base + j] as number) === 0) return undefined;
    starts[row] = start;
  }
  return starts;
}

/**
 * SASRec as ICLRec trains it (docs/decisions/0010-dns-rec.md): item + position embeddings, LayerNorm
 * (eps 1e-12), dropout, post-LN self-attention blocks; the score of item i at position t is
 * `h_t . items[i]` (shared table, no bias). The item table is a variable read outside autograd: rows are
 * copied into the input tensor and the trainer scatters their gradient back.
 */
export class SasrecModel {
  private readonly named: ReadonlyMap<string, tf.Variable>;
  private readonly layerWeights: ReadonlyArray<SelfAttentionBlockWeights>;
  private readonly dropoutRng: Rng;
  private disposed = false;

  private constructor(
    readonly config: SasrecModelConfig,
    named: Map<string, tf.Variable>,
  ) {
    this.named = named;
    this.layerWeights = config.architecture.layers.map((_, layer) => {
      const weights: Partial<Record<SelfAttentionBlockWeightName, tf.Tensor>> = {};
      for (const name of SELF_ATTENTION_BLOCK_WEIGHT_NAMES) weights[name] = named.get(`layer${layer}/${name}`) as tf.Variable;
      return weights as SelfAttentionBlockWeights;
    });
    this.dropoutRng = Rng.fromSeed(config.seed).fork('dropout');
  }

  /**
   * Builds a model with seeded ICLRec init (Normal(0, 0.02) embeddings and kernels, zero biases, LayerNorm
   * 1 / 0). CONFIG_INVALID names a bad field (e.g. `architecture.attentionWidth`, dropout 1). Initialise a backend first.
   */
  static create(input: SasrecModelConfigInput): E.Either<RecnasError, SasrecModel> {
    const decoded = E.flatMap(decodeWith(SasrecModelConfigCodec, input, 'SASRec model config'), (config) =>
      E.flatMap(decodeSequentialArchitecture(config.architecture, undefined, 'SASRec model config: architecture'), () => E.right(config)),
    );
    if (E.isLeft(decoded)) return decoded;
    const config = decoded.right;
    const { maxHeads, layers } = config.architecture;
    if (config.dropout >= 1 || config.attentionDropout >= 1 || layers.length === 0 || layers.some((layer) => layer.heads > maxHeads)) {
      return E.left(new RecnasError('CONFIG_INVALID', 'SASRec model config: dropout rates must be below 1, the architecture needs a layer and at most maxHeads heads per layer', { config }));
    }
    return E.right(new SasrecModel(config, SasrecModel.buildVariables(config)));
  }

  private static buildVariables(config: SasrecModelConfig): Map<string, tf.Variable> {
    const init = createWeightInitializer(Rng.fromSeed(config.seed).fork('weights'));
    const normal = init.normal as (shape: ReadonlyArray<number>, std: number) => tf.Tensor;
    const { hiddenWidth: d, attentionWidth, maxHeads, layers } = config.architecture;
    const named = new Map<string, tf.Variable>();
    named.set(ITEM_TABLE_NAME, normal([config.itemCount + 1, d], SEQUENTIAL_INIT_STD) as tf.Variable);
    named.set('positions', normal([config.maxLength, d], SEQUENTIAL_INIT_STD) as tf.Variable);
    named.set('embeddingNorm.gamma', init.ones([d]) as tf.Variable);
    named.set('embeddingNorm.beta', init.zeros([d]) as tf.Variable);
    layers.forEach((layer, i) => {
      // A layer keeping h of the maxHeads head slices has an h * (attentionWidth / maxHeads) wide attention.
      const headWidth = attentionWidth / maxHeads;
      const weights = buildSelfAttentionBlock(init, { hiddenWidth: d, attentionWidth: layer.heads * headWidth, maxHeads: layer.heads, ffnWidth: layer.ffnWidth });
      for (const name of SELF_ATTENTION_BLOCK_WEIGHT_NAMES) named.set(`layer${i}/${name}`, weights[name] as tf.Variable);
    });
    return named;
  }

  /** The architecture the model is built at. */
  get architecture(): SequentialArchitecture {
    return this.config.architecture;
  }

  /** Residual-stream width d. */
  get hiddenWidth(): number {
    return this.config.architecture.hiddenWidth;
  }

  /** Every variable by name, in build order: `items`, `positions`, `embeddingNorm.*`, `layer<i>/<weight>`. */
  namedVariables(): ReadonlyMap<string, tf.Variable> {
    return this.named;
  }

  /** The item table `[itemCount + 1, d]` (row 0 = padding). */
  get itemTable(): tf.Variable {
    return this.named.get(ITEM_TABLE_NAME) as tf.Variable;
  }

  /** Trainable parameters, item table included. */
  get parameterCount(): number {
    let total = 0;
    for (const variable of this.named.values()) total += variable.size;
    return total;
  }

  /** Copies the item-table rows of `ids` into a new `[ids.length x d]` array (the input of the graph). */
  gatherItems(ids: Int32Array): Float32Array {
    this.checkIds(ids);
    const out = new Float32Array(ids.length * this.hiddenWidth);
    gatherRows({ tables: [this.itemTable.dataSync() as Float32Array], dim: this.hiddenWidth }, ids, out);
    return out;
  }

  /**
   * The encoder output `[B, L, d]` for left-padded ids: an Int32Array `[B x maxLength]`, or an int32
   * tensor `[B, L]` with L <= maxLength (the last L positions; dropping leading all-padding columns
   * changes nothing at the real positions). The caller disposes the result.
   */
  encode(inputIds: Int32Array | tf.Tensor2D, training = false, gates?: SequentialGates, rng?: Rng): tf.Tensor3D {
    const length = inputIds instanceof Int32Array ? this.config.maxLength : (inputIds.shape[1] as number);
    const ids = inputIds instanceof Int32Array ? inputIds : Int32Array.from(inputIds.dataSync());
    const rows = this.gatherItems(ids);
    return tf.tidy(() => {
      const itemInput = tf.tensor3d(rows, [ids.length / length, length, this.hiddenWidth], 'float32');
      return this.encodeRows(itemInput, ids, { training, ...(gates === undefined ? {} : { gates }), ...(rng === undefined ? {} : { rng }) });
    });
  }

  /**
   * The encoder over already gathered item rows `itemInput [B, L, d]` of `ids` (`[B x L]`): what `encode`
   * and the trainer run (the trainer differentiates w.r.t. `itemInput`). Call inside tf.tidy.
   */
  encodeRows(itemInput: tf.Tensor3D, ids: Int32Array, options: EncodeOptions = {}): tf.Tensor3D {
    this.checkNotDisposed();
    const [batchSize, length, width] = itemInput.shape;
    if (length > this.config.maxLength || ids.length !== batchSize * length || width !== this.hiddenWidth) {
      throw new RecnasError('INVARIANT', `SASRec encode: item input [${itemInput.shape}] and ${ids.length} ids do not fit maxLength ${this.config.maxLength}, d ${this.hiddenWidth}`);
    }
    const training = options.training ?? false;
    const rng = options.rng ?? this.dropoutRng;
    const gates = options.gates;
    const positions = tf.slice(this.named.get('positions') as tf.Variable, [this.config.maxLength - length, 0], [length, width]) as tf.Tensor2D;
    const gamma = this.named.get('embeddingNorm.gamma') as tf.Tensor1D;
    const beta = this.named.get('embeddingNorm.beta') as tf.Tensor1D;
    const dropout = training && this.config.dropout > 0;
    // Ungated: one fused op (the same dropout draw as the gated path's seededDropout, so both give the same x).
    let x: tf.Tensor3D =
      gates?.hiddenMask === undefined
        ? positionalLayerNorm(itemInput, positions, gamma, beta, SEQUENTIAL_LAYER_NORM_EPSILON, dropout ? drawDropout(this.config.dropout, rng) : undefined)
        : maskedLayerNorm(tf.add(itemInput, positions) as tf.Tensor3D, gamma, beta, gates.hiddenMask, SEQUENTIAL_LAYER_NORM_EPSILON);
    if (dropout && gates?.hiddenMask !== undefined) x = seededDropout(x, this.config.dropout, rng) as tf.Tensor3D;
    const keyStart = leftPaddedStarts(ids, length);
    const mask = keyStart === undefined ? { attentionMask: sequentialAttentionMask(ids, length) } : { keyStart };
    this.layerWeights.forEach((weights, layer) => {
      const layerGates = gates?.layers?.[layer];
      const blockGates: SelfAttentionBlockGates = { ...layerGates, ...(gates?.hiddenMask === undefined ? {} : { hiddenMask: gates.hiddenMask }) };
      x = selfAttentionBlock({
        x,
        ...mask,
        weights,
        heads: (this.config.architecture.layers[layer] as SequentialLayer).heads,
        training,
        dropout: this.config.dropout,
        attentionDropout: this.config.attentionDropout,
        rng,
        ...(Object.keys(blockGates).length === 0 ? {} : { gates: blockGates }),
        ...(options.lastPositionOnly === true && layer === this.layerWeights.length - 1 ? { lastPositionOnly: true } : {}),
      });
    });
    return x;
  }

  /**
   * Scores of every item id (0..itemCount, padding included) after the last position of each row of `ids`
   * (`[B x length]`, left-padded): `[B x (itemCount + 1)]` row-major, eval mode (no dropout).
   */
  scoreLast(ids: Int32Array, length: number): Float32Array {
    const rows = this.gatherItems(ids);
    const batchSize = ids.length / length;
    const scores = tf.tidy(() => {
      const itemInput = tf.tensor3d(rows, [batchSize, length, this.hiddenWidth], 'float32');
      const last = tf.reshape(this.encodeRows(itemInput, ids, { lastPositionOnly: true }), [batchSize, this.hiddenWidth]) as tf.Tensor2D;
      return tf.matMul(last, this.itemTable as tf.Tensor2D, false, true);
    });
    try {
      return scores.dataSync() as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  /** Disposes every variable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const variable of this.named.values()) variable.dispose();
  }

  private checkIds(ids: Int32Array): void {
    const limit = this.config.itemCount;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id < 0 || id > limit) throw new RecnasError('INVARIANT', `SASRec: item id ${id} at ${i} is outside 0..${limit}`);
    }
  }

  private checkNotDisposed(): void {
    if (this.disposed) throw new RecnasError('INVARIANT', 'SASRec model used after dispose()');
  }
}
