import type { Batch } from '@recnas/core';
import type { ReadReport } from '@recnas/data-loaders';

/** Chunks the reader worker may run ahead of the consumer (bounds the memory of a fast reader). */
export const READ_AHEAD_CHUNKS = 8;

/** A RecnasError as it crosses the thread boundary. */
export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What the reader worker posts: parsed chunks, then one end message with the pass's report. */
export type ReaderWorkerMessage =
  | { readonly type: 'chunk'; readonly chunk: Batch; readonly progress: { readonly bytesRead: number; readonly totalBytes: number } }
  | {
      readonly type: 'end';
      readonly report: { readonly ok: true; readonly value: ReadReport } | { readonly ok: false; readonly error: SerializedError; readonly thrown?: boolean };
    };
