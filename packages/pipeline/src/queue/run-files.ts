import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Redis } from 'ioredis';
import * as E from 'fp-ts/lib/Either.js';
import { writeFileAtomic } from '@recnas/core';
import { ctrShardPaths, isShardPattern } from '@recnas/data-loaders';
import type { RunFile } from './candidate-jobs.js';

/** Files up to this size are also put into Redis, so a worker without the coordinator's disk can score. */
export const REDIS_FILE_LIMIT_BYTES = 256 * 1024 * 1024;
/** How long a file stays in Redis after the coordinator put it there. */
const BLOB_TTL_SECONDS = 7 * 24 * 3600;

const blobKey = (sha256: string): string => `recnas:file:${sha256}`;

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Describes a file of the run for its jobs and, when it is small enough, puts it into Redis once (`NX`:
 * a resumed coordinator does not upload it again). `checksum`: whether a file too large for Redis is still
 * hashed (the supernet checkpoint always is: workers verify it; a data file that large is not).
 */
export async function publishRunFile(redis: Redis, path: string, checksum: boolean): Promise<RunFile> {
  // Shards (`day_*.gz`) are a data set too large for Redis by design: workers read them at the same path.
  if (isShardPattern(path)) return { path, bytes: shardBytes(path) ?? 0, sha256: null, inRedis: false };
  const bytes = statSync(path).size;
  const small = bytes <= REDIS_FILE_LIMIT_BYTES;
  const sha256 = small || checksum ? await sha256OfFile(path) : null;
  if (small && sha256 !== null) await redis.set(blobKey(sha256), readFileSync(path), 'EX', BLOB_TTL_SECONDS, 'NX');
  return { path, bytes, sha256, inRedis: small };
}

/** The total size of the files a shard pattern matches here, or undefined when none does. */
function shardBytes(pattern: string): number | undefined {
  const paths = ctrShardPaths(pattern);
  return E.isLeft(paths) ? undefined : paths.right.reduce((total, path) => total + statSync(path).size, 0);
}

/** Why a worker cannot get a file, as one sentence for its refusal message. */
export class MissingRunFile extends Error {}

/**
 * The local path of a run file on a worker: the coordinator's path when this machine sees the same file
 * (same size, and same SHA-256 when the job has one: checked once per file), else a copy fetched from
 * Redis into `cacheDir` (verified against the SHA-256).
 */
export async function resolveRunFile(redis: Redis, file: RunFile, cacheDir: string, verified: Map<string, string>): Promise<string> {
  const key = `${file.path}\n${file.sha256 ?? ''}`;
  const known = verified.get(key);
  if (known !== undefined && existsSync(known)) return known;
  const remember = (local: string): string => {
    verified.set(key, local);
    return local;
  };
  if (isShardPattern(file.path)) {
    const bytes = shardBytes(file.path);
    if (bytes === file.bytes) return remember(file.path);
    throw new MissingRunFile(`the data shards ${file.path} ${bytes === undefined ? 'match no file' : `are ${bytes} bytes`} on this machine, ${file.bytes} bytes on the coordinator: mount them at the same path`);
  }
  let localMismatch = '';
  if (existsSync(file.path) && statSync(file.path).size === file.bytes) {
    if (file.sha256 === null) return remember(file.path);
    const local = await sha256OfFile(file.path);
    if (local === file.sha256) return remember(file.path);
    localMismatch = ` (${file.path} on this machine has SHA-256 ${local.slice(0, 12)}…, the job needs ${file.sha256.slice(0, 12)}…)`;
  }
  if (file.sha256 === null || !file.inRedis) {
    throw new MissingRunFile(`${file.path} (${file.bytes} bytes) is not on this machine${localMismatch} and too large to be shared through Redis: mount it at the same path`);
  }
  // Under the original name: readers may go by the file name (e.g. a .gz suffix).
  const cached = join(cacheDir, file.sha256, basename(file.path));
  if (existsSync(cached) && (await sha256OfFile(cached)) === file.sha256) return remember(cached);
  const content = await redis.getBuffer(blobKey(file.sha256));
  if (content === null) throw new MissingRunFile(`${file.path} is not on this machine${localMismatch} and no longer in Redis (its copy expires after 7 days): resume the run to publish it again`);
  const fetched = createHash('sha256').update(content).digest('hex');
  if (fetched !== file.sha256) throw new MissingRunFile(`the copy of ${file.path} in Redis has SHA-256 ${fetched.slice(0, 12)}…, not ${file.sha256.slice(0, 12)}…`);
  mkdirSync(dirname(cached), { recursive: true });
  writeFileAtomic(cached, content);
  return remember(cached);
}
