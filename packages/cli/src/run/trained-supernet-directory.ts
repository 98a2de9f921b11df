import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, type SearchSpace } from '@recnas/core';
import { decodeRunConfig, resolveSpace, SUPERNET_CHECKPOINT_FILE, TRAIN_SUPERNET_RESULT_FILE, type ResolvedRunConfig } from '@recnas/pipeline';

/** The search settings `recnas search` takes from its options. */
export interface SearchOptions {
  readonly strategy: 'regularized-evolution' | 'random';
  readonly preset?: string | undefined;
  readonly workers?: number | undefined;
  readonly fineTuneSteps?: number | undefined;
  /** Candidates of random search (default: the evolution preset's budget). */
  readonly randomBudget?: number | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads `<dir>/train-supernet.json` (written by `recnas train-supernet`) and builds the run config of a
 * search over that supernet: its data source (with the split seed it was trained with), seed, space,
 * blocks and widths, plus the search options. Also returns the search space the supernet was built for.
 */
export function searchConfigOfSupernet(dir: string, search: SearchOptions): { config: ResolvedRunConfig; space: SearchSpace } {
  const file = join(dir, TRAIN_SUPERNET_RESULT_FILE);
  for (const needed of [file, join(dir, SUPERNET_CHECKPOINT_FILE)]) {
    if (!existsSync(needed)) throw new RecnasError('USAGE', `--supernet ${dir}: ${needed} does not exist (write it with recnas train-supernet --out ${dir})`, { path: needed });
  }
  let stage: unknown;
  try {
    stage = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new RecnasError('CHECKPOINT_CORRUPT', `cannot read ${file}: ${(cause as Error).message}`, { path: file }, { cause });
  }
  const trained = isRecord(stage) && isRecord(stage['config']) ? stage['config'] : undefined;
  if (trained === undefined) throw new RecnasError('CHECKPOINT_CORRUPT', `${file} has no "config" object (was it written by recnas train-supernet?)`, { path: file });
  const widths = Object.fromEntries((['denseWidths', 'sparseWidths'] as const).filter((key) => trained[key] !== undefined).map((key) => [key, trained[key]]));
  const input = {
    data: trained['data'],
    seed: trained['seed'],
    supernet: { space: trained['space'], blocks: trained['blocks'], ...widths },
    search: {
      strategy: search.strategy,
      ...(search.preset === undefined ? {} : { preset: search.preset }),
      ...(search.workers === undefined ? {} : { workers: search.workers }),
      ...(search.fineTuneSteps === undefined ? {} : { fineTuneSteps: search.fineTuneSteps }),
      ...(search.randomBudget === undefined ? {} : { randomBudget: search.randomBudget }),
    },
  };
  const config = decodeRunConfig(input, `the search config (from ${file} and the options)`);
  if (E.isLeft(config)) throw config.left;
  const { space, blocks } = config.right.supernet;
  const resolved = resolveSpace({ space, blocks, ...(widths['denseWidths'] === undefined ? {} : { denseWidths: config.right.supernet.denseWidths }), ...(widths['sparseWidths'] === undefined ? {} : { sparseWidths: config.right.supernet.sparseWidths }) });
  if (E.isLeft(resolved)) throw resolved.left;
  return { config: config.right, space: resolved.right };
}

/**
 * Makes `out` a search directory over the supernet in `supernetDir`: the scorers (worker threads too) load
 * `<out>/supernet.ckpt`, so the checkpoint and train-supernet.json are copied there unless `out` is
 * `supernetDir` itself or already holds them from an earlier search being resumed.
 */
export function prepareSearchDirectory(supernetDir: string, out: string, resume: boolean): void {
  try {
    mkdirSync(out, { recursive: true });
    if (resolve(out) === resolve(supernetDir)) return;
    for (const name of [SUPERNET_CHECKPOINT_FILE, TRAIN_SUPERNET_RESULT_FILE]) {
      if (resume && existsSync(join(out, name))) continue;
      // Copy then rename, so a search killed mid-copy never leaves a cut checkpoint under the real name.
      copyFileSync(join(supernetDir, name), join(out, `${name}.tmp`));
      renameSync(join(out, `${name}.tmp`), join(out, name));
    }
  } catch (cause) {
    throw new RecnasError('IO', `--out ${out}: cannot copy the supernet there (${(cause as Error).message})`, { path: out }, { cause });
  }
}
