import * as t from 'io-ts';
import { PositiveIntCodec, strictPartial, type PositiveInt } from '@recnas/core';

/**
 * Options of the sequence builder. `maxLength` L (default 50): input sequences keep the most recent L
 * items, left-padded with 0. `shortUsers` says what happens to users with fewer than 3 events, who cannot
 * give a training, a validation and a test item: `train-only` (default, as SASRec's `data_partition`)
 * keeps all their events for training and leaves them out of validation and test; `drop` leaves them out
 * of every view (they stay in the id maps and the full histories).
 */
export interface SequenceOptions {
  readonly maxLength?: number;
  readonly shortUsers?: ShortUserRule;
}
interface DecodedSequenceOptions {
  readonly maxLength?: PositiveInt;
  readonly shortUsers?: ShortUserRule;
}

/** What happens to users with fewer than 3 events (see `SequenceOptions`). */
export type ShortUserRule = 'train-only' | 'drop';
export const SequenceOptionsCodec: t.Type<DecodedSequenceOptions, SequenceOptions, unknown> = strictPartial(
  {},
  { maxLength: PositiveIntCodec, shortUsers: t.keyof({ 'train-only': null, drop: null }, 'ShortUserRule') },
  'SequenceOptions',
);

/** Fewest events a user needs for leave-one-out: one to train on, one to validate, one to test. */
export const MIN_LEAVE_ONE_OUT_EVENTS = 3;

/** Rows of users with `maxLength`-wide, left-padded (0 = padding) input sequences; row r is user `users[r]`. */
export interface SequenceView {
  readonly rowCount: number;
  readonly maxLength: number;
  /** Dense user index of each row. */
  readonly users: Int32Array;
  /** `[rowCount x maxLength]`, row-major; the most recent item is in the last column. */
  readonly input: Int32Array;
}

/** Training view for next-item prediction: `target[r * L + j]` is the item after `input[r * L + j]` (0 = none). */
export interface NextItemView extends SequenceView {
  readonly target: Int32Array;
}

/** Validation or test view: `target[r]` is the held-out item that follows row r's input. */
export interface HoldOutView extends SequenceView {
  readonly target: Int32Array;
}

/**
 * Per-user chronological sequences with a leave-one-out split, ready for a SASRec-style model.
 * Item ids are dense 1..itemCount in order of first appearance in the file (0 = padding);
 * users are dense 0..userCount-1 in order of first appearance. For a user with events s1..sn (n >= 3):
 * test input = s1..s(n-1), target sn; validation input = s1..s(n-2), target s(n-1);
 * training input = s1..s(n-3) with next-item targets s2..s(n-2). Inputs keep the last `maxLength` items.
 */
export interface SequenceDataset {
  readonly userCount: number;
  readonly itemCount: number;
  readonly interactionCount: number;
  readonly maxLength: number;
  /** Users (sequences) with fewer than 3 events (`MIN_LEAVE_ONE_OUT_EVENTS`), handled by `shortUserRule`. */
  readonly shortUserCount: number;
  /** The rule applied to short users: `train-only` (in training only) or `drop` (in no view). */
  readonly shortUserRule: ShortUserRule;
  /** `userTokens[u]` is the original id of dense user u. */
  readonly userTokens: ReadonlyArray<string>;
  /** `itemTokens[id]` is the original id of dense item id (`itemTokens[0]` is '' for padding). */
  readonly itemTokens: ReadonlyArray<string>;
  readonly userIndex: ReadonlyMap<string, number>;
  readonly itemIndex: ReadonlyMap<string, number>;
  /** Full chronological histories (CSR): user u's items are `historyItems[historyOffsets[u] .. historyOffsets[u + 1])`. */
  readonly historyOffsets: Int32Array;
  readonly historyItems: Int32Array;
  readonly train: NextItemView;
  readonly validation: HoldOutView;
  readonly test: HoldOutView;
}

/** Copies the last `maxLength` of `items[start, end)` right-aligned into row `row` of `dest`. */
function fillLeftPadded(dest: Int32Array, row: number, maxLength: number, items: Int32Array, start: number, end: number): void {
  const from = Math.max(start, end - maxLength);
  dest.set(items.subarray(from, end), row * maxLength + maxLength - (end - from));
}

function emptyView(rowCount: number, maxLength: number, targetWidth: number): NextItemView {
  return {
    rowCount,
    maxLength,
    users: new Int32Array(rowCount),
    input: new Int32Array(rowCount * maxLength),
    target: new Int32Array(rowCount * targetWidth),
  };
}

/**
 * Builds the leave-one-out views from full histories (CSR). Users with fewer than 3 events follow
 * `shortUsers`; `maxLength` is L.
 */
export function leaveOneOutViews(
  historyOffsets: Int32Array,
  historyItems: Int32Array,
  maxLength: number,
  shortUsers: ShortUserRule,
): { train: NextItemView; validation: HoldOutView; test: HoldOutView } {
  const userCount = historyOffsets.length - 1;
  const lengthOf = (user: number): number => (historyOffsets[user + 1] as number) - (historyOffsets[user] as number);
  let heldOutRows = 0;
  for (let user = 0; user < userCount; user++) if (lengthOf(user) >= MIN_LEAVE_ONE_OUT_EVENTS) heldOutRows += 1;
  const trainRows = shortUsers === 'train-only' ? userCount : heldOutRows;
  const train = emptyView(trainRows, maxLength, maxLength);
  const validation = emptyView(heldOutRows, maxLength, 1);
  const test = emptyView(heldOutRows, maxLength, 1);
  let trainRow = 0;
  let heldOutRow = 0;
  for (let user = 0; user < userCount; user++) {
    const start = historyOffsets[user] as number;
    const end = historyOffsets[user + 1] as number;
    const long = end - start >= MIN_LEAVE_ONE_OUT_EVENTS;
    if (long) {
      validation.users[heldOutRow] = user;
      fillLeftPadded(validation.input, heldOutRow, maxLength, historyItems, start, end - 2);
      validation.target[heldOutRow] = historyItems[end - 2] as number;
      test.users[heldOutRow] = user;
      fillLeftPadded(test.input, heldOutRow, maxLength, historyItems, start, end - 1);
      test.target[heldOutRow] = historyItems[end - 1] as number;
      heldOutRow += 1;
    }
    if (long || shortUsers === 'train-only') {
      // Training items are everything before the validation item (all items for a short user).
      const trainEnd = long ? end - 2 : end;
      train.users[trainRow] = user;
      if (trainEnd - start >= 2) {
        fillLeftPadded(train.input, trainRow, maxLength, historyItems, start, trainEnd - 1);
        fillLeftPadded(train.target, trainRow, maxLength, historyItems, start + 1, trainEnd);
      }
      trainRow += 1;
    }
  }
  return { train, validation, test };
}
