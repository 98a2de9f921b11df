import { existsSync, statSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import {
  avazuCsvReader,
  criteoCsvReader,
  criteoTsvReader,
  detectInteractionLayout,
  kdd2012Reader,
  openInteractions,
  profileCtrDataset,
  profileInteractions,
  type CtrReader,
  type CtrReaderOptions,
  type DatasetProfile,
  type InteractionFormat,
  type InteractionProfile,
} from '@recnas/data-loaders';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { ProgressDisplay, type Terminal } from '../progress.js';
import { formatCtrProfile, formatInteractionProfile } from './inspect-data-format.js';

const CTR_READERS: Readonly<Record<string, (path: string, options: CtrReaderOptions) => E.Either<RecnasError, CtrReader>>> = {
  criteo: criteoTsvReader,
  'criteo-csv': criteoCsvReader,
  avazu: avazuCsvReader,
  kdd2012: kdd2012Reader,
};

/** `interactions` files by extension; `sequences` is the one-line-per-user format. */
function interactionFormat(format: string, path: string): InteractionFormat {
  if (format === 'sequences') return 'amazon-user-list';
  if (format === 'delimited' || /\.(csv|tsv)$/i.test(path.replace(/\.gz$/i, ''))) return 'delimited';
  if (path.replace(/\.gz$/, '').endsWith('.inter')) return 'recbole-inter';
  if (path.replace(/\.gz$/, '').endsWith('.dat')) return 'movielens-dat';
  return 'movielens-tsv';
}

const FORMATS = [...Object.keys(CTR_READERS), 'interactions', 'sequences', 'delimited'];

const HELP = `Usage: recnas inspect-data --format <${FORMATS.join('|')}> <file> [options]

Reads a data file once (streaming; plain or gzip, LF or CRLF) and prints rows, label rate, per-field missing
rate and cardinality, and bad rows by reason with their first line numbers.

Formats:
  criteo        Criteo Kaggle TSV: label, I1..I13, C1..C26, no header
  criteo-csv    Criteo CSV with a header row
  avazu         Avazu CSV with header (id,click,hour,C1,...,C21)
  kdd2012       KDD Cup 2012 track 2 training.txt (label = clicks > 0)
  interactions  user-item logs: MovieLens u.data (TSV), ratings.dat (::), RecBole .inter, .csv/.tsv as delimited
                (by extension)
  sequences     one line per user: user item item ... (e.g. Amazon Beauty)
  delimited     any delimited log, e.g. a session click log: session/user, item and time columns, delimiter and
                header detected (the detected layout is printed)

Options:
  --format <name>            file format (required)
  --no-label                 the file has no label column (e.g. the Kaggle test layout)
  --max-bad-fraction <p>     fail (exit 3) when skipped rows exceed this fraction (default 0.01)
  --json                     print one JSON object on stdout (progress stays on stderr)
  --help                     show this help
`;

function parseFraction(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new RecnasError('USAGE', `--max-bad-fraction: expected a number in [0, 1], got "${text}"`);
  return value;
}

async function inspectCtr(format: string, path: string, options: CtrReaderOptions, terminal: Terminal): Promise<E.Either<RecnasError, DatasetProfile>> {
  const reader = (CTR_READERS[format] as (typeof CTR_READERS)[string])(path, options);
  if (E.isLeft(reader)) return reader;
  const display = new ProgressDisplay(terminal, `reading ${path}`, statSync(path).size, { name: 'MB', scale: 1e6, digits: 1 });
  const profile = await profileCtrDataset(reader.right, (bytesRead) => display.update(bytesRead));
  display.finish(reader.right.progress().bytesRead);
  return profile;
}

async function inspectInteractions(format: string, path: string, maxBadFraction: number | undefined, terminal: Terminal): Promise<E.Either<RecnasError, InteractionProfile>> {
  const readFormat = interactionFormat(format, path);
  if (readFormat === 'delimited') {
    const layout = await detectInteractionLayout(path);
    if (E.isLeft(layout)) return layout;
    terminal.err(`layout: ${layout.right.description}\n`);
  }
  const source = openInteractions(path, { format: readFormat, ...(maxBadFraction === undefined ? {} : { maxBadFraction }) });
  return E.isLeft(source) ? source : profileInteractions(source.right);
}

/** `recnas inspect-data`: profile a data file. */
export const inspectDataCommand: Command = {
  name: 'inspect-data',
  summary: 'profile a data file: rows, label rate, missing rates, cardinalities, bad rows',
  help: HELP,
  async run(argv, terminal) {
    const { values, positionals } = parseCommandArgs('inspect-data', argv, {
      format: { type: 'string' },
      'no-label': { type: 'boolean', default: false },
      'max-bad-fraction': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const format = values.format;
    if (format === undefined || !FORMATS.includes(format)) {
      throw new RecnasError('USAGE', `--format: expected one of ${FORMATS.join(', ')}, got ${format === undefined ? 'nothing' : `"${format}"`}`);
    }
    if (positionals.length !== 1) throw new RecnasError('USAGE', `expected exactly one <file>, got ${positionals.length}`);
    const maxBadFraction = parseFraction(values['max-bad-fraction']);
    const path = positionals[0] as string;
    if (!existsSync(path)) throw new RecnasError('IO', `${path}: no such file`, { path });
    const result =
      format in CTR_READERS
        ? await inspectCtr(format, path, { hasLabel: !values['no-label'], ...(maxBadFraction === undefined ? {} : { maxBadFraction }) }, terminal)
        : await inspectInteractions(format, path, maxBadFraction, terminal);
    if (E.isLeft(result)) throw result.left;
    const profile = result.right;
    if (values.json) terminal.out(`${JSON.stringify({ format, ...profile })}\n`);
    else terminal.out('fields' in profile ? formatCtrProfile(profile) : formatInteractionProfile(profile));
    return ExitCode.ok;
  },
};
