import type { OperatorKind, SupernetPath } from '@recnas/core';
import { gatherSlice, tf, type WeightSlice } from '@recnas/engine';
import { headInputWidth } from './ctr-model-config.js';
import { blockModulesOf, type BlockModules, type OperatorModule } from './ctr-modules.js';
import type { CtrNetwork } from './ctr-network.js';
import { compactPlanOfPath, maskedHeadIndices, type CompactBlockPlan, type CompactPlan } from './compact-layout.js';
import { sliceContextOf } from './compact-network-build.js';
import { forwardCompactFeatures } from './compact-forward.js';
import { axisRolesOf, hasCompactionRule, type AxisRole, type SliceContext } from './internal/compact-weight-rules.js';

/**
 * How a supernet step runs a path (docs/decisions/0018-sliced-supernet-paths.md):
 * - `sliced` (default): each block reads only the outputs its path selects, at their active widths, through
 *   slices of the shared weights (the `max-width` compact convention of decision 0014), and Adagrad updates
 *   only those slices. Same losses and updates as `masked` within float32 summation order.
 * - `masked`: NASRec's SuperNet.forward: every input concatenated and masked, every operator at max width.
 * A path that is not single-operator (the warm-up's full supernet, any-path sampling) or reaches an
 * operator without compaction rules always runs masked.
 */
export type SupernetPathCompute = 'sliced' | 'masked';

/** One weight a sliced step reads: the supernet variable, which entries (undefined: all) and the tensor used. */
export interface SlicedWeight {
  readonly variable: tf.Variable;
  readonly slice: WeightSlice | undefined;
  /** The gathered entries (a leaf tensor) or, for a whole weight, the variable itself. */
  readonly values: tf.Tensor;
}

/** A single-operator path laid out for one sliced step: its compact plan, the modules over sliced weights, the head. */
export interface SlicedPath {
  readonly plan: CompactPlan;
  readonly blocks: ReadonlyArray<BlockModules>;
  readonly headKernel: tf.Tensor;
  readonly headBias: tf.Variable;
  /** Where each compact head input sits in the weight-sharing head input (the rows of the head kernel's slice). */
  readonly headRows: Int32Array;
  /** Every weight the step reads, head included, in a fixed order. */
  readonly weights: ReadonlyArray<SlicedWeight>;
}

/** The modules `block` runs at `position`, or undefined when the path is not single-operator or lacks inputs. */
function modulesOfPathBlock(network: CtrNetwork, position: number, block: SupernetPath['blocks'][number]): OperatorModule[] | undefined {
  const built = network.blocks[position];
  if (built === undefined || block.denseOps.length !== 1 || block.sparseOps.length !== 1) return undefined;
  const dense = built.dense.get(block.denseOps[0] as string);
  const sparse = built.sparse.get(block.sparseOps[0] as string);
  if (dense === undefined || sparse === undefined || block.sparseInputs.length === 0) return undefined;
  const binary = dense.op.kind === 'dense-binary';
  if (binary ? block.denseLeftInputs.length === 0 || block.denseRightInputs.length === 0 : dense.op.kind !== 'sparse' && block.denseInputs.length === 0) return undefined;
  const modules = [dense, sparse];
  if (block.denseSparseInteract && network.layout.interactRows > 0) {
    if (built.interact === undefined) return undefined;
    modules.push(built.interact);
  }
  if (block.deepFm) {
    if (built.deepFm === undefined) return undefined;
    modules.push(built.deepFm);
  }
  return modules.every((entry) => hasCompactionRule(entry.op.id)) ? modules : undefined;
}

function indicesOf(role: AxisRole | undefined, context: SliceContext): Int32Array | undefined {
  return role === undefined || role === 'prefix' ? undefined : Int32Array.from(context[role]);
}

function sliceWeight(entry: OperatorModule, name: string, variable: tf.Variable, context: SliceContext): SlicedWeight {
  const roles = axisRolesOf(entry.op.id, name) ?? [];
  const rows = indicesOf(roles[0], context);
  const columns = variable.rank === 2 ? indicesOf(roles[1], context) : undefined;
  if (rows === undefined && columns === undefined) return { variable, slice: undefined, values: variable };
  const slice: WeightSlice = { ...(rows === undefined ? {} : { rows }), ...(columns === undefined ? {} : { columns }) };
  return { variable, slice, values: gatherSlice(variable, slice) };
}

/**
 * `path` laid out for a sliced step on the weight-sharing `network`, or undefined when it must run masked
 * (not single-operator, an empty input set, an operator without compaction rules, a compact network).
 * Gathers the slices (leaf tensors): call inside `tf.tidy`.
 */
export function slicePath(network: CtrNetwork, path: SupernetPath): SlicedPath | undefined {
  if (network.compact !== undefined || path.blocks.length !== network.layout.blocks) return undefined;
  const chosen: OperatorModule[][] = [];
  for (const [position, block] of path.blocks.entries()) {
    const modules = modulesOfPathBlock(network, position, block);
    if (modules === undefined) return undefined;
    chosen.push(modules);
  }
  const denseKinds: OperatorKind[] = chosen.map((modules) => (modules[0] as OperatorModule).op.kind);
  const plan = compactPlanOfPath(network.layout, path, denseKinds);
  const weights: SlicedWeight[] = [];
  const blocks = chosen.map((modules, position) => {
    const planBlock = plan.blocks[position] as CompactBlockPlan;
    return blockModulesOf(
      modules.map((entry) => {
        const context = sliceContextOf(network.layout, plan, planBlock, entry.role);
        const sliced = Object.entries(entry.weights).map(([name, weight]) => {
          const cut = sliceWeight(entry, name, weight as tf.Variable, context);
          weights.push(cut);
          return [name, cut.values] as const;
        });
        return { ...entry, weights: Object.fromEntries(sliced) };
      }),
    );
  });
  const headRows = Int32Array.from(maskedHeadIndices(network.layout, plan));
  const headSlice: WeightSlice = { rows: headRows };
  const headKernel = gatherSlice(network.head.kernel, headSlice);
  weights.push({ variable: network.head.kernel, slice: headSlice, values: headKernel });
  weights.push({ variable: network.head.bias, slice: undefined, values: network.head.bias });
  return { plan, blocks, headKernel, headBias: network.head.bias, headRows, weights };
}

/** The compact head input `[B, compactHeadInputWidth]` of a sliced path. Call inside `tf.tidy`. */
export function slicedFeatures(sliced: SlicedPath, dense: tf.Tensor, embeddings: tf.Tensor): tf.Tensor2D {
  return forwardCompactFeatures(sliced.blocks, sliced.plan, dense, embeddings);
}

/**
 * Compact head features placed at their weight-sharing positions `[B, headInputWidth]`, zeros elsewhere (where
 * the masked forward has zeros too: inactive channels, rows and interaction rows). Call inside `tf.tidy`.
 */
export function maskedLayoutFeatures(network: CtrNetwork, sliced: SlicedPath, compact: tf.Tensor2D): tf.Tensor2D {
  const width = headInputWidth(network.layout);
  const active = compact.shape[1];
  const source = new Int32Array(width).fill(active); // the appended zero column
  sliced.headRows.forEach((position, k) => {
    source[position] = k;
  });
  const withZero = tf.concat([compact, tf.zeros([compact.shape[0], 1])], 1);
  return tf.gather(withZero, tf.tensor1d(source, 'int32'), 1) as tf.Tensor2D;
}
