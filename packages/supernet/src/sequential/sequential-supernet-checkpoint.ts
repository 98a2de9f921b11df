import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { NonNegativeIntCodec, RecnasError, decodeWith, strictType } from '@recnas/core';
import type { tf } from '@recnas/engine';
import type { CheckpointContent, CheckpointTensor } from '../checkpoint-content.js';
import { JsonObjectCodec, type JsonObject } from '../checkpoint-json.js';
import { assignValues } from '../internal/assign-values.js';
import { HostCostModelCodec, type HostCostModel } from './expected-cost.js';
import type { SequentialAdam } from './sequential-adam.js';
import { SequentialSupernet } from './sequential-supernet.js';
import { SequentialSupernetOptionsCodec } from './sequential-supernet-options.js';
import type { SequenceDatasetViews } from './sequence-data.js';

/** `meta.kind` of a DNS-Rec supernet checkpoint. */
export const SEQUENTIAL_SUPERNET_CHECKPOINT_KIND = 'dns-rec-supernet';
const VERSION = 1;

const MetaCodec = strictType(
  {
    kind: t.literal(SEQUENTIAL_SUPERNET_CHECKPOINT_KIND),
    version: t.literal(VERSION),
    options: SequentialSupernetOptionsCodec,
    host: t.union([HostCostModelCodec, t.null]),
    weightAdamStep: NonNegativeIntCodec,
    architectureAdamStep: NonNegativeIntCodec,
    /** The caller's own state (e.g. the search strategy's), returned as is on restore. */
    extra: JsonObjectCodec,
  },
  'SequentialSupernetCheckpointMeta',
);

function addVariables(tensors: Record<string, CheckpointTensor>, prefix: string, variables: ReadonlyMap<string, tf.Variable>, adam: SequentialAdam): void {
  const moments = adam.moments();
  for (const [name, variable] of variables) {
    const copy = (values: tf.Tensor): CheckpointTensor => ({ shape: [...variable.shape], data: Float32Array.from(values.dataSync() as Float32Array) });
    tensors[`${prefix}/${name}`] = copy(variable);
    const slots = moments.get(name);
    if (slots !== undefined) {
      tensors[`${prefix}-adam/m/${name}`] = copy(slots.m);
      tensors[`${prefix}-adam/v/${name}`] = copy(slots.v);
    }
  }
}

/**
 * Everything needed to continue a DNS-Rec search exactly after the last finished step, as checkpoint
 * content for `saveCheckpoint`: the weights and choice parameters with both Adams' moments, the options and
 * host model, and `extra` (the caller's JSON, e.g. the differentiable strategy's state). Values are copied.
 */
export function sequentialSupernetCheckpointContent(supernet: SequentialSupernet, extra: JsonObject = {}): CheckpointContent {
  const tensors: Record<string, CheckpointTensor> = {};
  addVariables(tensors, 'model', supernet.model.namedVariables(), supernet.weightAdam);
  addVariables(tensors, 'choices', supernet.choices.namedVariables(), supernet.architectureAdam);
  const meta = {
    kind: SEQUENTIAL_SUPERNET_CHECKPOINT_KIND,
    version: VERSION,
    options: SequentialSupernetOptionsCodec.encode(supernet.options),
    host: supernet.host ?? null,
    weightAdamStep: supernet.weightAdam.step,
    architectureAdamStep: supernet.architectureAdam.step,
    extra,
  };
  return { meta: JSON.parse(JSON.stringify(meta)) as JsonObject, tensors };
}

function restoreVariables(content: CheckpointContent, prefix: string, variables: ReadonlyMap<string, tf.Variable>, adam: SequentialAdam, step: number): void {
  const tensor = (name: string, size: number): Float32Array => {
    const found = content.tensors[name];
    if (found === undefined || found.data.length !== size) {
      throw new RecnasError('CHECKPOINT_CORRUPT', `DNS-Rec checkpoint: tensor "${name}" is ${found === undefined ? 'missing' : `misshapen (${found.data.length} values, expected ${size})`}`, { name });
    }
    return found.data;
  };
  const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  for (const [name, variable] of variables) {
    assignValues(variable, tensor(`${prefix}/${name}`, variable.size), `DNS-Rec checkpoint "${prefix}/${name}"`);
    moments.set(name, { m: tensor(`${prefix}-adam/m/${name}`, variable.size), v: tensor(`${prefix}-adam/v/${name}`, variable.size) });
  }
  adam.restore(step, moments);
}

/**
 * Rebuilds a DNS-Rec supernet from `sequentialSupernetCheckpointContent` (as `loadCheckpoint` returns it)
 * with the caller's `extra`; CHECKPOINT_CORRUPT names a bad meta path or a missing or misshapen tensor.
 */
export function restoreSequentialSupernet(content: CheckpointContent, dataset: SequenceDatasetViews): E.Either<RecnasError, { supernet: SequentialSupernet; extra: JsonObject }> {
  const meta = decodeWith(MetaCodec, content.meta, 'DNS-Rec checkpoint meta', 'CHECKPOINT_CORRUPT');
  if (E.isLeft(meta)) return meta;
  const host: HostCostModel | undefined = meta.right.host ?? undefined;
  const created = SequentialSupernet.create(SequentialSupernetOptionsCodec.encode(meta.right.options), dataset, host);
  if (E.isLeft(created)) return created;
  const supernet = created.right;
  try {
    restoreVariables(content, 'model', supernet.model.namedVariables(), supernet.weightAdam, meta.right.weightAdamStep);
    restoreVariables(content, 'choices', supernet.choices.namedVariables(), supernet.architectureAdam, meta.right.architectureAdamStep);
    return E.right({ supernet, extra: meta.right.extra });
  } catch (error) {
    supernet.dispose();
    return E.left(error instanceof RecnasError ? error : new RecnasError('CHECKPOINT_CORRUPT', `DNS-Rec checkpoint: ${String(error)}`, {}, { cause: error }));
  }
}
