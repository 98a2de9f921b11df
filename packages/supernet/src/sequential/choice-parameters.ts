import { sequentialChoiceGroups, type SequentialChoiceGroup, type SequentialSpace } from '@recnas/core';
import { tf } from '@recnas/engine';

/**
 * DNS-Rec's architecture parameters (docs/decisions/0010-dns-rec.md): for every choice group g a logit
 * vector `alpha/<g>` and, with data-aware gates, a linear gate `gate/<g>.kernel [d, n]`, `gate/<g>.bias [n]`
 * over the pooled history embedding. All start at 0 (uniform choices, gates neutral).
 */
export class ChoiceParameters {
  readonly groups: ReadonlyArray<SequentialChoiceGroup>;
  private readonly variables = new Map<string, tf.Variable>();

  constructor(
    readonly space: SequentialSpace,
    readonly dataAware: boolean,
    readonly poolWidth: number,
  ) {
    this.groups = sequentialChoiceGroups(space);
    // Inside tidy: the zero tensors that initialise the variables are disposed (the variables are kept).
    const zeros = (shape: number[]): tf.Variable => tf.tidy(() => tf.variable(tf.zeros(shape), true));
    for (const group of this.groups) {
      const n = group.options.length;
      this.variables.set(`alpha/${group.name}`, zeros([n]));
      if (dataAware) {
        this.variables.set(`gate/${group.name}.kernel`, zeros([poolWidth, n]));
        this.variables.set(`gate/${group.name}.bias`, zeros([n]));
      }
    }
  }

  /** Every architecture variable by name (the gates only when data-aware): what the architecture step trains. */
  namedVariables(): ReadonlyMap<string, tf.Variable> {
    return this.variables;
  }

  /**
   * Choice probabilities per group: `softmax((alpha + pool W + c) / temperature)` as `[B, n]` for a
   * pooled history batch `pool [B, d]`, or `softmax(alpha / temperature)` as `[1, n]` without gates (or
   * without a pool). Differentiable in the parameters; call inside tf.tidy.
   */
  probabilities(pool: tf.Tensor2D | undefined, temperature: number): Map<string, tf.Tensor2D> {
    const out = new Map<string, tf.Tensor2D>();
    for (const group of this.groups) {
      const alpha = this.variables.get(`alpha/${group.name}`) as tf.Variable;
      let logits: tf.Tensor2D = tf.reshape(alpha, [1, group.options.length]);
      if (this.dataAware && pool !== undefined) {
        const kernel = this.variables.get(`gate/${group.name}.kernel`) as tf.Tensor2D;
        const bias = this.variables.get(`gate/${group.name}.bias`) as tf.Tensor1D;
        logits = tf.add(logits, tf.add(tf.matMul(pool, kernel), bias));
      }
      out.set(group.name, tf.softmax(tf.div(logits, temperature)) as tf.Tensor2D);
    }
    return out;
  }

  /** Disposes the variables. */
  dispose(): void {
    for (const variable of this.variables.values()) variable.dispose();
    this.variables.clear();
  }
}

/**
 * Mean over rows of the non-padding rows of `rows` (`[B x L]` gathered item embeddings, `ids [B x L]`):
 * the pooled history `[B x d]` the data-aware gates read (no gradient flows into the item table).
 */
export function poolHistories(rows: Float32Array, ids: Int32Array, batchSize: number, length: number, width: number): Float32Array {
  const pooled = new Float32Array(batchSize * width);
  for (let b = 0; b < batchSize; b++) {
    let count = 0;
    for (let t = 0; t < length; t++) {
      if ((ids[b * length + t] as number) === 0) continue;
      count++;
      const from = (b * length + t) * width;
      for (let c = 0; c < width; c++) pooled[b * width + c] = (pooled[b * width + c] as number) + (rows[from + c] as number);
    }
    if (count > 0) for (let c = 0; c < width; c++) pooled[b * width + c] = (pooled[b * width + c] as number) / count;
  }
  return pooled;
}
