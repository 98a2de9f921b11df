import { RecnasError } from '@recnas/core';
import { tf } from '@recnas/engine';
import type { CtrHead } from './ctr-network.js';

/**
 * The weights of the head FC(1) as plain arrays: `kernel` has `headInputWidth` values (the column of the
 * `[headInputWidth, 1]` matrix), `bias` one. Copies: changing them changes no model.
 */
export interface CtrHeadParameters {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** Copies the head's current weights out of its variables. */
export function readHeadParameters(head: CtrHead): CtrHeadParameters {
  return { kernel: Float32Array.from(head.kernel.dataSync()), bias: Float32Array.from(head.bias.dataSync()) };
}

/** Overwrites the head's variables with `parameters`; fails with INVARIANT when the sizes differ. */
export function assignHeadParameters(head: CtrHead, parameters: CtrHeadParameters): void {
  if (parameters.kernel.length !== head.kernel.size || parameters.bias.length !== head.bias.size) {
    throw new RecnasError(
      'INVARIANT',
      `head parameters have ${parameters.kernel.length} + ${parameters.bias.length} values, the head ${head.kernel.size} + ${head.bias.size}`,
    );
  }
  tf.tidy(() => {
    head.kernel.assign(tf.tensor(parameters.kernel, head.kernel.shape, 'float32'));
    head.bias.assign(tf.tensor(parameters.bias, head.bias.shape, 'float32'));
  });
}
