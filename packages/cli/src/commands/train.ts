import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { createEngine } from '@recnas/engine';
import { MODEL_FILE, MODEL_INFO_FILE, builtinRegistry, saveModelFolder, trainArchitecture, type TrainArchitectureResult } from '@recnas/pipeline';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { withNativeSpeedHint } from '../backend-speed.js';
import { ProgressDisplay } from '../progress.js';

const HELP = `Usage: recnas train --arch <arch.json> --data <file> --format <criteo|criteo-csv|avazu|kdd2012> --out <dir> [options]

Trains one architecture from scratch as a compact model (only its operators, inputs and widths) on the
train part of the seeded 8:1:1 split of <file>, and reports validation and test LogLoss and AUC, FLOPs and
parameters. Accepts the recnas encoding and the official NASRec JSON (files with "micro" and "macro").
Writes <dir>/model.ckpt (load it with loadCtrModel from @recnas/supernet) and <dir>/model.json.

Options:
  --arch <file>           architecture JSON (required)
  --data <file>           CTR data file (plain or gzip)
  --format <name>         criteo, criteo-csv, avazu or kdd2012
  --out <dir>             output folder (created if missing)
  --epochs <n>            passes over the train split (default 1)
  --batch-size <n>        default 256 (NASRec's retraining)
  --learning-rate <x>     peak learning rate of the cosine schedule (default 0.16, NASRec's retraining)
  --layout <name>         active-width (default), max-width or weight-sharing (docs/decisions/0014)
  --seed <n>              one seed for split and init (default 2018)
  --json                  print the result as one JSON object on stdout
  --help                  show this help
`;

const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new RecnasError('USAGE', `--${name}: expected a number, got "${text}"`);
  return value;
};

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new RecnasError('USAGE', `--arch ${path}: ${(cause as Error).message}`, { path }, { cause });
  }
}

function summary(result: TrainArchitectureResult, out: string): string {
  return [
    `trained ${result.archHash} (${result.inputFormat} format, ${result.subnetLayout} layout, ${result.parameterCount} dense parameters) for ${result.steps} steps on ${result.trainRows} rows in ${result.trainSeconds.toFixed(1)} s`,
    `validation: LogLoss ${result.validation.logLoss.toFixed(4)}, AUC ${result.validation.auc.toFixed(4)} (${result.validation.count} rows)`,
    `test:       LogLoss ${result.test.logLoss.toFixed(4)}, AUC ${result.test.auc.toFixed(4)} (${result.test.count} rows)`,
    `FLOPs:      ${result.flopsPerExample} per example (${(result.flopsPerExample / 1e6).toFixed(3)} MFLOPs)`,
    `wrote ${join(out, MODEL_FILE)} and ${join(out, MODEL_INFO_FILE)}`,
    '',
  ].join('\n');
}

/** \`recnas train\`: one architecture file trained from scratch and evaluated. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train an architecture file (recnas or official NASRec JSON) from scratch and evaluate it',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('train', argv, {
      arch: { type: 'string' }, data: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      epochs: { type: 'string' }, 'batch-size': { type: 'string' }, 'learning-rate': { type: 'string' }, layout: { type: 'string' },
      seed: { type: 'string' }, json: { type: 'boolean', default: false },
    });
    if (values.arch === undefined || values.data === undefined || values.format === undefined || values.out === undefined) {
      throw new RecnasError('USAGE', '--arch <file>, --data <file>, --format <name> and --out <dir> are required');
    }
    const options = {
      epochs: number('epochs', values.epochs), batchSize: number('batch-size', values['batch-size']),
      learningRate: number('learning-rate', values['learning-rate']), seed: number('seed', values.seed), subnetLayout: values.layout,
    };
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const architecture = readJson(values.arch);
    const registry = builtinRegistry();
    if (E.isLeft(registry)) throw registry.left;
    await createEngine({ logger: withNativeSpeedHint((line) => terminal.err(`${line}\n`)) }).initBackend();
    let display: ProgressDisplay | undefined;
    const startedAt = terminal.now(); // the rate counts from here, not from the first step's report
    const trained = await trainArchitecture({ data: { path: values.data, format: values.format }, architecture, ...defined }, registry.right, (step, total) => {
      display ??= new ProgressDisplay(terminal, 'training', total, { name: 'steps', scale: 1, digits: 0 }, undefined, startedAt);
      display.update(step + 1);
    });
    if (E.isLeft(trained)) throw trained.left;
    const { result, model, space } = trained.right;
    display?.finish(result.steps);
    try {
      const saved = await saveModelFolder(values.out, model, space, result);
      if (E.isLeft(saved)) throw saved.left;
      terminal.out(values.json ? `${JSON.stringify(result)}\n` : summary(result, values.out));
    } finally {
      model.dispose();
    }
    return ExitCode.ok;
  },
};
