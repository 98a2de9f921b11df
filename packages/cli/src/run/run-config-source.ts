import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { ctrShardPaths, isShardPattern } from '@recnas/data-loaders';
import { DEFAULT_RUN_CONFIG, decodeRunConfig, readRunManifest, RUN_MANIFEST_FILE, type ResolvedRunConfig } from '@recnas/pipeline';

/** Where `recnas run` takes its config from, and the command-line values that override it. */
export interface RunConfigSource {
  /** A JSON config file; absent: the run being resumed (with `resumeFrom`), else the embedded default. */
  readonly file?: string | undefined;
  /** The run directory of `--resume --out`: its run.json config is used when no file is given. */
  readonly resumeFrom?: string | undefined;
  readonly seed?: number | undefined;
  readonly workers?: number | undefined;
  /** `--queue redis://host:port`: overrides search.queue. */
  readonly queue?: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON of a config file; CONFIG_INVALID (exit 2) naming the file when it cannot be read or parsed. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new RecnasError('CONFIG_INVALID', `cannot read the config file ${file}: ${(cause as Error).message}`, { file }, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new RecnasError('CONFIG_INVALID', `the config file ${file} is not valid JSON: ${(cause as Error).message}`, { file }, { cause });
  }
}

/** The config recorded in `<dir>/run.json` by the run being resumed. */
export function resumedConfig(dir: string): unknown {
  if (!existsSync(join(dir, RUN_MANIFEST_FILE))) {
    throw new RecnasError('USAGE', `--resume: ${join(dir, RUN_MANIFEST_FILE)} does not exist, so there is no run to resume in ${dir}`, { path: dir });
  }
  const manifest = readRunManifest(dir);
  if (E.isLeft(manifest)) throw manifest.left;
  return manifest.right.config;
}

/**
 * The resolved config of a `recnas run`: the file (or the resumed run's config, or `{}` for the embedded
 * default) with `--seed`, `--workers` and `--queue` written over it before decoding, so an override is checked like
 * any other value. Every problem is reported at once with its JSON path (CONFIG_INVALID, exit 2).
 */
export function resolveRunConfigSource(source: RunConfigSource): ResolvedRunConfig {
  const json = source.file !== undefined ? readJsonFile(source.file) : source.resumeFrom !== undefined ? resumedConfig(source.resumeFrom) : {};
  const what = source.file ?? (source.resumeFrom === undefined ? 'the default run config' : join(source.resumeFrom, RUN_MANIFEST_FILE));
  const withOverrides = isRecord(json)
    ? {
        ...json,
        ...(source.seed === undefined ? {} : { seed: source.seed }),
        ...(source.workers === undefined && source.queue === undefined
          ? {}
          : {
              search: {
                ...(isRecord(json['search']) ? json['search'] : {}),
                ...(source.workers === undefined ? {} : { workers: source.workers }),
                ...(source.queue === undefined ? {} : { queue: source.queue }),
              },
            }),
      }
    : json;
  const decoded = decodeRunConfig(withOverrides, what);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

/**
 * Fails with CONFIG_INVALID when `path` (a run config's `data.path`) is not a file, before the run directory is
 * created: a relative path is read from the current directory, which the message names; `hint` says how to get
 * the file (given for the embedded defaults' paths, which exist only in a recnas checkout).
 */
export function requireDataPath(path: string, hint?: string): void {
  if (existsSync(path)) return;
  if (isShardPattern(path)) {
    // Several files as one dataset (`day_*.gz`): at least one must match.
    const shards = ctrShardPaths(path);
    if (E.isRight(shards)) return;
    throw new RecnasError('CONFIG_INVALID', `data.path: ${shards.left.message}`, { path });
  }
  const where = isAbsolute(path) ? '' : ` (relative to the current directory ${process.cwd()})`;
  throw new RecnasError('CONFIG_INVALID', `data.path: ${path} does not exist${where}${hint === undefined ? '' : `. ${hint}`}`, { path });
}

/** `requireDataPath` for a CTR run; the embedded default's Criteo sample gets the hint of how to make one. */
export function requireDataFile(config: ResolvedRunConfig): void {
  requireDataPath(
    config.data.path,
    config.data.path === DEFAULT_RUN_CONFIG.data.path
      ? `The embedded default reads the Criteo sample of a recnas checkout; elsewhere write a synthetic one there with \`recnas synthetic-data --rows 7200 --out ${DEFAULT_RUN_CONFIG.data.path}\`, or give a config whose data.path is your Criteo-format file`
      : undefined,
  );
}
