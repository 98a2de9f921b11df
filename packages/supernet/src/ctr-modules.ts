import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, type SearchSpace } from '@recnas/core';
import type { tf } from '@recnas/engine';
import type { Operator, OperatorRegistry, OperatorShape, OperatorWeights, WeightInitializer } from '@recnas/operators';
import { denseInputWidth, sparseInputRows, type CtrLayout } from './ctr-model-config.js';

/** Which module of a block an operator instance is. */
export type ModuleRole = 'dense' | 'sparse' | 'interact' | 'deep-fm';

/** An operator instance planned for one block: shapes and options, no weights yet. */
export interface ModulePlan {
  readonly role: ModuleRole;
  readonly op: Operator<unknown>;
  readonly options: unknown;
  readonly shape: OperatorShape;
  readonly maxWidth: number;
}

/** A built operator instance: its plan plus its max-width weights. */
export interface OperatorModule extends ModulePlan {
  readonly weights: OperatorWeights<tf.Tensor>;
}

/** The built modules of one block: operators by id, and the two interaction modules when the space has them. */
export interface BlockModules {
  readonly dense: ReadonlyMap<string, OperatorModule>;
  readonly sparse: ReadonlyMap<string, OperatorModule>;
  readonly interact: OperatorModule | undefined;
  readonly deepFm: OperatorModule | undefined;
}

/** Which operators of a block to plan: every one of the space (a supernet) or the ones an architecture picks. */
export interface BlockSelection {
  readonly denseOps: ReadonlyArray<string>;
  readonly sparseOps: ReadonlyArray<string>;
  readonly interact: boolean;
  readonly deepFm: boolean;
}

export const INTERACT_OPERATOR_ID = 'dense-sparse-interact';
export const DEEP_FM_OPERATOR_ID = 'deep-fm';

function lookupOperator(registry: OperatorRegistry, id: string, kind: string | undefined): E.Either<RecnasError, Operator<unknown>> {
  return E.flatMap(registry.get(id), (op) =>
    kind === undefined || op.kind === kind
      ? E.right(op)
      : E.left(new RecnasError('CONFIG_INVALID', `operator "${id}" is registered as ${op.kind}, but the search space declares it ${kind}`, { id, kind })),
  );
}

/** `{ layerNorm }` when the operator's options take it (every built-in does), else its defaults `{}`. */
function resolveOptions(op: Operator<unknown>, layerNorm: boolean): E.Either<RecnasError, unknown> {
  const withLayerNorm = op.optionsCodec.decode({ layerNorm });
  if (E.isRight(withLayerNorm)) return E.right(withLayerNorm.right);
  const defaults = op.optionsCodec.decode({});
  return E.isRight(defaults)
    ? E.right(defaults.right)
    : E.left(new RecnasError('CONFIG_INVALID', `operator "${op.id}": its default options {} do not decode`, { id: op.id }));
}

function shapeFor(kind: Operator<unknown>['kind'], denseWidth: number, sparseRows: number, embeddingDim: number): OperatorShape {
  switch (kind) {
    case 'dense-unary':
      return { inputWidth: denseWidth, rightInputWidth: 0, inputFields: 0, embeddingDim };
    case 'dense-binary':
      return { inputWidth: denseWidth, rightInputWidth: denseWidth, inputFields: 0, embeddingDim };
    case 'dense-sparse':
      return { inputWidth: denseWidth, rightInputWidth: 0, inputFields: sparseRows, embeddingDim };
    case 'sparse':
      return { inputWidth: 0, rightInputWidth: 0, inputFields: sparseRows, embeddingDim };
  }
}

/** One module to plan: its role, operator id, the kind the space declares, its input shape and build width. */
export interface ModuleRequest {
  readonly role: ModuleRole;
  readonly id: string;
  /** The kind the space declares (`unlisted` when it does not list the id), undefined for the interaction modules. */
  readonly kind: string | undefined;
  readonly shape: (op: Operator<unknown>) => OperatorShape;
  readonly maxWidth: number;
}

/** Looks the operator up, checks its kind and resolves its options (`{ layerNorm }` or its defaults). */
export function planModule(registry: OperatorRegistry, layout: CtrLayout, request: ModuleRequest): E.Either<RecnasError, ModulePlan> {
  return E.flatMap(lookupOperator(registry, request.id, request.kind), (op) =>
    E.map((options: unknown) => ({ role: request.role, op, options, shape: request.shape(op), maxWidth: request.maxWidth }))(
      resolveOptions(op, layout.layerNorm),
    ),
  );
}

/**
 * Plans the modules of the block at `position` (0-based) in the weight-sharing layout: each selected
 * operator reads the masked concatenation of the stem and every earlier block, so its input width is
 * fixed (NASRec's SuperNet.forward); dense operators are built at the max dense width, sparse ones at the
 * max sparse width; `dense-sparse-interact` reads the block's dense output and sparse output; `deep-fm` too.
 */
export function planBlock(
  space: SearchSpace,
  registry: OperatorRegistry,
  layout: CtrLayout,
  position: number,
  selection: BlockSelection,
): E.Either<RecnasError, ModulePlan[]> {
  const denseWidth = denseInputWidth(layout, position);
  const sparseRows = sparseInputRows(layout, position);
  const { embeddingDim, maxDenseWidth, maxSparseWidth } = layout;
  const kindOf = (id: string): string | undefined => space.operators.find((operator) => operator.id === id)?.kind ?? 'unlisted';
  const operatorShape = (op: Operator<unknown>): OperatorShape => shapeFor(op.kind, denseWidth, sparseRows, embeddingDim);
  const blockOutput = (): OperatorShape => ({ inputWidth: maxDenseWidth, rightInputWidth: 0, inputFields: maxSparseWidth, embeddingDim });
  const requests: ModuleRequest[] = [
    ...selection.denseOps.map((id) => ({ role: 'dense' as const, id, maxWidth: maxDenseWidth, kind: kindOf(id), shape: operatorShape })),
    ...selection.sparseOps.map((id) => ({ role: 'sparse' as const, id, maxWidth: maxSparseWidth, kind: kindOf(id), shape: operatorShape })),
  ];
  if (selection.interact) requests.push({ role: 'interact', id: INTERACT_OPERATOR_ID, maxWidth: layout.interactRows, kind: undefined, shape: blockOutput });
  if (selection.deepFm) requests.push({ role: 'deep-fm', id: DEEP_FM_OPERATOR_ID, maxWidth: maxDenseWidth, kind: undefined, shape: blockOutput });
  const plans: ModulePlan[] = [];
  for (const request of requests) {
    if (request.kind === 'unlisted') {
      return E.left(new RecnasError('CONFIG_INVALID', `block ${position + 1}: operator "${request.id}" is not in search space "${space.id}"`, { id: request.id }));
    }
    const planned = planModule(registry, layout, request);
    if (E.isLeft(planned)) return planned;
    plans.push(planned.right);
  }
  return E.right(plans);
}

/** Builds a planned module's weights with `init` (seeded; in plan order). */
export function buildModule(modulePlan: ModulePlan, init: WeightInitializer<tf.Tensor>): OperatorModule {
  const weights = modulePlan.op.build({ ...modulePlan.shape, maxWidth: modulePlan.maxWidth, options: modulePlan.options, init });
  return { ...modulePlan, weights };
}

/** Groups built modules of one block by role. */
export function blockModulesOf(modules: ReadonlyArray<OperatorModule>): BlockModules {
  const byRole = (role: ModuleRole): Map<string, OperatorModule> =>
    new Map(modules.filter((entry) => entry.role === role).map((entry) => [entry.op.id, entry]));
  return {
    dense: byRole('dense'),
    sparse: byRole('sparse'),
    interact: modules.find((entry) => entry.role === 'interact'),
    deepFm: modules.find((entry) => entry.role === 'deep-fm'),
  };
}

/** Every module of a block, in a fixed order (dense, sparse, interact, deep-fm). */
export function modulesOfBlock(block: BlockModules): OperatorModule[] {
  return [...block.dense.values(), ...block.sparse.values(), ...(block.interact ? [block.interact] : []), ...(block.deepFm ? [block.deepFm] : [])];
}
