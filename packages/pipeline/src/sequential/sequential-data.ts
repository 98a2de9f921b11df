import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { detectInteractionLayout, loadSequenceDataset, type ReadReport, type SequenceDataset } from '@recnas/data-loaders';
import { interactionReadOptions, type ResolvedSequentialRunConfig } from './sequential-run-config.js';

/** What a sequential run read: sizes, the leave-one-out split, short users and skipped rows (summary.json). */
export interface SequentialDataSummary {
  readonly path: string;
  readonly format: string;
  /** The delimited layout as read (`delimiter ',', header yes, sequence = session_id (column 0), ...`), else null. */
  readonly layout: string | null;
  readonly users: number;
  readonly items: number;
  readonly interactions: number;
  readonly maxLength: number;
  /** Users with fewer than 3 events, and what was done with them (`train-only` or `drop`). */
  readonly shortUsers: number;
  readonly shortUserRule: string;
  readonly trainRows: number;
  readonly testUsers: number;
  /** Lines read, and those skipped by reason (empty lines are not rows). */
  readonly rowsRead: number;
  readonly badRows: number;
  readonly badRowsByReason: Readonly<Record<string, number>>;
  readonly firstBadLines: Readonly<Record<string, ReadonlyArray<number>>>;
}

/**
 * The detected (or configured) layout of a `delimited` log, as one line for people; undefined for the
 * other formats. Left with data-loaders' error (DATA_FORMAT names the file and the header) when unusable.
 */
export async function describeSequentialDataLayout(data: ResolvedSequentialRunConfig['data']): Promise<E.Either<RecnasError, string | undefined>> {
  if (data.format !== 'delimited') return E.right(undefined);
  const { format: _format, maxBadFraction: _limit, ...layoutOptions } = interactionReadOptions(data);
  return E.map((layout: { readonly description: string }) => layout.description)(await detectInteractionLayout(data.path, layoutOptions));
}

function summaryOf(data: ResolvedSequentialRunConfig['data'], layout: string | undefined, dataset: SequenceDataset, report: ReadReport): SequentialDataSummary {
  return {
    path: data.path,
    format: data.format,
    layout: layout ?? null,
    users: dataset.userCount,
    items: dataset.itemCount,
    interactions: dataset.interactionCount,
    maxLength: dataset.maxLength,
    shortUsers: dataset.shortUserCount,
    shortUserRule: dataset.shortUserRule,
    trainRows: dataset.train.rowCount,
    testUsers: dataset.test.rowCount,
    rowsRead: report.rowsRead,
    badRows: report.badRows,
    badRowsByReason: { ...report.badRowsByReason },
    firstBadLines: Object.fromEntries(Object.entries(report.firstBadLines).map(([reason, lines]) => [reason, [...lines]])),
  };
}

/**
 * Reads the run's interaction log into a leave-one-out sequence dataset (data-loaders), with the layout of a
 * delimited log. Left DATA_BAD_ROWS_OVER_LIMIT when skipped rows exceed `data.maxBadFraction`, DATA_EMPTY
 * when no user has a test item, and the reader's errors (IO, DATA_FORMAT) otherwise.
 */
export async function loadSequentialData(
  data: ResolvedSequentialRunConfig['data'],
): Promise<E.Either<RecnasError, { readonly dataset: SequenceDataset; readonly summary: SequentialDataSummary }>> {
  const layout = await describeSequentialDataLayout(data);
  if (E.isLeft(layout)) return layout;
  const loaded = await loadSequenceDataset(data.path, interactionReadOptions(data), { maxLength: data.maxLength, shortUsers: data.shortUsers });
  if (E.isLeft(loaded)) return loaded;
  const { dataset, report } = loaded.right;
  if (dataset.test.rowCount === 0 || dataset.itemCount === 0) {
    return E.left(new RecnasError('DATA_EMPTY', `${data.path}: no user has the 3 events leave-one-out needs (${dataset.userCount} users, ${dataset.shortUserCount} with fewer than 3 events)`, { path: data.path }));
  }
  return E.right({ dataset, summary: summaryOf(data, layout.right, dataset, report) });
}
