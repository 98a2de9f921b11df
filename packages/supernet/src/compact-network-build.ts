import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, type ArchEncoding, type Rng, type SearchSpace } from '@recnas/core';
import { tf } from '@recnas/engine';
import { createWeightInitializer, type OperatorRegistry, type OperatorShape, type WeightInitializer } from '@recnas/operators';
import type { CtrLayout } from './ctr-model-config.js';
import { DEEP_FM_OPERATOR_ID, INTERACT_OPERATOR_ID, blockModulesOf, buildModule, planModule, type ModulePlan, type ModuleRequest, type OperatorModule } from './ctr-modules.js';
import type { CtrHead, CtrNetwork } from './ctr-network.js';
import {
  compactHeadInputWidth,
  compactPlanOf,
  maskedDenseIndices,
  maskedHeadIndices,
  maskedSparseIndices,
  widthOf,
  type CompactBlockPlan,
  type CompactConvention,
  type CompactPlan,
} from './compact-layout.js';
import { hasCompactionRule, sliceWeight, type SliceContext } from './internal/compact-weight-rules.js';

const shape = (inputWidth: number, rightInputWidth: number, inputFields: number, embeddingDim: number): OperatorShape => ({ inputWidth, rightInputWidth, inputFields, embeddingDim });

function requestsOf(space: SearchSpace, plan: CompactPlan, block: CompactBlockPlan, choice: ArchEncoding['blocks'][number], embeddingDim: number, interactRows: number): ModuleRequest[] {
  const dense = widthOf.bind(undefined, plan.denseWidths);
  const rows = widthOf(plan.sparseRows, block.sparseSources);
  const kindOf = (id: string): string => space.operators.find((operator) => operator.id === id)?.kind ?? 'unlisted';
  const max = plan.convention === 'max-width';
  let denseShape: OperatorShape;
  if (block.denseKind === 'dense-binary') {
    denseShape = max ? shape(dense(block.unionSources), dense(block.unionSources), 0, embeddingDim) : shape(dense(block.leftSources), dense(block.rightSources), 0, embeddingDim);
  } else {
    denseShape = shape(dense(block.denseSources), 0, block.denseKind === 'dense-sparse' ? rows : 0, embeddingDim);
  }
  const output = shape(block.denseWidth, 0, block.sparseWidth, embeddingDim);
  const requests: ModuleRequest[] = [
    { role: 'dense', id: choice.denseOp, kind: kindOf(choice.denseOp), shape: () => denseShape, maxWidth: block.denseBuildWidth },
    { role: 'sparse', id: choice.sparseOp, kind: kindOf(choice.sparseOp), shape: () => shape(0, 0, rows, embeddingDim), maxWidth: block.sparseBuildWidth },
  ];
  if (block.interact) requests.push({ role: 'interact', id: INTERACT_OPERATOR_ID, kind: undefined, shape: () => output, maxWidth: interactRows });
  if (block.deepFm) requests.push({ role: 'deep-fm', id: DEEP_FM_OPERATOR_ID, kind: undefined, shape: () => output, maxWidth: block.denseBuildWidth });
  return requests;
}

/** Module plans of a compact subnet of `arch` (valid for `space`): compact input shapes, build widths by convention. */
export function planCompactNetwork(
  space: SearchSpace,
  registry: OperatorRegistry,
  layout: CtrLayout,
  arch: ArchEncoding,
  convention: CompactConvention,
): E.Either<RecnasError, { readonly plan: CompactPlan; readonly modules: ModulePlan[][] }> {
  const plan = compactPlanOf(space, layout, arch, convention);
  const modules: ModulePlan[][] = [];
  for (let position = 0; position < plan.blocks.length; position++) {
    const requests = requestsOf(space, plan, plan.blocks[position] as CompactBlockPlan, arch.blocks[position] as ArchEncoding['blocks'][number], layout.embeddingDim, layout.interactRows);
    const planned: ModulePlan[] = [];
    for (const request of requests) {
      if (request.kind === 'unlisted') {
        return E.left(new RecnasError('CONFIG_INVALID', `block ${position + 1}: operator "${request.id}" is not in search space "${space.id}"`, { id: request.id }));
      }
      const module = planModule(registry, layout, request);
      if (E.isLeft(module)) return module;
      planned.push(module.right);
    }
    modules.push(planned);
  }
  return E.right({ plan, modules });
}

function headOf(init: WeightInitializer<tf.Tensor>, fanIn: number): CtrHead {
  const limit = 1 / Math.sqrt(fanIn); // PyTorch nn.Linear default, as the weight-sharing head
  return { kernel: init.uniform([fanIn, 1], limit) as tf.Variable, bias: init.uniform([1], limit) as tf.Variable };
}

/** A compact network with fresh weights drawn from `rng` in plan order, then the head. */
export function buildCompactNetwork(layout: CtrLayout, plan: CompactPlan, modules: ReadonlyArray<ReadonlyArray<ModulePlan>>, rng: Rng): CtrNetwork {
  const init = createWeightInitializer(rng);
  const blocks = modules.map((planned) => blockModulesOf(planned.map((modulePlan) => buildModule(modulePlan, init))));
  return { layout, blocks, head: headOf(init, compactHeadInputWidth(plan, layout.embeddingDim)), compact: plan };
}

function padded(left: ReadonlyArray<number>, right: ReadonlyArray<number>, preferLeft: boolean): number[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, k) => (preferLeft ? (left[k] ?? right[k]) : right[k]) ?? -1);
}

/** Masked-layout positions of each compact input entry of a module with `role` in `block` (see `SliceContext`). */
export function sliceContextOf(layout: CtrLayout, plan: CompactPlan, block: CompactBlockPlan, role: ModulePlan['role']): SliceContext {
  const fields = maskedSparseIndices(layout, plan, block.sparseSources);
  if (role === 'interact' || role === 'deep-fm') {
    const own = Array.from({ length: block.denseWidth }, (_, c) => c);
    return { in: own, left: own, 'right-padded': own, 'sum-padded': own, fields };
  }
  const dense = maskedDenseIndices(layout, plan, block.denseSources);
  if (plan.convention === 'max-width') {
    const union = maskedDenseIndices(layout, plan, block.unionSources);
    return { in: dense, left: union, 'right-padded': union, 'sum-padded': union, fields };
  }
  const left = maskedDenseIndices(layout, plan, block.leftSources);
  const right = maskedDenseIndices(layout, plan, block.rightSources);
  return { in: dense, left, 'right-padded': padded(left, right, false), 'sum-padded': padded(left, right, true), fields };
}

/** A trainable variable holding `values` (the temporary tensor is freed). */
function variableOf(values: Float32Array, shape: ReadonlyArray<number>): tf.Variable {
  const tensor = tf.tensor(values, [...shape], 'float32');
  const variable = tf.variable(tensor, true);
  tensor.dispose();
  return variable;
}

function slicedModule(source: OperatorModule, target: OperatorModule, context: SliceContext): OperatorModule {
  const weights = Object.fromEntries(
    Object.entries(target.weights).map(([name, fresh]) => {
      const from = source.weights[name];
      if (from === undefined) throw new RecnasError('INVARIANT', `operator "${source.op.id}": the supernet has no weight "${name}"`);
      const values = sliceWeight(source.op.id, name, from.dataSync() as Float32Array, from.shape, fresh.shape, context);
      const variable = variableOf(values, fresh.shape);
      fresh.dispose();
      return [name, variable];
    }),
  );
  return { ...target, weights };
}

function moduleFor(masked: CtrNetwork, position: number, target: ModulePlan): OperatorModule {
  const block = masked.blocks[position];
  const found =
    target.role === 'dense' ? block?.dense.get(target.op.id) : target.role === 'sparse' ? block?.sparse.get(target.op.id) : target.role === 'interact' ? block?.interact : block?.deepFm;
  if (found === undefined) throw new RecnasError('INVARIANT', `block ${position + 1}: the supernet has no ${target.role} module "${target.op.id}"`);
  return found;
}

/**
 * A compact network whose weights are cut from the weight-sharing network `masked` (a supernet, or a
 * subnet in the weight-sharing layout): the active input rows, and the first `width` outputs at
 * `active-width`. Fails with CONFIG_INVALID for an operator without a compaction rule.
 */
export function compactNetworkFrom(masked: CtrNetwork, plan: CompactPlan, modules: ReadonlyArray<ReadonlyArray<ModulePlan>>, rng: Rng): E.Either<RecnasError, CtrNetwork> {
  const missing = modules.flat().find((module) => !hasCompactionRule(module.op.id));
  if (missing !== undefined) return E.left(new RecnasError('CONFIG_INVALID', `operator "${missing.op.id}" has no compaction rule: a compact subnet cannot be cut for it`, { id: missing.op.id }));
  const { layout } = masked;
  const fresh = buildCompactNetwork(layout, plan, modules, rng);
  const blocks = fresh.blocks.map((block, position) => {
    const planBlock = plan.blocks[position] as CompactBlockPlan;
    const built = [...block.dense.values(), ...block.sparse.values(), ...(block.interact ? [block.interact] : []), ...(block.deepFm ? [block.deepFm] : [])];
    return blockModulesOf(built.map((target) => slicedModule(moduleFor(masked, position, target), target, sliceContextOf(layout, plan, planBlock, target.role))));
  });
  const headIndices = maskedHeadIndices(layout, plan);
  const headValues = masked.head.kernel.dataSync();
  const kernel = Float32Array.from(headIndices, (index) => headValues[index] as number);
  fresh.head.kernel.dispose();
  fresh.head.bias.dispose();
  const head: CtrHead = { kernel: variableOf(kernel, [kernel.length, 1]), bias: tf.variable(masked.head.bias, true) };
  return E.right({ layout, blocks, head, compact: plan });
}
