import { RecnasError, invariant, type BlockPath, type SupernetPath } from '@recnas/core';
import { tf } from '@recnas/engine';
import { forwardChecked } from '@recnas/operators';
import { denseOutputWidth, sparseOutputRows, type CtrLayout } from './ctr-model-config.js';
import { modulesOfBlock, type BlockModules, type OperatorModule } from './ctr-modules.js';
import type { CompactPlan } from './compact-layout.js';
import { forwardCompactFeatures } from './compact-forward.js';

/** The head FC(1) over the last block's dense output and flattened sparse output. */
export interface CtrHead {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/**
 * A CTR network: the built modules of every block and the head. Without `compact` it is in the
 * weight-sharing layout (`layout`); with it, a compact subnet of one architecture (`compact-layout.ts`),
 * whose forward ignores the path's widths and inputs (they are fixed by the plan).
 */
export interface CtrNetwork {
  readonly layout: CtrLayout;
  readonly blocks: ReadonlyArray<BlockModules>;
  readonly head: CtrHead;
  readonly compact?: CompactPlan;
}

/** `[W]` 0/1 mask over the concatenation of outputs `0..position` that keeps the outputs in `selected`. */
function selectionMask(widths: ReadonlyArray<number>, selected: ReadonlyArray<number>): Float32Array | undefined {
  if (widths.every((_, index) => selected.includes(index))) return undefined; // everything selected: no mask
  const mask = new Float32Array(widths.reduce((total, width) => total + width, 0));
  let offset = 0;
  widths.forEach((width, index) => {
    if (selected.includes(index)) mask.fill(1, offset, offset + width);
    offset += width;
  });
  return mask;
}

/** Outputs of the stem and the blocks so far, concatenated once; masked views per input set (NASRec's zeros). */
class BlockInputs {
  private readonly dense: tf.Tensor;
  private readonly sparse: tf.Tensor;
  constructor(
    private readonly denseWidths: ReadonlyArray<number>,
    private readonly sparseRows: ReadonlyArray<number>,
    denseOutputs: ReadonlyArray<tf.Tensor>,
    sparseOutputs: ReadonlyArray<tf.Tensor>,
  ) {
    this.dense = denseOutputs.length === 1 ? (denseOutputs[0] as tf.Tensor) : tf.concat(denseOutputs as tf.Tensor[], 1);
    this.sparse = sparseOutputs.length === 1 ? (sparseOutputs[0] as tf.Tensor) : tf.concat(sparseOutputs as tf.Tensor[], 1);
  }

  denseOf(selected: ReadonlyArray<number>): tf.Tensor {
    const mask = selectionMask(this.denseWidths, selected);
    return mask === undefined ? this.dense : tf.mul(this.dense, tf.tensor2d(mask, [1, mask.length]));
  }

  sparseOf(selected: ReadonlyArray<number>): tf.Tensor {
    const mask = selectionMask(this.sparseRows, selected);
    return mask === undefined ? this.sparse : tf.mul(this.sparse, tf.tensor3d(mask, [1, mask.length, 1]));
  }
}

function moduleOf(modules: ReadonlyMap<string, OperatorModule>, id: string, position: number): OperatorModule {
  const found = modules.get(id);
  if (found === undefined) {
    throw new RecnasError('INVARIANT', `block ${position + 1}: operator "${id}" is not part of this network (have ${[...modules.keys()].join(', ')})`, {
      id,
      block: position + 1,
    });
  }
  return found;
}

function runOperator(entry: OperatorModule, inputs: BlockInputs, block: BlockPath, width: number): tf.Tensor {
  let operands: tf.Tensor[];
  switch (entry.op.kind) {
    case 'dense-unary':
      operands = [inputs.denseOf(block.denseInputs)];
      break;
    case 'dense-binary':
      operands = [inputs.denseOf(block.denseLeftInputs), inputs.denseOf(block.denseRightInputs)];
      break;
    case 'dense-sparse':
      operands = [inputs.denseOf(block.denseInputs), inputs.sparseOf(block.sparseInputs)];
      break;
    case 'sparse':
      operands = [inputs.sparseOf(block.sparseInputs)];
      break;
  }
  return forwardChecked(entry.op, { weights: entry.weights, inputs: operands, width, maxWidth: entry.maxWidth, options: entry.options });
}

function sumOf(outputs: tf.Tensor[], what: string, position: number): tf.Tensor {
  invariant(outputs.length > 0, () => `block ${position + 1}: the path selects no ${what} operator`);
  return outputs.length === 1 ? (outputs[0] as tf.Tensor) : tf.addN(outputs);
}

function interactionModule(entry: OperatorModule | undefined, name: string, position: number): OperatorModule {
  if (entry === undefined) throw new RecnasError('INVARIANT', `block ${position + 1}: the path turns ${name} on, but this network has no ${name} module`);
  return entry;
}

/** One block in the weight-sharing layout: `[B, D]` dense output and `[B, S + interactRows, E]` sparse output. */
function forwardBlock(network: CtrNetwork, position: number, inputs: BlockInputs, block: BlockPath): [tf.Tensor, tf.Tensor] {
  const modules = network.blocks[position] as BlockModules;
  const { interactRows, embeddingDim } = network.layout;
  let dense = sumOf(block.denseOps.map((id) => runOperator(moduleOf(modules.dense, id, position), inputs, block, block.denseWidth)), 'dense', position);
  const sparse = sumOf(block.sparseOps.map((id) => runOperator(moduleOf(modules.sparse, id, position), inputs, block, block.sparseWidth)), 'sparse', position);
  let sparseOut = sparse;
  if (interactRows > 0) {
    if (block.denseSparseInteract) {
      const entry = interactionModule(modules.interact, 'dense-sparse-interact', position);
      sparseOut = forwardChecked(entry.op, { weights: entry.weights, inputs: [dense, sparse], width: interactRows, maxWidth: interactRows, options: entry.options });
    } else {
      sparseOut = tf.concat([sparse, tf.zeros([sparse.shape[0] ?? 0, interactRows, embeddingDim])], 1); // NASRec's zero rows
    }
  }
  if (block.deepFm) {
    // After the interaction projection, which reads the dense output without the FM term (NASRec's order).
    const entry = interactionModule(modules.deepFm, 'deep-fm', position);
    dense = forwardChecked(entry.op, { weights: entry.weights, inputs: [dense, sparse], width: block.denseWidth, maxWidth: entry.maxWidth, options: entry.options });
  }
  return [dense, sparseOut];
}

/**
 * The head's input `[B, headInputWidth]` along `path` (NASRec's SuperNet.forward up to its final layer): the
 * stem is `dense [B, nDense]` and `embeddings [B, nSparse, E]`; block i reads the concatenation of the stem
 * and blocks 1..i-1 with zeros in place of the outputs its input sets leave out, runs the path's operators
 * (outputs summed) and the interaction modules the path turns on; the last block's dense output and its
 * flattened sparse output are concatenated. Call inside `tf.tidy`.
 */
export function forwardFeatures(network: CtrNetwork, dense: tf.Tensor, embeddings: tf.Tensor, path: SupernetPath): tf.Tensor2D {
  const { layout } = network;
  if (network.compact !== undefined) return forwardCompactFeatures(network.blocks, network.compact, dense, embeddings);
  invariant(path.blocks.length === layout.blocks, () => `path has ${path.blocks.length} blocks, the network ${layout.blocks}`);
  const denseOutputs = [dense];
  const sparseOutputs = [embeddings];
  const denseWidths = [denseOutputWidth(layout, 0)];
  const sparseRows = [sparseOutputRows(layout, 0)];
  path.blocks.forEach((block, position) => {
    const inputs = new BlockInputs(denseWidths, sparseRows, denseOutputs, sparseOutputs);
    const [denseOut, sparseOut] = forwardBlock(network, position, inputs, block);
    denseOutputs.push(denseOut);
    sparseOutputs.push(sparseOut);
    denseWidths.push(denseOutputWidth(layout, position + 1));
    sparseRows.push(sparseOutputRows(layout, position + 1));
  });
  const batchSize = dense.shape[0] ?? 0;
  const lastSparse = sparseOutputs[sparseOutputs.length - 1] as tf.Tensor;
  return tf.concat([denseOutputs[denseOutputs.length - 1] as tf.Tensor, tf.reshape(lastSparse, [batchSize, -1])], 1) as tf.Tensor2D;
}

/** Logits `[B]` of the head FC(1) over `features` `[B, headInputWidth]`. Call inside `tf.tidy`. */
export function headLogits(features: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor1D {
  const batchSize = features.shape[0];
  return tf.reshape(tf.add(tf.matMul(features, kernel as tf.Tensor2D), bias), [batchSize]) as tf.Tensor1D;
}

/** Logits `[B]` of `path`: `forwardFeatures` then the head FC(1). Call inside `tf.tidy`. */
export function forwardLogits(network: CtrNetwork, dense: tf.Tensor, embeddings: tf.Tensor, path: SupernetPath): tf.Tensor {
  return headLogits(forwardFeatures(network, dense, embeddings, path), network.head.kernel, network.head.bias);
}

/** The variables `path` reads: its operators, the interaction modules it turns on, and the head. */
export function variablesOfPath(network: CtrNetwork, path: SupernetPath): tf.Variable[] {
  const modules: OperatorModule[] = [];
  path.blocks.forEach((block, position) => {
    const built = network.blocks[position];
    if (built === undefined) return;
    for (const id of block.denseOps) modules.push(moduleOf(built.dense, id, position));
    for (const id of block.sparseOps) modules.push(moduleOf(built.sparse, id, position));
    if (block.denseSparseInteract && built.interact !== undefined && network.layout.interactRows > 0) modules.push(built.interact);
    if (block.deepFm && built.deepFm !== undefined) modules.push(built.deepFm);
  });
  const weights = modules.flatMap((entry) => Object.values(entry.weights));
  return [...weights.filter((weight): weight is tf.Variable => weight instanceof tf.Variable), network.head.kernel, network.head.bias];
}

/** Every variable of the network (all modules and the head), in build order. */
export function variablesOfNetwork(network: CtrNetwork): tf.Variable[] {
  const weights = network.blocks.flatMap((block) => modulesOfBlock(block).flatMap((entry) => Object.values(entry.weights)));
  return [...weights.filter((weight): weight is tf.Variable => weight instanceof tf.Variable), network.head.kernel, network.head.bias];
}

/**
 * Every variable of the network under a stable name derived from the module structure (not from tfjs's
 * generated names): `block<i>/<role>/<operator id>/<weight name>` (i 0-based), then `head/kernel`, `head/bias`.
 */
export function namedVariablesOfNetwork(network: CtrNetwork): Array<readonly [string, tf.Variable]> {
  const named: Array<readonly [string, tf.Variable]> = [];
  network.blocks.forEach((block, position) => {
    for (const entry of modulesOfBlock(block)) {
      for (const [name, weight] of Object.entries(entry.weights)) {
        if (weight instanceof tf.Variable) named.push([`block${position}/${entry.role}/${entry.op.id}/${name}`, weight]);
      }
    }
  });
  named.push(['head/kernel', network.head.kernel], ['head/bias', network.head.bias]);
  return named;
}

/** Number of trainable values in the network (embeddings excluded). */
export function parameterCountOf(network: CtrNetwork): number {
  return variablesOfNetwork(network).reduce((total, variable) => total + variable.size, 0);
}

/** Disposes every variable of the network. */
export function disposeNetwork(network: CtrNetwork): void {
  for (const variable of variablesOfNetwork(network)) variable.dispose();
}
