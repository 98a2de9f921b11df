import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, decodeWith, writeFileAtomic } from '@recnas/core';
import { firstDifference } from './internal/first-difference.js';
import { RunManifestCodec, type RunManifest, type RunManifestJson } from './run-manifest.js';

/** The manifest's file name inside a run directory. */
export const RUN_MANIFEST_FILE = 'run.json';

/** A run directory once created or reopened: its path, its manifest and whether an existing run was resumed. */
export interface RunDirectory {
  readonly path: string;
  readonly manifest: RunManifest;
  readonly resumed: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads and decodes `<path>/run.json`. Fails with IO when it cannot be read and with CHECKPOINT_CORRUPT
 * when it is not JSON or not a valid manifest (with the JSON path of each problem).
 */
export function readRunManifest(path: string): E.Either<RecnasError, RunManifest> {
  const file = join(path, RUN_MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return E.left(new RecnasError('IO', `cannot read ${file}: ${errorMessage(error)}`, { file }, { cause: error }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return E.left(new RecnasError('CHECKPOINT_CORRUPT', `${file} is not valid JSON: ${errorMessage(error)}`, { file }, { cause: error }));
  }
  return decodeWith(RunManifestCodec, json, file, 'CHECKPOINT_CORRUPT');
}

/** `config` without the keys at `paths` (dotted, e.g. `search.workers`), for the resume comparison. */
function withoutPaths(config: unknown, paths: ReadonlyArray<string>): unknown {
  const copy = JSON.parse(JSON.stringify(config ?? null)) as unknown;
  for (const path of paths) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    if (typeof node === 'object' && node !== null) delete (node as Record<string, unknown>)[keys[keys.length - 1] as string];
  }
  return copy;
}

function checkResumable(
  path: string,
  existing: RunManifest,
  requested: RunManifest,
  ignore: ReadonlyArray<string>,
  resolveStored: (config: unknown) => unknown,
): E.Either<RecnasError, RunDirectory> {
  if (existing.seed !== requested.seed) {
    return E.left(new RecnasError('CONFIG_INVALID', `cannot resume ${path}: it was started with seed ${existing.seed}, not ${requested.seed}`, { path }));
  }
  const difference = firstDifference(withoutPaths(resolveStored(existing.config), ignore), withoutPaths(requested.config, ignore), 'config');
  if (difference !== undefined) {
    return E.left(
      new RecnasError('CONFIG_INVALID', `cannot resume ${path}: ${difference} differs from the config it was started with`, { path, difference }),
    );
  }
  return E.right({ path, manifest: existing, resumed: true });
}

/**
 * Creates the run directory `path` (and parents) and writes `run.json` atomically (write temp, fsync,
 * rename). If `run.json` exists, fails with USAGE unless `resume` is set; when resuming, the existing
 * manifest is kept and returned, provided its seed and resolved config equal the requested ones
 * (CONFIG_INVALID names the first differing config path), except at the dotted `ignoreOnResume` paths (settings
 * that do not change results, such as `search.workers`). Backend and versions may change on resume.
 * `resolveStoredConfig` resolves the stored config with today's defaults before the comparison, so a run
 * started before a config key existed resumes when the key's default keeps the old behaviour (the rule for
 * adding keys); when it cannot resolve the stored config it returns it unchanged.
 * `manifest` is decoded first: an invalid one fails with CONFIG_INVALID before anything is written.
 * File errors give IO.
 */
export function createRunDirectory(
  path: string,
  manifest: RunManifestJson,
  options: {
    readonly resume?: boolean;
    readonly ignoreOnResume?: ReadonlyArray<string>;
    readonly resolveStoredConfig?: (config: unknown) => unknown;
  } = {},
): E.Either<RecnasError, RunDirectory> {
  return E.flatMap(decodeWith(RunManifestCodec, manifest, 'run manifest'), (requested) => {
    const file = join(path, RUN_MANIFEST_FILE);
    try {
      mkdirSync(path, { recursive: true });
      if (existsSync(file)) {
        if (options.resume !== true) {
          return E.left(
            new RecnasError('USAGE', `${file} already exists: resume that run or choose another run directory`, { path, file }),
          );
        }
        return E.flatMap(readRunManifest(path), (existing) =>
          checkResumable(path, existing, requested, options.ignoreOnResume ?? [], options.resolveStoredConfig ?? ((config) => config)),
        );
      }
      writeFileAtomic(file, `${JSON.stringify(RunManifestCodec.encode(requested), null, 2)}\n`);
    } catch (error) {
      return E.left(new RecnasError('IO', `cannot create the run directory ${path}: ${errorMessage(error)}`, { path }, { cause: error }));
    }
    return E.right({ path, manifest: requested, resumed: false });
  });
}
