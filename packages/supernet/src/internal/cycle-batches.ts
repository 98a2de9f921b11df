import { RecnasError, type Batch } from '@recnas/core';

/**
 * Yields `steps` batches, going over `batches` again from the start whenever it runs out (an array, or any
 * iterable that can be iterated more than once). Throws DATA_EMPTY when a pass yields no batch: `what`
 * names the argument in the message.
 */
export function* cycleBatches(batches: Iterable<Batch>, steps: number, what: string): Generator<Batch> {
  let yielded = 0;
  while (yielded < steps) {
    let inPass = 0;
    for (const batch of batches) {
      if (yielded >= steps) return;
      inPass += 1;
      yielded += 1;
      yield batch;
    }
    if (inPass === 0) {
      throw new RecnasError('DATA_EMPTY', `${what}: no batch to train on (after ${yielded} steps; a one-shot iterator cannot be cycled, pass an array)`, {
        steps: yielded,
      });
    }
  }
}
