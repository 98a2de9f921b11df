import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { RecnasError, decodeWith } from '@recnas/core';
import type { ReadReport } from './bad-rows.js';
import type { InteractionReadOptions } from './interaction-read-options.js';
import { openInteractions } from './interactions.js';
import { toReadFailure } from './internal/read-failure.js';
import {
  MIN_LEAVE_ONE_OUT_EVENTS,
  SequenceOptionsCodec,
  leaveOneOutViews,
  type SequenceDataset,
  type SequenceOptions,
} from './sequence-dataset.js';

/** The fields of an event the builder needs (an `Interaction` has them). */
export interface SequenceEvent {
  readonly user: string;
  readonly item: string;
  readonly timestamp: number | null;
  /** Compared when timestamps are equal, before `row` (DIGINETICA's `timeframe`); absent or null sorts first. */
  readonly timeTieBreak?: number | null | undefined;
  readonly row: number;
}

const DEFAULT_MAX_LENGTH = 50;

/** A growable column of numbers in a typed array (doubling), so millions of events stay compact. */
class Column<A extends Int32Array | Float64Array> {
  length = 0;
  constructor(
    public data: A,
    private readonly grow: (capacity: number) => A,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.grow(Math.max(1024, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Collects events one at a time (from a streaming reader) and builds the per-user chronological
 * sequences. Order within a user: ascending timestamp, then ascending `timeTieBreak` when events carry one,
 * then `row` (the event's position in the file), so equal times keep file order; events without a timestamp
 * keep file order.
 */
export class SequenceBuilder {
  private readonly userIndex = new Map<string, number>();
  private readonly userTokens: string[] = [];
  private readonly itemIndex = new Map<string, number>();
  private readonly itemTokens: string[] = [''];
  private readonly users = new Column(new Int32Array(0), (n) => new Int32Array(n));
  private readonly items = new Column(new Int32Array(0), (n) => new Int32Array(n));
  private readonly timestamps = new Column(new Float64Array(0), (n) => new Float64Array(n));
  private readonly tieBreaks = new Column(new Float64Array(0), (n) => new Float64Array(n));
  private readonly rows = new Column(new Float64Array(0), (n) => new Float64Array(n));

  /** Adds one event. Item ids are assigned in order of first appearance (1, 2, ...). */
  add(event: SequenceEvent): void {
    let user = this.userIndex.get(event.user);
    if (user === undefined) {
      user = this.userTokens.length;
      this.userIndex.set(event.user, user);
      this.userTokens.push(event.user);
    }
    let item = this.itemIndex.get(event.item);
    if (item === undefined) {
      item = this.itemTokens.length;
      this.itemIndex.set(event.item, item);
      this.itemTokens.push(event.item);
    }
    this.users.push(user);
    this.items.push(item);
    // A missing timestamp sorts first and falls through to the row tie-break: file order.
    this.timestamps.push(event.timestamp ?? Number.NEGATIVE_INFINITY);
    this.tieBreaks.push(event.timeTieBreak ?? Number.NEGATIVE_INFINITY);
    this.rows.push(event.row);
  }

  /** Events added so far. */
  get size(): number {
    return this.users.length;
  }

  /** Builds the dataset; Left on invalid options or (DATA_EMPTY) when no event was added. */
  build(options: SequenceOptions = {}): E.Either<RecnasError, SequenceDataset> {
    return E.flatMap(decodeWith(SequenceOptionsCodec, options, 'sequence options'), (decoded) => {
      if (this.size === 0) return E.left(new RecnasError('DATA_EMPTY', 'no interactions to build sequences from'));
      const maxLength: number = decoded.maxLength ?? DEFAULT_MAX_LENGTH;
      const shortUserRule = decoded.shortUsers ?? 'train-only';
      const { historyOffsets, historyItems } = this.histories();
      const userCount = this.userTokens.length;
      let shortUserCount = 0;
      for (let user = 0; user < userCount; user++) {
        if ((historyOffsets[user + 1] as number) - (historyOffsets[user] as number) < MIN_LEAVE_ONE_OUT_EVENTS) shortUserCount += 1;
      }
      return E.right({
        userCount,
        itemCount: this.itemTokens.length - 1,
        interactionCount: this.size,
        maxLength,
        shortUserCount,
        shortUserRule,
        userTokens: [...this.userTokens],
        itemTokens: [...this.itemTokens],
        userIndex: new Map(this.userIndex),
        itemIndex: new Map(this.itemIndex),
        historyOffsets,
        historyItems,
        ...leaveOneOutViews(historyOffsets, historyItems, maxLength, shortUserRule),
      });
    });
  }

  private histories(): { historyOffsets: Int32Array; historyItems: Int32Array } {
    const userCount = this.userTokens.length;
    const size = this.size;
    const users = this.users.data;
    // Counting sort by user keeps arrival order within a user; the comparator below makes order explicit.
    const historyOffsets = new Int32Array(userCount + 1);
    for (let i = 0; i < size; i++) {
      const next = (users[i] as number) + 1;
      historyOffsets[next] = (historyOffsets[next] as number) + 1;
    }
    for (let user = 0; user < userCount; user++) {
      historyOffsets[user + 1] = (historyOffsets[user + 1] as number) + (historyOffsets[user] as number);
    }
    const cursor = historyOffsets.slice(0, userCount);
    const order = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const user = users[i] as number;
      const position = cursor[user] as number;
      order[position] = i;
      cursor[user] = position + 1;
    }
    const timestamps = this.timestamps.data;
    const tieBreaks = this.tieBreaks.data;
    const rows = this.rows.data;
    const chronological = (a: number, b: number): number => {
      const ta = timestamps[a] as number;
      const tb = timestamps[b] as number;
      if (ta !== tb) return ta < tb ? -1 : 1;
      const ka = tieBreaks[a] as number;
      const kb = tieBreaks[b] as number;
      if (ka !== kb) return ka < kb ? -1 : 1;
      return (rows[a] as number) - (rows[b] as number);
    };
    for (let user = 0; user < userCount; user++) {
      order.subarray(historyOffsets[user], historyOffsets[user + 1]).sort(chronological);
    }
    const historyItems = new Int32Array(size);
    const items = this.items.data;
    for (let i = 0; i < size; i++) historyItems[i] = items[order[i] as number] as number;
    return { historyOffsets, historyItems };
  }
}

/**
 * Builds per-user sequences and the leave-one-out views from events in memory
 * (see `SequenceBuilder` for the order and `SequenceOptionsCodec` for the options).
 */
export function buildSequenceDataset(
  events: Iterable<SequenceEvent>,
  options: SequenceOptions = {},
): E.Either<RecnasError, SequenceDataset> {
  const builder = new SequenceBuilder();
  for (const event of events) builder.add(event);
  return builder.build(options);
}

/**
 * Streams an interaction log from disk into a sequence dataset; Left when the file cannot be read,
 * its header is unusable, bad rows exceed the limit, or it holds no events.
 * @example
 * const result = await loadSequenceDataset('Beauty.txt', { format: 'amazon-user-list' }, { maxLength: 50 });
 * if (E.isRight(result)) console.log(result.right.dataset.test.target);
 */
export async function loadSequenceDataset(
  path: string,
  readOptions: InteractionReadOptions,
  sequenceOptions: SequenceOptions = {},
): Promise<E.Either<RecnasError, { dataset: SequenceDataset; report: ReadReport }>> {
  const opened = openInteractions(path, readOptions);
  if (E.isLeft(opened)) return opened;
  const builder = new SequenceBuilder();
  try {
    for await (const chunk of opened.right.chunks) for (const record of chunk) builder.add(record);
  } catch (error) {
    return E.left(toReadFailure(path, error));
  }
  return E.flatMap(opened.right.finish(), (report) =>
    pipe(builder.build(sequenceOptions), E.map((dataset) => ({ dataset, report }))),
  );
}
