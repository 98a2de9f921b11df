import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { ArchEncodingCodec, PositiveIntCodec, RecnasError, SearchSpaceCodec, decodeArchEncodingFor, decodeWith, strictType, type SearchSpace } from '@recnas/core';
import { tf } from '@recnas/engine';
import type { OperatorRegistry } from '@recnas/operators';
import type { CheckpointContent, CheckpointTensor } from './checkpoint-content.js';
import { EmbeddingStoreCheckpointMetaCodec, embeddingStoreFromTensors, embeddingStoreToTensors, embeddingTensorNames } from './checkpoint-embedding.js';
import type { JsonObject } from './checkpoint-json.js';
import { loadCheckpoint } from './checkpoint-load.js';
import { saveCheckpoint, type CheckpointSummary } from './checkpoint-save.js';
import { buildSubnetWithStore, type CtrSubnet } from './ctr-subnet.js';

/** `meta.kind` of a standalone CTR model file (`recnas export`, `recnas train`). */
export const CTR_MODEL_KIND = 'ctr-model';
/** Schema version of a CTR model file's meta. */
export const CTR_MODEL_VERSION = 1;
const EMBEDDINGS_PREFIX = 'embeddings';

/** What a CTR model file's meta holds: everything needed to rebuild the model without a supernet. */
export const CtrModelMetaCodec = strictType(
  {
    kind: t.literal(CTR_MODEL_KIND),
    version: t.literal(CTR_MODEL_VERSION),
    space: SearchSpaceCodec,
    arch: ArchEncodingCodec,
    subnetLayout: t.keyof({ 'active-width': null, 'max-width': null, 'weight-sharing': null }),
    denseFeatures: PositiveIntCodec,
    sparseFields: t.array(PositiveIntCodec),
    embeddingDim: PositiveIntCodec,
    layerNorm: t.boolean,
    embeddings: EmbeddingStoreCheckpointMetaCodec,
  },
  'CtrModelMeta',
);
export type CtrModelMeta = t.TypeOf<typeof CtrModelMetaCodec>;

/**
 * A standalone model as checkpoint content (docs/decisions/0006-checkpoint-format.md): its dense variables
 * under their stable names, its embedding tables (and row accumulators) under `embeddings/<f>/...`, and
 * meta `{ kind: 'ctr-model', version, space, arch, subnetLayout, denseFeatures, sparseFields, embeddingDim,
 * layerNorm, embeddings }`. No optimizer state: the file is for prediction and fine-tuning.
 */
export function ctrModelContent(subnet: CtrSubnet, space: SearchSpace): CheckpointContent {
  const tensors: Record<string, CheckpointTensor> = {};
  for (const [name, variable] of subnet.namedVariables()) tensors[name] = { shape: [...variable.shape], data: Float32Array.from(variable.dataSync()) };
  const embeddings = embeddingStoreToTensors(subnet.store, EMBEDDINGS_PREFIX);
  Object.assign(tensors, embeddings.tensors);
  const meta: t.OutputOf<typeof CtrModelMetaCodec> = {
    kind: CTR_MODEL_KIND,
    version: CTR_MODEL_VERSION,
    space: SearchSpaceCodec.encode(space),
    arch: ArchEncodingCodec.encode(subnet.arch),
    subnetLayout: subnet.layoutKind,
    denseFeatures: subnet.layout.denseFeatures,
    sparseFields: subnet.store.fields.map((field) => field.vocabSize),
    embeddingDim: subnet.layout.embeddingDim,
    layerNorm: subnet.layout.layerNorm,
    embeddings: EmbeddingStoreCheckpointMetaCodec.encode(embeddings.meta),
  };
  return { meta: JSON.parse(JSON.stringify(meta)) as JsonObject, tensors };
}

function tensorProblems(subnet: CtrSubnet, tensors: Readonly<Record<string, CheckpointTensor>>, fields: number): string[] {
  const problems: string[] = [];
  const expected = new Set<string>();
  for (const [name, variable] of subnet.namedVariables()) {
    expected.add(name);
    const tensor = tensors[name];
    if (tensor === undefined) problems.push(`missing tensor "${name}"`);
    else if (tensor.shape.length !== variable.shape.length || tensor.shape.some((dim, i) => dim !== variable.shape[i])) {
      problems.push(`tensor "${name}": expected shape [${variable.shape.join(', ')}], got [${tensor.shape.join(', ')}]`);
    }
  }
  for (let f = 0; f < fields; f++) {
    const names = embeddingTensorNames(EMBEDDINGS_PREFIX, f);
    expected.add(names.table);
    expected.add(names.accumulator);
  }
  for (const name of Object.keys(tensors)) if (!expected.has(name)) problems.push(`unexpected tensor "${name}" (no such variable in the model)`);
  return problems;
}

/**
 * Rebuilds a standalone model from `ctrModelContent` output with `registry` (no supernet): same layout,
 * weights and embeddings, so it predicts what the saved model predicted. Fails with CHECKPOINT_CORRUPT naming
 * the bad meta path or tensor; with CONFIG_INVALID / OPERATOR_UNKNOWN when `registry` cannot build it.
 */
export function restoreCtrModel(content: CheckpointContent, registry: OperatorRegistry): E.Either<RecnasError, { readonly model: CtrSubnet; readonly space: SearchSpace }> {
  const decoded = decodeWith(CtrModelMetaCodec, content.meta, 'CTR model meta', 'CHECKPOINT_CORRUPT');
  if (E.isLeft(decoded)) return decoded;
  const meta = decoded.right;
  return pipe(
    E.Do,
    E.bind('arch', () => decodeArchEncodingFor(ArchEncodingCodec.encode(meta.arch), meta.space)),
    E.bind('store', () => embeddingStoreFromTensors(meta.embeddings, content.tensors, EMBEDDINGS_PREFIX)),
    E.bind('model', ({ arch, store }) =>
      buildSubnetWithStore(
        arch,
        {
          space: meta.space,
          registry,
          denseFeatures: meta.denseFeatures,
          sparseFields: meta.sparseFields,
          embeddingDim: meta.embeddingDim,
          layerNorm: meta.layerNorm,
          subnetLayout: meta.subnetLayout,
          training: { totalSteps: 1 },
        },
        store,
      ),
    ),
    E.flatMap(({ model }) => {
      const problems = tensorProblems(model, content.tensors, meta.embeddings.fields.length);
      if (problems.length > 0) {
        model.dispose();
        return E.left(new RecnasError('CHECKPOINT_CORRUPT', `CTR model tensors do not match the model:\n${problems.join('\n')}`, { problems }));
      }
      for (const [name, variable] of model.namedVariables()) {
        const tensor = content.tensors[name] as CheckpointTensor;
        tf.tidy(() => variable.assign(tf.tensor(tensor.data, variable.shape, 'float32')));
      }
      return E.right({ model, space: meta.space });
    }),
  );
}

/** Writes `subnet` (of `space`) as one checksummed model file at `path` (atomic). */
export function saveCtrModel(path: string, subnet: CtrSubnet, space: SearchSpace): TE.TaskEither<RecnasError, CheckpointSummary> {
  return saveCheckpoint(path, ctrModelContent(subnet, space));
}

/**
 * Loads a model file written by `saveCtrModel` (or `recnas export` / `recnas train`): one call, no supernet.
 * @example
 * const loaded = await loadCtrModel('model/model.ckpt', registry)(); // E.isRight(loaded): loaded.right.model.predict(batch)
 */
export function loadCtrModel(path: string, registry: OperatorRegistry): TE.TaskEither<RecnasError, { readonly model: CtrSubnet; readonly space: SearchSpace }> {
  return pipe(
    loadCheckpoint(path),
    TE.flatMapEither((content) => restoreCtrModel(content, registry)),
  );
}
