import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { generateSyntheticCriteo, teacherMetadataPath, type SyntheticCriteoMetadata } from '@recnas/data-loaders';
import { parseCommandArgs, positiveIntegerOption, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const HELP = `Usage: recnas synthetic-data --rows <n> --out <file> [--seed 2018] [--json]

Writes a planted-teacher synthetic Criteo file (Kaggle TSV layout: label, 13 integer and 26 hashed
categorical fields) that every CTR command reads with --format criteo (data.format "criteo"), and
<file>.teacher.json beside it with the teacher and its Bayes-optimal LogLoss, the floor no model beats in
expectation. The same rows and seed give a byte-identical file. Use it where the Criteo sample of the recnas
repository is not at hand (an installed CLI): the embedded default of recnas run reads
test-data/criteo/train.csv, so

  recnas synthetic-data --rows 7200 --out test-data/criteo/train.csv && recnas run --out runs/first

runs the whole pipeline on it.

Options:
  --rows <n>     rows to write (required)
  --out <file>   where (its folder is created)
  --seed <n>     generator seed (default 2018)
  --json         print the teacher metadata as one JSON object on stdout
  --help         show this help
`;

function describe(path: string, metadata: SyntheticCriteoMetadata): string {
  return [
    `wrote ${metadata.rows} rows to ${path} (seed ${metadata.seed}), teacher: ${teacherMetadataPath(path)}`,
    `label rate ${metadata.labelRate.toFixed(4)}; LogLoss of the base rate ${metadata.baseRateLogLoss.toFixed(4)}, Bayes-optimal ${metadata.optimalLogLoss.toFixed(4)} (normalized entropy ${metadata.optimalNormalizedEntropy.toFixed(3)})`,
    '',
  ].join('\n');
}

/** `recnas synthetic-data`: a planted-teacher Criteo-format file (@recnas/data-loaders' generateSyntheticCriteo). */
export const syntheticDataCommand: Command = {
  name: 'synthetic-data',
  summary: 'write a planted-teacher synthetic Criteo file with its optimal LogLoss',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('synthetic-data', argv, {
      rows: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '2018' },
      json: { type: 'boolean', default: false },
    });
    if (values.rows === undefined) throw new RecnasError('USAGE', '--rows <n> is required');
    if (values.out === undefined) throw new RecnasError('USAGE', '--out <file> is required');
    const rows = positiveIntegerOption('rows', values.rows);
    const seed = positiveIntegerOption('seed', values.seed);
    try {
      mkdirSync(dirname(values.out), { recursive: true });
    } catch (cause) {
      throw new RecnasError('IO', `cannot create the folder of ${values.out}: ${(cause as Error).message}`, { path: values.out }, { cause });
    }
    const written = await generateSyntheticCriteo(values.out, { rows, seed });
    if (E.isLeft(written)) throw written.left;
    terminal.out(values.json ? `${JSON.stringify(written.right)}\n` : describe(values.out, written.right));
    return ExitCode.ok;
  },
};
