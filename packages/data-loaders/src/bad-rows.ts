import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';

/** Why a row was skipped. */
export type BadRowReason =
  | 'too-many-fields'
  | 'missing-label'
  | 'invalid-label'
  | 'non-numeric-integer'
  | 'invalid-hex'
  | 'invalid-number'
  | 'too-few-fields'
  | 'invalid-timestamp'
  | 'empty-id'
  | 'non-integer-id'
  | 'invalid-quoting'
  | 'record-too-long';

/** What a reader reports for one file once it has read it. */
export interface ReadReport {
  readonly path: string;
  readonly rowsRead: number;
  readonly goodRows: number;
  readonly badRows: number;
  /** Skipped rows per reason. */
  readonly badRowsByReason: Readonly<Partial<Record<BadRowReason, number>>>;
  /** The first few 1-based line numbers per reason, for finding them in the file. */
  readonly firstBadLines: Readonly<Partial<Record<BadRowReason, ReadonlyArray<number>>>>;
  /**
   * Good rows in which a dense field was missing (empty or trimmed away; its value became 0), by field name.
   * Categorical fields need no count here: a missing categorical is id 0 in the batch.
   */
  readonly missingDenseValues: Readonly<Record<string, number>>;
}

const FIRST_LINES_KEPT = 5;

/** Counts skipped rows by reason while a file is read; `finish` applies the bad-fraction limit. */
export class BadRowLedger {
  private rowsRead = 0;
  private badRows = 0;
  private readonly byReason: Partial<Record<BadRowReason, number>> = {};
  private readonly firstLines: Partial<Record<BadRowReason, number[]>> = {};
  private readonly missingDense: Record<string, number> = {};

  constructor(readonly path: string) {}

  /** Records one good row. */
  good(): void {
    this.rowsRead += 1;
  }

  /** Records one skipped row at a 1-based line number. */
  bad(reason: BadRowReason, lineNumber: number): void {
    this.rowsRead += 1;
    this.badRows += 1;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    const lines = (this.firstLines[reason] ??= []);
    if (lines.length < FIRST_LINES_KEPT) lines.push(lineNumber);
  }

  /** Records how many good rows had the dense field `field` missing. */
  missing(field: string, count: number): void {
    this.missingDense[field] = count;
  }

  report(): ReadReport {
    return {
      path: this.path,
      rowsRead: this.rowsRead,
      goodRows: this.rowsRead - this.badRows,
      badRows: this.badRows,
      badRowsByReason: { ...this.byReason },
      firstBadLines: Object.fromEntries(Object.entries(this.firstLines).map(([k, v]) => [k, [...v]])),
      missingDenseValues: { ...this.missingDense },
    };
  }

  /**
   * The report, or DATA_BAD_ROWS_OVER_LIMIT when skipped rows exceed `maxBadFraction` of the rows read
   * (default 1%). The error's details carry the full report, so nothing already counted is lost.
   */
  finish(maxBadFraction = 0.01): E.Either<RecnasError, ReadReport> {
    const report = this.report();
    if (report.rowsRead > 0 && report.badRows / report.rowsRead > maxBadFraction) {
      const reasons = Object.entries(report.badRowsByReason)
        .map(([reason, count]) => `${reason}: ${count} (first at lines ${(report.firstBadLines[reason as BadRowReason] ?? []).join(', ')})`)
        .join('; ');
      return E.left(
        new RecnasError(
          'DATA_BAD_ROWS_OVER_LIMIT',
          `${this.path}: ${report.badRows} of ${report.rowsRead} rows are bad ` +
            `(${((100 * report.badRows) / report.rowsRead).toFixed(2)}% > ${(100 * maxBadFraction).toFixed(2)}%): ${reasons}`,
          { report },
        ),
      );
    }
    return E.right(report);
  }
}
