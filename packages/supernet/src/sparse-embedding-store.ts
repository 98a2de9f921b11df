import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, decodeWith, type Rng } from '@recnas/core';
import { allocateTable, gatherRows, rowwiseAdagrad } from '@recnas/engine';
import { SparseEmbeddingStoreOptionsCodec, type SparseEmbeddingStoreOptionsInput } from './sparse-embedding-store-options.js';

/** One embedding table: its field name, the field's vocabulary size and the rows it has after capping. */
export interface EmbeddingTableInfo {
  readonly name: string;
  readonly vocabSize: number;
  readonly rows: number;
}

/**
 * Everything a checkpoint needs: `tables[f]` is field f's `[rows x dim]` weights, row-major;
 * `accumulators[f]` its row-wise Adagrad sums (one per row).
 */
export interface SparseEmbeddingStoreState {
  readonly dim: number;
  readonly fields: ReadonlyArray<EmbeddingTableInfo>;
  readonly tables: ReadonlyArray<Float32Array>;
  readonly accumulators: ReadonlyArray<Float32Array>;
}

/** The Adagrad epsilon NASRec trains with (SPEC section 4: Adagrad, eps 1e-2). */
export const DEFAULT_ADAGRAD_EPSILON = 1e-2;

const TWO_TO_MINUS_32 = 2 ** -32;

/**
 * Embedding tables kept outside autograd (SPEC section 2): per-field `Float32Array` tables of
 * `[rows x dim]`. `lookup` copies rows into a batch input buffer; `applyAdagrad` scatters the gradient
 * w.r.t. that buffer back with sparse row-wise Adagrad, touching only the rows present in the batch.
 * Sparse ids follow core's `Batch.sparse` layout: `sparseIds[b * fieldCount + f]`.
 */
export class SparseEmbeddingStore {
  private constructor(
    readonly dim: number,
    readonly fields: ReadonlyArray<EmbeddingTableInfo>,
    private readonly tables: Float32Array[],
    private readonly accumulators: Float32Array[],
  ) {}

  /**
   * Decodes `options` (see SparseEmbeddingStoreOptionsCodec) and initialises each table from `rng`,
   * in field order, uniformly in [-sqrt(1 / rows), sqrt(1 / rows)) as DLRM does
   * (facebookresearch/dlrm, dlrm_s_pytorch.py, create_emb); `rows` is the capped row count.
   * NASRec itself keeps PyTorch's default N(0, 1) initialisation of nn.Embedding.
   */
  static create(options: SparseEmbeddingStoreOptionsInput, rng: Rng): E.Either<RecnasError, SparseEmbeddingStore> {
    return E.flatMap(decodeWith(SparseEmbeddingStoreOptionsCodec, options, 'sparse embedding store options'), (resolved) => {
      const fields = resolved.fields.map((field) => ({
        name: field.name,
        vocabSize: field.vocabSize,
        rows: Math.min(field.vocabSize, resolved.maxRowsPerTable),
      }));
      const tables = fields.map((field) => {
        const bound = Math.sqrt(1 / field.rows);
        const table = allocateTable(field.rows * resolved.dim);
        // One 32-bit draw per weight: float32 keeps 24 bits of it anyway.
        for (let i = 0; i < table.length; i++) table[i] = (2 * rng.nextUint32() * TWO_TO_MINUS_32 - 1) * bound;
        return table;
      });
      const accumulators = fields.map((field) => allocateTable(field.rows));
      return E.right(new SparseEmbeddingStore(resolved.dim, fields, tables, accumulators));
    });
  }

  /** Restores a store from `state()` (it takes copies); fails with CHECKPOINT_CORRUPT when sizes disagree. */
  static fromState(state: SparseEmbeddingStoreState): E.Either<RecnasError, SparseEmbeddingStore> {
    const problems: string[] = [];
    if (!Number.isSafeInteger(state.dim) || state.dim < 1) problems.push(`dim: expected a positive integer, got ${state.dim}`);
    if (state.tables.length !== state.fields.length || state.accumulators.length !== state.fields.length) {
      problems.push(`expected ${state.fields.length} tables and accumulators, got ${state.tables.length} and ${state.accumulators.length}`);
    }
    state.fields.forEach((field, f) => {
      if (state.tables[f] !== undefined && state.tables[f].length !== field.rows * state.dim) {
        problems.push(`tables[${f}] (${field.name}): expected ${field.rows} x ${state.dim} values, got ${state.tables[f].length}`);
      }
      if (state.accumulators[f] !== undefined && state.accumulators[f].length !== field.rows) {
        problems.push(`accumulators[${f}] (${field.name}): expected ${field.rows} values, got ${state.accumulators[f].length}`);
      }
    });
    if (problems.length > 0) {
      return E.left(new RecnasError('CHECKPOINT_CORRUPT', `sparse embedding store state is invalid:\n${problems.join('\n')}`, { problems }));
    }
    const fields = state.fields.map((field) => ({ ...field }));
    const copy = (arrays: ReadonlyArray<Float32Array>): Float32Array[] =>
      arrays.map((array) => {
        const table = allocateTable(array.length);
        table.set(array);
        return table;
      });
    return E.right(new SparseEmbeddingStore(state.dim, fields, copy(state.tables), copy(state.accumulators)));
  }

  /** Number of fields (tables). */
  get fieldCount(): number {
    return this.fields.length;
  }

  /** A copy of every table and accumulator, for a checkpoint. */
  state(): SparseEmbeddingStoreState {
    return {
      dim: this.dim,
      fields: this.fields.map((field) => ({ ...field })),
      tables: this.tables.map((table) => table.slice()),
      accumulators: this.accumulators.map((accumulator) => accumulator.slice()),
    };
  }

  /**
   * Copies the rows of `sparseIds` (`[batchSize x fieldCount]`) into `out` (allocated when absent),
   * `[batchSize x fieldCount x dim]` row-major, and returns it. Throws INVARIANT for an id outside its
   * table (naming field, id and example) or for sizes that do not match.
   */
  lookup(sparseIds: Int32Array, batchSize: number, out?: Float32Array): Float32Array {
    const { dim, fieldCount } = this;
    this.checkIds(sparseIds, batchSize);
    const target = out ?? new Float32Array(batchSize * fieldCount * dim);
    if (target.length !== batchSize * fieldCount * dim) {
      throw new RecnasError('INVARIANT', `lookup: output has length ${target.length}, expected ${batchSize} x ${fieldCount} x ${dim}`);
    }
    gatherRows({ tables: this.tables, dim }, sparseIds, target);
    return target;
  }

  /**
   * Sparse row-wise Adagrad, as TorchRec's RowWiseAdagrad and FBGEMM's EXACT_ROWWISE_ADAGRAD (used for
   * DLRM): per field, the gradients of duplicate ids in the batch are summed first into g; then for each
   * distinct row, `acc += mean(g^2)` over its `dim` values and `row -= lr * g / (sqrt(acc) + eps)`.
   * `grad` is the gradient w.r.t. the lookup output, `[B x fieldCount x dim]`. Only rows present in the
   * batch are read or written. All ids are checked before anything changes (INVARIANT on a bad one).
   */
  applyAdagrad(sparseIds: Int32Array, grad: Float32Array, learningRate: number, eps: number = DEFAULT_ADAGRAD_EPSILON): void {
    const { dim, fieldCount } = this;
    if (fieldCount === 0) return;
    const batchSize = sparseIds.length / fieldCount;
    if (!Number.isInteger(batchSize) || grad.length !== sparseIds.length * dim) {
      throw new RecnasError('INVARIANT', `applyAdagrad: ${sparseIds.length} ids and ${grad.length} gradient values do not form [B x ${fieldCount} x ${dim}]`);
    }
    if (!(Number.isFinite(learningRate) && learningRate >= 0) || !(Number.isFinite(eps) && eps > 0)) {
      throw new RecnasError('INVARIANT', `applyAdagrad: learning rate must be >= 0 and eps > 0, got ${learningRate} and ${eps}`);
    }
    this.checkIds(sparseIds, batchSize);
    rowwiseAdagrad({ tables: this.tables, dim }, this.accumulators, sparseIds, grad, learningRate, eps);
  }

  private checkIds(sparseIds: Int32Array, batchSize: number): void {
    const { fieldCount } = this;
    if (!Number.isInteger(batchSize) || batchSize < 0 || sparseIds.length !== batchSize * fieldCount) {
      throw new RecnasError('INVARIANT', `sparse ids have length ${sparseIds.length}, expected ${batchSize} x ${fieldCount} fields`);
    }
    for (let slot = 0; slot < sparseIds.length; slot++) {
      const id = sparseIds[slot] as number;
      const field = this.fields[slot % fieldCount] as EmbeddingTableInfo;
      if (id < 0 || id >= field.rows) {
        const example = Math.floor(slot / fieldCount);
        throw new RecnasError(
          'INVARIANT',
          `sparse id ${id} of field "${field.name}" (example ${example}) is outside its table of ${field.rows} rows (vocab ${field.vocabSize})`,
          { field: field.name, id, example, rows: field.rows },
        );
      }
    }
  }
}
