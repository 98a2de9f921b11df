import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, writeFileAtomic } from '@recnas/core';
import { createEngine } from '@recnas/engine';
import { saveTrainedSupernet, trainSupernet, type TrainSupernetResult } from '@recnas/pipeline';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { withNativeSpeedHint } from '../backend-speed.js';
import { ProgressDisplay } from '../progress.js';

const HELP = `Usage: recnas train-supernet --data <file> --format <criteo|criteo-csv|avazu|kdd2012> --out <dir> [options]

Trains a NASRec weight-sharing supernet on the train part of a seeded, stratified 8:1:1 split of <file>,
then scores sampled sub-architectures with inherited weights on the validation part. Writes
<dir>/train-supernet.json (resolved config, loss curve, base-rate LogLoss, scored subnets) and
<dir>/supernet.ckpt (weights, optimizer state, embeddings and step; checksummed).

Options:
  --data <file>           CTR data file (plain or gzip)
  --format <name>         criteo, criteo-csv, avazu or kdd2012
  --out <dir>             output directory (created if missing)
  --space <full|small>    NASRec-Full (default) or NASRec-Small
  --steps <n>             train exactly n steps (default: --epochs full passes)
  --epochs <n>            passes over the train split (default 1)
  --batch-size <n>        default 512
  --blocks <n>            choice blocks (default 7)
  --dense-widths <list>   override the dense widths, e.g. 16,32,64 (quick runs)
  --sparse-widths <list>  override the sparse widths, e.g. 16,32
  --warmup-steps <n>      full-supernet warm-up (default: NASRec's 15,000/71,600 share of the run)
  --learning-rate <x>     peak learning rate of the cosine schedule (default 0.12, NASRec's Criteo recipe)
  --seed <n>              one seed for split, init, sampling (default 2018)
  --json                  print the result as one JSON object on stdout
  --help                  show this help
`;

const integer = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new RecnasError('USAGE', `--${name}: expected an integer, got "${text}"`);
  return value;
};
const positiveNumber = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0 && Number.isFinite(value))) throw new RecnasError('USAGE', `--${name}: expected a positive number, got "${text}"`);
  return value;
};
const integerList = (name: string, text: string | undefined): number[] | undefined =>
  text === undefined ? undefined : text.split(',').map((part) => integer(name, part.trim()) as number);

function summaryLines(result: TrainSupernetResult, out: string): string {
  const tenth = Math.max(1, Math.ceil(result.steps / 10));
  const mean = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0) / values.length;
  const best = Math.min(...result.subnets.map((subnet) => subnet.validationLogLoss));
  return [
    `trained ${result.steps} steps on ${result.trainRows} rows in ${result.trainSeconds.toFixed(1)} s (${result.parameterCount} dense parameters)`,
    `training loss: first 10% of steps ${mean(result.lossCurve.slice(0, tenth)).toFixed(4)}, last 10% ${mean(result.lossCurve.slice(-tenth)).toFixed(4)}`,
    `validation LogLoss: base rate ${result.baseRateLogLoss.toFixed(4)}, best of ${result.subnets.length} inherited subnets ${best.toFixed(4)}`,
    `wrote ${join(out, 'train-supernet.json')} and ${join(out, 'supernet.ckpt')}`,
    '',
  ].join('\n');
}

/** Creates the output folder and proves it writable before any training, so a bad --out costs nothing. */
function prepareOutput(out: string): string {
  const path = join(out, 'train-supernet.json');
  try {
    mkdirSync(out, { recursive: true });
    accessSync(out, constants.W_OK);
  } catch (cause) {
    throw new RecnasError('IO', `--out ${out}: cannot create or write this folder (${(cause as Error).message})`, { path: out }, { cause });
  }
  return path;
}

function writeOutput(path: string, content: string): void {
  try {
    writeFileAtomic(path, content);
  } catch (cause) {
    throw new RecnasError('IO', `cannot write ${path}: ${(cause as Error).message}`, { path }, { cause });
  }
}

/** `recnas train-supernet`: the supernet-training stage on one data file. */
export const trainSupernetCommand: Command = {
  name: 'train-supernet',
  summary: 'train a NASRec supernet on a CTR file and score inherited subnets',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('train-supernet', argv, {
      data: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, space: { type: 'string' },
      steps: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' }, blocks: { type: 'string' },
      'dense-widths': { type: 'string' }, 'sparse-widths': { type: 'string' }, 'warmup-steps': { type: 'string' },
      'learning-rate': { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean', default: false },
    });
    if (values.data === undefined || values.format === undefined || values.out === undefined) {
      throw new RecnasError('USAGE', '--data <file>, --format <name> and --out <dir> are required');
    }
    if (values.space !== undefined && values.space !== 'full' && values.space !== 'small') {
      throw new RecnasError('USAGE', `--space: expected full or small, got "${values.space}"`);
    }
    const config = {
      data: { path: values.data, format: values.format },
      ...(values.space === undefined ? {} : { space: `nasrec-${values.space}` }),
      steps: integer('steps', values.steps), epochs: integer('epochs', values.epochs), batchSize: integer('batch-size', values['batch-size']),
      blocks: integer('blocks', values.blocks), denseWidths: integerList('dense-widths', values['dense-widths']),
      sparseWidths: integerList('sparse-widths', values['sparse-widths']), warmupSteps: integer('warmup-steps', values['warmup-steps']),
      seed: integer('seed', values.seed), peakLearningRate: positiveNumber('learning-rate', values['learning-rate']),
    };
    const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
    const resultPath = prepareOutput(values.out);
    await createEngine({ logger: withNativeSpeedHint((line) => terminal.err(`${line}\n`)) }).initBackend();
    let display: ProgressDisplay | undefined;
    const startedAt = terminal.now(); // the rate counts from here, not from the first step's report
    const outcome = await trainSupernet(defined, {
      onProgress: (step, totalSteps) => {
        display ??= new ProgressDisplay(terminal, 'training supernet', totalSteps, { name: 'steps', scale: 1, digits: 0 }, undefined, startedAt);
        display.update(step);
      },
    });
    if (E.isLeft(outcome)) throw outcome.left;
    const { result, supernet } = outcome.right;
    display?.finish(result.steps);
    const saved = await saveTrainedSupernet(values.out, supernet);
    supernet.dispose();
    if (E.isLeft(saved)) throw saved.left;
    writeOutput(resultPath, `${JSON.stringify(result, null, 2)}\n`);
    terminal.out(values.json ? `${JSON.stringify(result)}\n` : summaryLines(result, values.out));
    return ExitCode.ok;
  },
};
