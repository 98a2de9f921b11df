import { RecnasError } from '@recnas/core';
import { applyAdam, tf, type AdamSlots } from '@recnas/engine';
import { assignValues } from '../internal/assign-values.js';

/** Adam's settings (torch.optim.Adam, no weight decay). */
export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Dense Adam over a fixed set of named variables, as torch.optim.Adam over every parameter (the item table
 * included, decision 0010): zero moments created up front, one shared step counter, one fused pass per
 * variable (engine `applyAdam`). Its moments and step go into checkpoints.
 */
export class SequentialAdam {
  private stepCount = 0;
  private readonly slots = new Map<string, AdamSlots>();

  constructor(
    variables: ReadonlyMap<string, tf.Variable>,
    readonly settings: AdamSettings,
  ) {
    for (const [name, variable] of variables) {
      // tf.variable shares the initial tensor's storage and adds a reference: tidy drops the zeros' own handle.
      this.slots.set(name, tf.tidy(() => ({ m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false) })));
    }
  }

  /** Steps taken (Adam's t). */
  get step(): number {
    return this.stepCount;
  }

  /** One step: `gradients` by variable name (a variable without one is left as it is, as PyTorch's `grad is None`). */
  apply(variables: ReadonlyMap<string, tf.Variable>, gradients: ReadonlyMap<string, tf.Tensor>): void {
    this.stepCount += 1;
    for (const [name, gradient] of gradients) {
      const variable = variables.get(name);
      const slots = this.slots.get(name);
      if (variable === undefined || slots === undefined) throw new RecnasError('INVARIANT', `Adam: no variable "${name}"`);
      applyAdam(variable, slots, gradient, { ...this.settings, step: this.stepCount });
    }
  }

  /** The moments by variable name (for checkpoints). */
  moments(): ReadonlyMap<string, AdamSlots> {
    return this.slots;
  }

  /** Restores the step and the moments (`m`, `v` values by variable name; every variable must be given). */
  restore(step: number, moments: ReadonlyMap<string, { readonly m: Float32Array; readonly v: Float32Array }>): void {
    if (!Number.isSafeInteger(step) || step < 0) throw new RecnasError('INVARIANT', `Adam restore: bad step ${step}`);
    for (const [name, slots] of this.slots) {
      const values = moments.get(name);
      if (values === undefined || values.m.length !== slots.m.size || values.v.length !== slots.v.size) {
        throw new RecnasError('CHECKPOINT_CORRUPT', `Adam restore: moments of "${name}" are missing or misshapen`);
      }
      assignValues(slots.m, values.m, `Adam moment m of "${name}"`);
      assignValues(slots.v, values.v, `Adam moment v of "${name}"`);
    }
    this.stepCount = step;
  }

  /** Disposes the moments. */
  dispose(): void {
    for (const { m, v } of this.slots.values()) tf.dispose([m, v]);
    this.slots.clear();
  }
}
