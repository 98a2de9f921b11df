import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { NonNegativeIntCodec, RecnasError, decodeWith, strictType, writeFileAtomic } from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { loadCheckpoint, restoreSupernet, saveCheckpoint, supernetCheckpointContent, type CtrSupernet } from '@recnas/supernet';
import type { TrainingProgress } from './train-supernet.js';

/** Folder of the periodic supernet snapshots inside a run directory. */
export const SNAPSHOT_DIR = 'checkpoints';
const NAME = /^supernet-step-(\d{8})\.(json|ckpt)$/;

const ProgressCodec = strictType(
  {
    step: NonNegativeIntCodec,
    losses: t.array(t.number),
    rowsSeen: NonNegativeIntCodec,
    samplerRng: t.tuple([t.number, t.number, t.number, t.number]),
  },
  'TrainingProgress',
);

const stem = (step: number): string => `supernet-step-${String(step).padStart(8, '0')}`;

/** Steps that have a complete snapshot (progress JSON and checkpoint both written), newest first. */
function completeSteps(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const files = new Set(readdirSync(dir));
  return [...files]
    .map((file) => NAME.exec(file))
    .filter((match): match is RegExpExecArray => match !== null && match[2] === 'json')
    .map((match) => Number(match[1]))
    .filter((step) => files.has(`${stem(step)}.ckpt`))
    .sort((a, b) => b - a);
}

/**
 * Saves a snapshot: the progress JSON first, then the checkpoint (each atomic), so a snapshot counts only
 * once its checkpoint exists; then removes older snapshots. A crash at any point leaves the previous
 * complete snapshot usable.
 */
export async function saveSupernetSnapshot(runDir: string, supernet: CtrSupernet, progress: TrainingProgress): Promise<void> {
  const dir = join(runDir, SNAPSHOT_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, `${stem(progress.step)}.json`), `${JSON.stringify(progress)}\n`);
  const saved = await saveCheckpoint(join(dir, `${stem(progress.step)}.ckpt`), supernetCheckpointContent(supernet))();
  if (E.isLeft(saved)) throw saved.left;
  for (const file of readdirSync(dir)) {
    const match = NAME.exec(file);
    if (match !== null && Number(match[1]) < progress.step) rmSync(join(dir, file), { force: true });
  }
}

/** Loads the newest complete snapshot, or undefined when there is none. A corrupt checkpoint is an error. */
export async function loadLatestSupernetSnapshot(
  runDir: string,
  registry: OperatorRegistry,
): Promise<E.Either<RecnasError, { supernet: CtrSupernet; progress: TrainingProgress } | undefined>> {
  const dir = join(runDir, SNAPSHOT_DIR);
  const [step] = completeSteps(dir);
  if (step === undefined) return E.right(undefined);
  const progressFile = join(dir, `${stem(step)}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(progressFile, 'utf8'));
  } catch (cause) {
    return E.left(new RecnasError('CHECKPOINT_CORRUPT', `${progressFile}: not valid JSON (${(cause as Error).message})`, { path: progressFile }));
  }
  const progress = decodeWith(ProgressCodec, raw, progressFile, 'CHECKPOINT_CORRUPT');
  if (E.isLeft(progress)) return progress;
  const content = await loadCheckpoint(join(dir, `${stem(step)}.ckpt`))();
  if (E.isLeft(content)) return content;
  const supernet = restoreSupernet(content.right, registry);
  if (E.isLeft(supernet)) return supernet;
  if (supernet.right.step !== progress.right.step) {
    supernet.right.dispose();
    return E.left(new RecnasError('CHECKPOINT_CORRUPT', `${progressFile}: step ${progress.right.step} but the checkpoint is at step ${supernet.right.step}`));
  }
  return E.right({ supernet: supernet.right, progress: progress.right });
}

/** Removes the snapshots once the stage has written its final checkpoint. */
export function removeSupernetSnapshots(runDir: string): void {
  rmSync(join(runDir, SNAPSHOT_DIR), { recursive: true, force: true });
}
