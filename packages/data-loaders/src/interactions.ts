import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { RecnasError } from '@recnas/core';
import { BadRowLedger, type ReadReport } from './bad-rows.js';
import { hasLayoutSample, resolveInteractionLayout } from './interaction-layout.js';
import {
  decodeInteractionReadOptions,
  type DecodedInteractionReadOptions,
  type InteractionFormat,
  type InteractionReadOptions,
} from './interaction-read-options.js';
import { amazonUserListParser } from './interactions-amazon.js';
import { delimitedParser } from './interactions-delimited.js';
import type { InteractionColumns, InteractionLineParser, LineOutcome } from './interactions-line-parser.js';
import { movieLensParser } from './interactions-movielens.js';
import { recBoleParser } from './interactions-recbole.js';
import { toReadFailure } from './internal/read-failure.js';
import { readLines, type TextLine } from './open-source.js';

/**
 * One user-item event. Ids are tokens (strings), never numbers. `timestamp` is null when the format has
 * none (Amazon user lists: order is the file order). `row` is the 0-based position of the event among
 * the file's events (the last tie-break for equal timestamps); `lineNumber` is the 1-based line it came from.
 * For `delimited` logs `user` is the sequence key (the session id when sequences are sessions), and
 * `timeTieBreak` is the second time key when the layout has two time columns (DIGINETICA's `timeframe`).
 */
export interface Interaction {
  readonly user: string;
  readonly item: string;
  readonly rating: number | null;
  readonly timestamp: number | null;
  readonly timeTieBreak?: number | undefined;
  readonly row: number;
  readonly lineNumber: number;
}

const DEFAULT_COLUMNS: InteractionColumns = { user: 'user_id', item: 'item_id', timestamp: 'timestamp', rating: 'rating' };

/** Makes a format's line parser from the first lines of the file (only `delimited` looks at them). */
interface LineParserFactory {
  readonly needsHead: boolean;
  create(head: ReadonlyArray<TextLine>): InteractionLineParser;
}

function recBoleColumns(options: DecodedInteractionReadOptions): InteractionColumns {
  // decodeInteractionReadOptions has checked that recbole-inter columns are header names.
  const named = Object.entries(options.columns ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return { ...DEFAULT_COLUMNS, ...Object.fromEntries(named) };
}

const PARSERS: Readonly<Record<InteractionFormat, (options: DecodedInteractionReadOptions, path: string) => LineParserFactory>> = {
  'movielens-tsv': () => ({ needsHead: false, create: () => movieLensParser('\t') }),
  'movielens-dat': () => ({ needsHead: false, create: () => movieLensParser('::') }),
  'recbole-inter': (options, path) => ({ needsHead: false, create: () => recBoleParser(recBoleColumns(options), path) }),
  'amazon-user-list': () => ({ needsHead: false, create: () => amazonUserListParser() }),
  delimited: (options, path) => ({
    needsHead: true,
    create: (head) => {
      const layout = resolveInteractionLayout(path, head, options);
      if (E.isLeft(layout)) throw layout.left;
      return delimitedParser(layout.right);
    },
  }),
};

/** Events per chunk yielded by `InteractionSource.chunks` (a line's events are never split across chunks). */
const CHUNK_EVENTS = 4096;

/** A log being read: iterate `chunks` once (file order), then call `finish` for the bad-row report. */
export interface InteractionSource {
  readonly path: string;
  /**
   * Events in file order, in chunks of about 4096 (one await per chunk, not per event, keeps reading fast).
   * Throws RecnasError (IO, DATA_FORMAT) only for problems of the whole file.
   */
  readonly chunks: AsyncIterable<ReadonlyArray<Interaction>>;
  /** After iteration: the report, or DATA_BAD_ROWS_OVER_LIMIT when bad rows exceed `maxBadFraction`. */
  finish(): E.Either<RecnasError, ReadReport>;
}

/**
 * Opens an interaction log for streaming (plain or gzip, LF or CRLF). Bad rows are skipped and counted
 * by reason; fails (Left) only on invalid options.
 */
export function openInteractions(path: string, options: InteractionReadOptions): E.Either<RecnasError, InteractionSource> {
  return pipe(decodeInteractionReadOptions(options), E.map((decoded) => {
    const ledger = new BadRowLedger(path);
    const factory = PARSERS[decoded.format](decoded, path);
    const encoding = decoded.encoding ?? 'utf8';
    async function* chunks(): AsyncGenerator<ReadonlyArray<Interaction>> {
      let row = 0;
      let chunk: Interaction[] = [];
      const consume = (outcome: LineOutcome, lineNumber: number): void => {
        if (outcome.kind === 'skip') return;
        if (outcome.kind === 'bad') {
          ledger.bad(outcome.reason, lineNumber);
          return;
        }
        ledger.good();
        for (const parsed of outcome.rows) {
          // Written out, not spread: spreading makes slow dictionary-mode objects at 100k+ events.
          const { user, item, rating, timestamp, timeTieBreak } = parsed;
          chunk.push({ user, item, rating, timestamp, timeTieBreak, row, lineNumber });
          row += 1;
        }
      };
      let parse = factory.needsHead ? undefined : factory.create([]);
      const head: TextLine[] = [];
      for await (const line of readLines(path, encoding)) {
        if (parse === undefined) {
          head.push(line);
          if (!hasLayoutSample(head)) continue;
          parse = factory.create(head);
          for (const buffered of head) consume(parse(buffered), buffered.lineNumber);
        } else consume(parse(line), line.lineNumber);
        if (chunk.length >= CHUNK_EVENTS) {
          yield chunk;
          chunk = [];
        }
      }
      if (parse === undefined && head.some((line) => line.text.trim() !== '')) {
        parse = factory.create(head);
        for (const buffered of head) consume(parse(buffered), buffered.lineNumber);
      }
      if (chunk.length > 0) yield chunk;
    }
    return { path, chunks: chunks(), finish: () => ledger.finish(decoded.maxBadFraction ?? 0.01) };
  }));
}

/** An interaction log read into memory with its report. */
export interface InteractionLog {
  readonly records: ReadonlyArray<Interaction>;
  readonly report: ReadReport;
}

/** Reads a whole interaction log into memory (for small logs and tests; prefer `openInteractions` + a builder). */
export async function readInteractions(path: string, options: InteractionReadOptions): Promise<E.Either<RecnasError, InteractionLog>> {
  const opened = openInteractions(path, options);
  if (E.isLeft(opened)) return opened;
  const records: Interaction[] = [];
  try {
    for await (const chunk of opened.right.chunks) for (const record of chunk) records.push(record);
  } catch (error) {
    return E.left(toReadFailure(path, error));
  }
  return pipe(opened.right.finish(), E.map((report) => ({ records, report })));
}
