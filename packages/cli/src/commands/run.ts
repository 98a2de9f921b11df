import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { createEngine } from '@recnas/engine';
import { REPORT_FILE, runPipeline } from '@recnas/pipeline';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { nonNegativeIntegerOption } from '../options.js';
import { recnasPackageVersions } from '../run/package-versions.js';
import { pipelineProgress } from '../run/pipeline-progress.js';
import { requireDataFile, resolveRunConfigSource } from '../run/run-config-source.js';
import { runSummaryLines } from '../run/summary-lines.js';

const HELP = `Usage: recnas run [config.json] [--out <dir>] [--resume] [--seed <n>] [--workers <n>] [--json]

Runs the whole NASRec pipeline: train the weight-sharing supernet, search (regularized evolution or random
search; each candidate fine-tuned and scored on the validation split), retrain the top architectures and
the baselines from scratch with the same budget, evaluate them on the test split, and write the report.
Without a config file it runs the embedded default: the shipped 8,000-row Criteo sample
(test-data/criteo/train.csv, relative to the current directory) with a small search, a few minutes on 2 cores.
The config (JSON, every key optional) is checked before any work; every problem is listed with its JSON path.

The run directory holds run.json (config, versions, backend, seed), supernet.ckpt, train-supernet.json,
search-history.jsonl, best-architectures.json, retrain.jsonl, summary.json and report.html.

Options:
  --out <dir>       run directory (default runs/<yyyymmdd-hhmmss>)
  --resume          continue the run in --out (finished work is reused, the result is the same as an
                    uninterrupted run); without a config file, the config recorded in its run.json is used
  --seed <n>        overrides the config's seed
  --workers <n>     overrides search.workers (threads scoring candidates; 0 = in this thread)
  --json            print summary.json's content as one JSON object on stdout
  --help            show this help

Config sections (see the pipeline README): data, seed, supernet, search, retrain, rankCorrelation.
`;

const pad = (value: number): string => String(value).padStart(2, '0');
/** `runs/<yyyymmdd-hhmmss>` in local time. */
function defaultRunDirectory(date: Date): string {
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  return join('runs', `${day}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`);
}

/** `recnas run`: the whole pipeline from one config. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run the whole NAS pipeline (supernet, search, retrain, evaluate, report)',
  help: HELP,
  async run(argv, terminal) {
    const { values, positionals } = parseCommandArgs('run', argv, {
      out: { type: 'string' }, resume: { type: 'boolean', default: false }, seed: { type: 'string' },
      workers: { type: 'string' }, json: { type: 'boolean', default: false },
    });
    if (positionals.length > 1) throw new RecnasError('USAGE', `expected at most one config file, got ${positionals.join(' ')}`);
    if (values.resume && values.out === undefined) throw new RecnasError('USAGE', '--resume needs --out <dir>, the run to continue');
    const config = resolveRunConfigSource({
      file: positionals[0],
      resumeFrom: values.resume ? values.out : undefined,
      seed: nonNegativeIntegerOption('seed', values.seed),
      workers: nonNegativeIntegerOption('workers', values.workers),
    });
    requireDataFile(config);
    const out = values.out ?? defaultRunDirectory(new Date());
    terminal.err(`run directory: ${out}\n`);
    const backend = await createEngine({ logger: (line) => terminal.err(`${line}\n`) }).initBackend();
    const summary = await runPipeline(config, {
      out,
      resume: values.resume,
      manifest: { ...recnasPackageVersions(), backend: backend.name, createdAt: new Date().toISOString() },
      onEvent: pipelineProgress(terminal),
    });
    if (E.isLeft(summary)) throw summary.left;
    terminal.err(runSummaryLines(summary.right, join(out, REPORT_FILE)));
    if (values.json) terminal.out(`${JSON.stringify(summary.right)}\n`);
    return ExitCode.ok;
  },
};
