import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, writeFileAtomic } from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { loadCheckpoint, restoreSupernet, type CtrSupernet } from '@recnas/supernet';
import type { ResolvedRunConfig } from '../run-config.js';
import { saveTrainedSupernet, SUPERNET_CHECKPOINT_FILE } from './save-supernet.js';
import { loadLatestSupernetSnapshot, removeSupernetSnapshots, saveSupernetSnapshot } from './supernet-snapshots.js';
import { SPLITS_FOLDER } from './split-files.js';
import { trainSupernet, type TrainSupernetResult } from './train-supernet.js';

/** The stage's result file inside the run directory (written after `supernet.ckpt`). */
export const TRAIN_SUPERNET_RESULT_FILE = 'train-supernet.json';

export interface SupernetStageOutput {
  readonly supernet: CtrSupernet;
  readonly result: TrainSupernetResult;
  /** True when the stage had finished in an earlier run and was loaded, not trained. */
  readonly reused: boolean;
}

/** The train-supernet stage config of a run (data, seed and the supernet section). */
export function supernetStageConfig(config: ResolvedRunConfig): Record<string, unknown> {
  const { checkpointEverySteps: _every, ...supernet } = config.supernet;
  return { data: config.data, seed: config.seed, ...supernet };
}

/**
 * Trains the supernet of a run, resumably: every `checkpointEverySteps` steps a snapshot goes to
 * `checkpoints/`; a resumed run continues from the newest one with the same batches and paths, so it ends
 * exactly where an uninterrupted run would. When `supernet.ckpt` and `train-supernet.json` exist, the stage
 * is done and is loaded instead.
 */
export async function runSupernetStage(
  runDir: string,
  config: ResolvedRunConfig,
  registry: OperatorRegistry,
  onProgress?: (step: number, totalSteps: number, loss: number) => void,
): Promise<E.Either<RecnasError, SupernetStageOutput>> {
  const resultFile = join(runDir, TRAIN_SUPERNET_RESULT_FILE);
  const checkpointFile = join(runDir, SUPERNET_CHECKPOINT_FILE);
  if (existsSync(resultFile) && existsSync(checkpointFile)) {
    const content = await loadCheckpoint(checkpointFile)();
    if (E.isLeft(content)) return content;
    const supernet = restoreSupernet(content.right, registry);
    if (E.isLeft(supernet)) return supernet;
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as TrainSupernetResult;
    return E.right({ supernet: supernet.right, result, reused: true });
  }
  const snapshot = await loadLatestSupernetSnapshot(runDir, registry);
  if (E.isLeft(snapshot)) return snapshot;
  const trained = await trainSupernet(supernetStageConfig(config), {
    registry,
    splitDir: join(runDir, SPLITS_FOLDER),
    ...(onProgress === undefined ? {} : { onProgress }),
    checkpoint: { every: config.supernet.checkpointEverySteps, save: (supernet, progress) => saveSupernetSnapshot(runDir, supernet, progress) },
    ...(snapshot.right === undefined ? {} : { resume: snapshot.right }),
  });
  if (E.isLeft(trained)) return trained;
  const saved = await saveTrainedSupernet(runDir, trained.right.supernet);
  if (E.isLeft(saved)) {
    trained.right.supernet.dispose();
    return saved;
  }
  try {
    writeFileAtomic(resultFile, `${JSON.stringify(trained.right.result, null, 2)}\n`);
  } catch (cause) {
    trained.right.supernet.dispose();
    return E.left(new RecnasError('IO', `cannot write ${resultFile}: ${(cause as Error).message}`, { path: resultFile }, { cause }));
  }
  removeSupernetSnapshots(runDir);
  return E.right({ ...trained.right, reused: false });
}
