import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ArchEncodingCodec, RecnasError, archHash, decodeWith, type ArchEncoding, type SearchSpace, type Seed } from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { evaluateCtrModel, loadCheckpoint, restoreSupernet, retrainFromScratch, type CtrModelEvaluation, type CtrSubnet } from '@recnas/supernet';
import { readRunManifest } from '../run-directory.js';
import { decodeRunConfig } from '../run-config.js';
import { readJournal } from '../journal.js';
import { openCtrReader } from './ctr-data.js';
import { readSplits } from './split-batches.js';
import { SPLITS_FOLDER } from './split-files.js';
import { SUPERNET_CHECKPOINT_FILE } from './save-supernet.js';
import { BEST_ARCHITECTURES_FILE } from './search-stage.js';
import { RETRAIN_JOURNAL_FILE, RetrainedModelCodec } from './retrain-stage.js';

/** Where the exported model's weights come from: retrained from scratch with the run's recipe, or cut from its supernet. */
export const ExportWeightsCodec = t.keyof({ retrained: null, supernet: null }, 'ExportWeights');
export type ExportWeights = t.TypeOf<typeof ExportWeightsCodec>;

/** The exported model, its architecture and where it came from. */
export interface RunModelExport {
  readonly model: CtrSubnet;
  readonly space: SearchSpace;
  readonly arch: ArchEncoding;
  readonly archHash: string;
  /** `searched-1` etc. when the run retrained it, else `best-searched`. */
  readonly name: string;
  readonly weights: ExportWeights;
  /** Test metrics of the exported weights on the run's test split (retrained weights only). */
  readonly test?: CtrModelEvaluation;
}

const BestEntriesCodec = t.array(t.type({ arch: ArchEncodingCodec }));

/** The best searched architecture of a run: the retrained one with the lowest validation LogLoss, else the search's best. */
function bestArchitecture(runDir: string): E.Either<RecnasError, { readonly arch: ArchEncoding; readonly name: string }> {
  const retrained = readJournal(join(runDir, RETRAIN_JOURNAL_FILE), RetrainedModelCodec);
  if (E.isRight(retrained)) {
    const searched = retrained.right.entries.filter((model) => model.kind === 'searched');
    const ranked = [...searched].sort((a, b) => (a.validationLogLoss ?? Number.POSITIVE_INFINITY) - (b.validationLogLoss ?? Number.POSITIVE_INFINITY));
    const best = ranked[0];
    if (best !== undefined) return E.right({ arch: best.arch, name: best.name });
  }
  const file = join(runDir, BEST_ARCHITECTURES_FILE);
  if (!existsSync(file)) return E.left(new RecnasError('USAGE', `${runDir}: no ${RETRAIN_JOURNAL_FILE} or ${BEST_ARCHITECTURES_FILE} (has the run finished its search?)`, { runDir }));
  const entries = E.flatMap((json: unknown) => decodeWith(BestEntriesCodec, json, file))(E.tryCatch(() => JSON.parse(readFileSync(file, 'utf8')) as unknown, (error) => new RecnasError('IO', `cannot read ${file}: ${(error as Error).message}`)));
  return E.flatMap(entries, (list) => {
    const first = list[0];
    return first === undefined ? E.left(new RecnasError('USAGE', `${file} lists no architecture`)) : E.right({ arch: first.arch, name: 'best-searched' });
  });
}

/**
 * The best architecture of a finished run as a standalone compact model (docs/decisions/0014-compact-subnets.md).
 * `retrained` (default) retrains it from scratch with the run's retrain recipe, data split and seed, which
 * reproduces the run's retrained model; `supernet` cuts it from `supernet.ckpt` (`max-width`: predicts what
 * the supernet predicts along the architecture). Fails with USAGE (no run), IO, CHECKPOINT_CORRUPT, CONFIG_INVALID.
 */
export async function exportRunModel(runDir: string, registry: OperatorRegistry, weights: ExportWeights = 'retrained'): Promise<E.Either<RecnasError, RunModelExport>> {
  const manifest = readRunManifest(runDir);
  // A folder without a readable run.json is a wrong --run: bad usage (exit 2), as `run --resume` treats it.
  if (E.isLeft(manifest)) return E.left(manifest.left.code === 'IO' ? new RecnasError('USAGE', `${runDir} is not a run directory: ${manifest.left.message}`, { path: runDir }, { cause: manifest.left }) : manifest.left);
  const config = decodeRunConfig(manifest.right.config, join(runDir, 'run.json config'));
  if (E.isLeft(config)) return config;
  const best = bestArchitecture(runDir);
  if (E.isLeft(best)) return best;
  const { arch, name } = best.right;
  const content = await loadCheckpoint(join(runDir, SUPERNET_CHECKPOINT_FILE))();
  if (E.isLeft(content)) return content;
  const supernet = restoreSupernet(content.right, registry);
  if (E.isLeft(supernet)) return supernet;
  const { space } = supernet.right;
  try {
    if (weights === 'supernet') {
      return E.map((model: CtrSubnet) => ({ model, space, arch, archHash: archHash(arch), name, weights }))(supernet.right.compactSubnet(arch, { convention: 'max-width' }));
    }
    const resolved = config.right;
    const source = { ...resolved.data, splitSeed: resolved.data.splitSeed ?? (resolved.seed as Seed) };
    const reader = openCtrReader(source);
    if (E.isLeft(reader)) return reader;
    const splits = await readSplits(reader.right, source, ['train', 'test'], resolved.retrain.batchSize, resolved.seed, 'retrain', join(runDir, SPLITS_FOLDER));
    const modelConfig = { space, registry, denseFeatures: reader.right.denseFields.length, sparseFields: reader.right.vocabSizes, seed: resolved.seed };
    const trained = retrainFromScratch(arch, modelConfig, splits.train, { epochs: resolved.retrain.epochs, peakLearningRate: resolved.retrain.learningRate });
    return E.map((model: CtrSubnet) => ({ model, space, arch, archHash: archHash(arch), name, weights, test: evaluateCtrModel(model, splits.test) }))(trained);
  } finally {
    supernet.right.dispose();
  }
}
