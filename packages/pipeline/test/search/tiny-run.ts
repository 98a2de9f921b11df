import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { decodeRunConfig, runPipeline, type PipelineEvent, type RunSummary } from '../../src/index.js';

// What the end-to-end pipeline tests on a head of the Criteo sample share: the data file, one run of a config,
// and the journals read back.

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;

/** Writes the first `rows` lines of the Criteo sample to `root`/criteo-head.csv and returns its path. */
export function writeCriteoHead(root: string, rows: number): string {
  const path = join(root, 'criteo-head.csv');
  writeFileSync(path, `${readFileSync(CRITEO, 'utf8').split('\n').slice(0, rows).join('\n')}\n`);
  return path;
}

/** How a test run starts: fresh or resumed, and where its events go. */
export interface TinyRunOptions {
  readonly resume?: boolean;
  readonly onEvent?: (event: PipelineEvent) => void;
}

/** Runs `config` (decoded first: a bad config throws) into `out` with a fixed manifest; the pipeline's own Either. */
export async function runConfig(config: unknown, out: string, options: TinyRunOptions = {}): Promise<E.Either<Error, RunSummary>> {
  const decoded = decodeRunConfig(config);
  if (E.isLeft(decoded)) throw decoded.left;
  return runPipeline(decoded.right, {
    out,
    resume: options.resume === true,
    manifest: { recnasVersion: '0.0.0', packageVersions: {}, backend: 'test', createdAt: '2026-01-01T00:00:00.000Z' },
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
}

/** {@link runConfig} for a run that must succeed. */
export async function succeedConfig(config: unknown, out: string, options: TinyRunOptions = {}): Promise<RunSummary> {
  const summary = await runConfig(config, out, options);
  if (E.isLeft(summary)) throw summary.left;
  return summary.right;
}

/** The parsed lines of a JSON-lines journal. */
export function readJsonLines<A>(file: string): A[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as A);
}
