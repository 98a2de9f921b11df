import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_SEQUENTIAL_RUN_CONFIG, RUN_MANIFEST_FILE, decodeSequentialRunConfig, inferInteractionFormat, type ResolvedSequentialRunConfig } from '@recnas/pipeline';
import { readJsonFile, requireDataPath, resumedConfig } from './run-config-source.js';

/** Where `recnas run --task sequential` takes its config from, and the command-line values that override it. */
export interface SequentialRunSource {
  readonly file?: string | undefined;
  readonly resumeFrom?: string | undefined;
  readonly seed?: number | undefined;
  /** `--data <file>`: any interaction log the loaders read; `--format` names its format (else from its name). */
  readonly data?: string | undefined;
  readonly format?: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The resolved sequential config: the file (or the resumed run's config, or the embedded default) with
 * `--seed`, `--data` and `--format` written over it before decoding, so overrides are checked like any other
 * value (CONFIG_INVALID with JSON paths, exit 2). `--data` replaces the data section's file (and its
 * reading options); its format is `--format`, else the one its name suggests.
 */
export function resolveSequentialRunSource(source: SequentialRunSource): ResolvedSequentialRunConfig {
  const json = source.file !== undefined ? readJsonFile(source.file) : source.resumeFrom !== undefined ? resumedConfig(source.resumeFrom) : { task: 'sequential' };
  const what = source.file ?? (source.resumeFrom === undefined ? 'the default sequential run config' : join(source.resumeFrom, RUN_MANIFEST_FILE));
  const data = isRecord(json) && isRecord(json['data']) ? json['data'] : {};
  const overriddenData =
    source.data === undefined
      ? source.format === undefined
        ? undefined
        : { ...data, format: source.format }
      : { ...(data['maxLength'] === undefined ? {} : { maxLength: data['maxLength'] }), path: source.data, format: source.format ?? inferInteractionFormat(source.data) };
  const withOverrides = isRecord(json)
    ? {
        ...json,
        task: 'sequential',
        ...(source.seed === undefined ? {} : { seed: source.seed }),
        ...(overriddenData === undefined ? {} : { data: overriddenData }),
      }
    : json;
  const decoded = decodeSequentialRunConfig(withOverrides, what);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

/** `requireDataPath` for a sequential run; the embedded default's Beauty file gets the hint of how to replace it. */
export function requireSequentialDataFile(config: ResolvedSequentialRunConfig): void {
  requireDataPath(
    config.data.path,
    config.data.path === DEFAULT_SEQUENTIAL_RUN_CONFIG.data.path
      ? 'The embedded default reads the Amazon Beauty sequences of a recnas checkout; elsewhere pass --data <your interaction log> (a user list, MovieLens, RecBole .inter or a delimited click log)'
      : undefined,
  );
}
