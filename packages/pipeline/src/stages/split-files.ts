import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { BatchFileWriter, StoredBatches, ctrShardPaths, isShardPattern } from '@recnas/data-loaders';
import type { CtrDataSource } from './ctr-data.js';

/**
 * Where the split parts of a data source live on disk (docs/decisions/0019-streamed-splits.md): a folder per
 * data identity under `splitDir` (a run's `splits/`, or the system temp folder), named by a hash of what fixes
 * the parsed rows and their split: every file's real path, size and modification time, the format, the
 * vocabulary cap, the bad-row limit and the split seed. A changed file gets a new folder.
 */
export function splitFolder(source: CtrDataSource, splitDir: string): E.Either<RecnasError, string> {
  return E.flatMap(dataFileIdentity(source), (files) => {
    try {
      const identity = {
        version: 1,
        files,
        format: source.format,
        vocabCap: source.vocabCap ?? null,
        maxBadFraction: source.maxBadFraction ?? null,
        splitSeed: source.splitSeed ?? null,
      };
      const folder = join(splitDir, createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16));
      mkdirSync(folder, { recursive: true });
      return E.right(folder);
    } catch (error) {
      return E.left(new RecnasError('IO', `cannot prepare the split folder for ${source.path} in ${splitDir}: ${(error as Error).message}`, { path: source.path, splitDir }, { cause: error }));
    }
  });
}

/**
 * Real path, size and modification time of every file of a data source (one file, or the files a pattern
 * matches): what identifies its content. Fails with IO naming the file when one cannot be read.
 */
export function dataFileIdentity(source: CtrDataSource): E.Either<RecnasError, ReadonlyArray<readonly [string, number, number]>> {
  const files = isShardPattern(source.path) ? ctrShardPaths(source.path) : E.right([source.path]);
  return E.flatMap(files, (paths) => {
    try {
      return E.right(
        paths.map((file) => {
          const stat = statSync(file);
          return [realpathSync(file), stat.size, Math.round(stat.mtimeMs)] as const;
        }),
      );
    } catch (error) {
      return E.left(new RecnasError('IO', `cannot read ${source.path}: ${(error as Error).message}`, { path: source.path }, { cause: error }));
    }
  });
}

/** The folder of a run directory that holds its split files. */
export const SPLITS_FOLDER = 'splits';

/** The split folder used when a caller names none: under the system temp folder (shared by runs of one machine). */
export function defaultSplitDir(): string {
  return join(tmpdir(), 'recnas-splits');
}

/** The batch file `name` of `folder` when it is there and complete; undefined otherwise (it is then rewritten). */
export function storedIfComplete(folder: string, name: string): StoredBatches | undefined {
  const path = join(folder, name);
  if (!existsSync(path)) return undefined;
  const opened = StoredBatches.open(path);
  return E.isRight(opened) ? opened.right : undefined;
}

/** Opens a batch file that was just written (it must be complete). */
export function openStored(path: string): StoredBatches {
  const opened = StoredBatches.open(path);
  if (E.isLeft(opened)) throw opened.left;
  return opened.right;
}

/** A writer for `folder/name` (the folder exists: `splitFolder` made it). */
export function writerFor(folder: string, name: string): BatchFileWriter {
  const writer = BatchFileWriter.create(join(folder, name));
  if (E.isLeft(writer)) throw writer.left;
  return writer.right;
}
