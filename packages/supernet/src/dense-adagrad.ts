import { applyAdagrad, applyAdagradSlice, tf, type WeightSlice } from '@recnas/engine';

/**
 * Adagrad for dense variables, as `torch.optim.Adagrad` (NASRec's optimizer, `eps=1e-2`): per element,
 * `acc += g^2; w -= lr * g / (sqrt(acc) + eps)`. Accumulators start at `initialAccumulatorValue` (PyTorch's
 * default 0) and are created the first time a variable receives a gradient, so a supernet only pays for the
 * operators its paths have trained; a variable without gradient in a step is left alone (NASRec's
 * non-sampled operators get no `.grad` and PyTorch's Adagrad skips them).
 */
export class DenseAdagrad {
  private readonly accumulators = new Map<tf.Variable, tf.Variable>();

  constructor(
    private readonly epsilon: number,
    private readonly initialAccumulatorValue: number,
  ) {}

  /**
   * Applies `scale * grad` at `learningRate` to each variable (each update in its own `tf.tidy`); a gradient
   * that comes with a slice updates only those entries (a sliced supernet step), which is what a full
   * gradient with zeros elsewhere would do.
   */
  apply(pairs: ReadonlyArray<readonly [tf.Variable, tf.Tensor, WeightSlice?]>, learningRate: number, scale: number): void {
    for (const [variable, rawGradient, slice] of pairs) {
      // One update per variable (fused natively on the native backend): the temporaries of a 6157 x 6157
      // gate are freed before the next variable.
      tf.tidy(() =>
        slice === undefined
          ? applyAdagrad(variable, this.accumulatorOf(variable), rawGradient, learningRate, this.epsilon, scale)
          : applyAdagradSlice(variable, this.accumulatorOf(variable), rawGradient, slice, learningRate, this.epsilon, scale),
      );
    }
  }

  /** Number of accumulator tensors held (grows as new variables receive gradients). */
  get size(): number {
    return this.accumulators.size;
  }

  /** The accumulator of `variable`, or undefined when it has not received a gradient yet (for checkpoints). */
  accumulatorFor(variable: tf.Variable): tf.Variable | undefined {
    return this.accumulators.get(variable);
  }

  /** Sets the accumulator of `variable` to `values` (row-major, the variable's shape), creating it if needed. */
  restoreAccumulator(variable: tf.Variable, values: Float32Array): void {
    tf.tidy(() => this.accumulatorOf(variable).assign(tf.tensor(values, variable.shape, 'float32')));
  }

  dispose(): void {
    for (const accumulator of this.accumulators.values()) accumulator.dispose();
    this.accumulators.clear();
  }

  private accumulatorOf(variable: tf.Variable): tf.Variable {
    let accumulator = this.accumulators.get(variable);
    if (accumulator === undefined) {
      accumulator = tf.keep(tf.variable(tf.fill(variable.shape, this.initialAccumulatorValue), false));
      this.accumulators.set(variable, accumulator);
    }
    return accumulator;
  }
}
