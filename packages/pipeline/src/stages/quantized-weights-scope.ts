import { tf } from '@recnas/engine';
import { fakeQuantizePerOutputChannel } from './weight-fake-quantization.js';
import type { WeightPrecisionPlan } from './weight-precision-plan.js';

/** What the scope reads of a model: its dense variables by name (`CtrSupernet.namedVariables`). */
export interface NamedVariables {
  namedVariables(): ReadonlyArray<readonly [string, tf.Variable]>;
}

/** The variables `plan` quantizes: every rank-2 weight (an FC kernel `[K, N]`) under one of its module prefixes. */
export function quantizedVariablesOf(model: NamedVariables, plan: WeightPrecisionPlan): Array<readonly [string, tf.Variable]> {
  return model.namedVariables().filter(([name, variable]) => variable.rank === 2 && plan.modules.some((prefix) => name.startsWith(prefix)));
}

/**
 * Runs `work` with the weight matrices of `plan`'s modules fake-quantized to `plan.weightBits`
 * (`fakeQuantizePerOutputChannel`) and puts the exact float32 values back afterwards, also when `work`
 * throws. Biases, LayerNorm gains and embeddings stay float32 (the chip's digital units apply them). The
 * scope owns the model while it runs: `work` must be synchronous and no other scoring may use the model
 * meanwhile (each scoring thread has its own supernet).
 */
export function withFakeQuantizedWeights<A>(model: NamedVariables, plan: WeightPrecisionPlan | undefined, work: () => A): A {
  if (plan === undefined) return work();
  const saved: Array<{ variable: tf.Variable; values: Float32Array }> = [];
  try {
    for (const [, variable] of quantizedVariablesOf(model, plan)) {
      const [rows, cols] = variable.shape as [number, number];
      const values = variable.dataSync() as Float32Array;
      saved.push({ variable, values: values.slice() });
      const quantized = tf.tensor2d(fakeQuantizePerOutputChannel(values, rows, cols, plan.weightBits).values, [rows, cols], 'float32');
      variable.assign(quantized);
      quantized.dispose();
    }
    return work();
  } finally {
    for (const { variable, values } of saved) {
      const original = tf.tensor2d(values, variable.shape as [number, number], 'float32');
      variable.assign(original);
      original.dispose();
    }
  }
}
