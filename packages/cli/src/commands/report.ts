import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { configSummary, decodeRunConfig, readRunManifest, REPORT_FILE, reportInputOf, SUMMARY_FILE, writeReport, type RunSummary } from '@recnas/pipeline';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const HELP = `Usage: recnas report --run <dir> [--json]

Renders <dir>/report.html again from the run's summary.json and run.json (e.g. after upgrading recnas, or
when the report was deleted): one self-contained page with the search curve, the Pareto front, the best
architecture drawn as a graph and the metrics table. Prints the report's path.

Options:
  --run <dir>   a run directory written by recnas run (needs summary.json and run.json)
  --json        print {"report": "<path>"} on stdout
  --help        show this help
`;

function readSummary(file: string): RunSummary {
  try {
    // summary.json is written by runPipeline itself; the report's own codec checks what it uses of it.
    return JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
  } catch (cause) {
    throw new RecnasError('IO', `cannot read ${file}: ${(cause as Error).message} (is this a finished recnas run?)`, { path: file }, { cause });
  }
}

/** `recnas report`: re-renders a finished run's report.html. */
export const reportCommand: Command = {
  name: 'report',
  summary: "render a finished run's report.html again from its summary.json",
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('report', argv, { run: { type: 'string' }, json: { type: 'boolean', default: false } });
    if (values.run === undefined) throw new RecnasError('USAGE', '--run <dir> is required');
    const manifest = readRunManifest(values.run);
    if (E.isLeft(manifest)) throw manifest.left;
    const config = decodeRunConfig(manifest.right.config, join(values.run, 'run.json config'));
    if (E.isLeft(config)) throw config.left;
    const summary = readSummary(join(values.run, SUMMARY_FILE));
    const written = writeReport(join(values.run, REPORT_FILE), reportInputOf(summary, configSummary(config.right)));
    if (E.isLeft(written)) throw written.left;
    terminal.out(values.json ? `${JSON.stringify({ report: written.right })}\n` : `${written.right}\n`);
    return ExitCode.ok;
  },
};
