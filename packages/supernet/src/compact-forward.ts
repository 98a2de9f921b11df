import { RecnasError } from '@recnas/core';
import { tf } from '@recnas/engine';
import { forwardChecked } from '@recnas/operators';
import type { BlockModules, OperatorModule } from './ctr-modules.js';
import type { CompactBlockPlan, CompactPlan } from './compact-layout.js';

function only(modules: ReadonlyMap<string, OperatorModule>, what: string, position: number): OperatorModule {
  const [first] = modules.values();
  if (first === undefined || modules.size !== 1) throw new RecnasError('INVARIANT', `block ${position + 1}: a compact block has exactly one ${what} operator, got ${modules.size}`);
  return first;
}

function concat(parts: ReadonlyArray<tf.Tensor>, axis: number): tf.Tensor {
  return parts.length === 1 ? (parts[0] as tf.Tensor) : tf.concat(parts as tf.Tensor[], axis);
}

/** The first `width` entries of axis 1 (`[B, W]` or `[B, W, E]`); the tensor itself when it has no more. */
function firstOf(x: tf.Tensor, width: number): tf.Tensor {
  if ((x.shape[1] ?? 0) === width) return x;
  const begin = x.shape.map(() => 0);
  const size = x.shape.map((dim, axis) => (axis === 1 ? width : dim));
  return tf.slice(x, begin, size);
}

function run(entry: OperatorModule, inputs: tf.Tensor[], width: number): tf.Tensor {
  return forwardChecked(entry.op, { weights: entry.weights, inputs, width, maxWidth: entry.maxWidth, options: entry.options });
}

/** Operator inputs of the block's dense operator, in kind order. */
function denseOperands(block: CompactBlockPlan, convention: CompactPlan['convention'], dense: ReadonlyArray<tf.Tensor>, sparseInput: () => tf.Tensor): tf.Tensor[] {
  const pick = (sources: ReadonlyArray<number>): tf.Tensor => concat(sources.map((source) => dense[source] as tf.Tensor), 1);
  switch (block.denseKind) {
    case 'dense-unary':
      return [pick(block.denseSources)];
    case 'dense-sparse':
      return [pick(block.denseSources), sparseInput()];
    case 'sparse':
      return [sparseInput()];
    case 'dense-binary': {
      if (convention === 'active-width') return [pick(block.leftSources), pick(block.rightSources)];
      // The union of both sides, zeros where a side does not read an output: the weight-sharing positions.
      const side = (sources: ReadonlyArray<number>): tf.Tensor =>
        concat(
          block.unionSources.map((source) => {
            const output = dense[source] as tf.Tensor;
            return sources.includes(source) ? output : tf.zerosLike(output);
          }),
          1,
        );
      return [side(block.leftSources), side(block.rightSources)];
    }
  }
}

/**
 * The head's input `[B, compactHeadInputWidth]` of a compact subnet: each block reads the concatenation of
 * the outputs it selects at their active widths (ascending index, as the weight-sharing concatenation),
 * runs its operators at their build widths and keeps the first `width` channels or rows; interaction rows
 * are appended only when the block turns them on. Call inside `tf.tidy`.
 */
export function forwardCompactFeatures(blocks: ReadonlyArray<BlockModules>, plan: CompactPlan, dense: tf.Tensor, embeddings: tf.Tensor): tf.Tensor2D {
  const denseOutputs = [dense];
  const sparseOutputs = [embeddings];
  plan.blocks.forEach((block, position) => {
    const modules = blocks[position] as BlockModules;
    const sparseIn = concat(block.sparseSources.map((source) => sparseOutputs[source] as tf.Tensor), 1);
    const sparseInput = (): tf.Tensor => sparseIn;
    const denseModule = only(modules.dense, 'dense', position);
    let denseOut = firstOf(run(denseModule, denseOperands(block, plan.convention, denseOutputs, sparseInput), block.denseWidth), block.denseWidth);
    const sparse = firstOf(run(only(modules.sparse, 'sparse', position), [sparseInput()], block.sparseWidth), block.sparseWidth);
    let sparseOut = sparse;
    if (block.interact) {
      const entry = modules.interact;
      if (entry === undefined) throw new RecnasError('INVARIANT', `block ${position + 1}: no dense-sparse-interact module`);
      sparseOut = run(entry, [denseOut, sparse], entry.maxWidth);
    }
    if (block.deepFm) {
      const entry = modules.deepFm;
      if (entry === undefined) throw new RecnasError('INVARIANT', `block ${position + 1}: no deep-fm module`);
      denseOut = firstOf(run(entry, [denseOut, sparse], block.denseWidth), block.denseWidth);
    }
    denseOutputs.push(denseOut);
    sparseOutputs.push(sparseOut);
  });
  const batchSize = dense.shape[0] ?? 0;
  const last = sparseOutputs[sparseOutputs.length - 1] as tf.Tensor;
  return tf.concat([denseOutputs[denseOutputs.length - 1] as tf.Tensor, tf.reshape(last, [batchSize, -1])], 1) as tf.Tensor2D;
}
