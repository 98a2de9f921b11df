import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { NonNegativeIntCodec, RecnasError, decodeWith, type Batch } from '@recnas/core';

/*
 * A batch file holds parsed batches on disk, so that a split part of any size can be read again and again with
 * memory flat in its length (docs/decisions/0019-streamed-splits.md). Layout, little-endian:
 *   "RNBATCH1"
 *   per batch: uint32 size, uint32 denseCount, uint32 sparseCount, float32 dense[size x denseCount],
 *              int32 sparse[size x sparseCount], float32 label[size]
 *   footer: UTF-8 JSON (`BatchFileFooterCodec`), uint32 its byte length, "RNBATCHE"
 * The file is written under a temporary name and renamed when complete, so a reader never sees a partial one.
 */
const HEAD_MAGIC = Buffer.from('RNBATCH1', 'latin1');
const TAIL_MAGIC = Buffer.from('RNBATCHE', 'latin1');
const RECORD_HEADER_BYTES = 12;
const TAIL_BYTES = 4 + TAIL_MAGIC.length;

/** What the footer of a batch file records: counts, the batches' feature counts and the writer's metadata. */
export const BatchFileFooterCodec = t.type(
  {
    version: t.literal(1),
    batches: NonNegativeIntCodec,
    rows: NonNegativeIntCodec,
    denseCount: NonNegativeIntCodec,
    sparseCount: NonNegativeIntCodec,
    /** Bytes of the records (between the head magic and the footer). */
    recordBytes: NonNegativeIntCodec,
    meta: t.record(t.string, t.unknown),
  },
  'BatchFileFooter',
);
export type BatchFileFooter = t.TypeOf<typeof BatchFileFooterCodec>;

function corrupt(path: string, what: string, details: Record<string, unknown> = {}): RecnasError {
  return new RecnasError('DATA_FORMAT', `batch file ${path}: ${what}`, { path, ...details });
}

/** Writes batches to a batch file: `append` each batch, then `finish` (or `abort` to leave nothing behind). */
export class BatchFileWriter {
  private batches = 0;
  private rows = 0;
  private recordBytes = 0;
  private shape: { denseCount: number; sparseCount: number } | undefined;

  private constructor(
    readonly path: string,
    private readonly temporary: string,
    private fd: number | undefined,
  ) {}

  /** Opens a temporary file next to `path` (the directory must exist); fails with IO. */
  static create(path: string): E.Either<RecnasError, BatchFileWriter> {
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
    try {
      const fd = openSync(temporary, 'w');
      writeSync(fd, HEAD_MAGIC);
      return E.right(new BatchFileWriter(path, temporary, fd));
    } catch (error) {
      return E.left(new RecnasError('IO', `cannot write batch file ${path}: ${(error as Error).message}`, { path }, { cause: error }));
    }
  }

  /** Appends one batch (empty batches are skipped); every batch must have the first one's feature counts. */
  append(batch: Batch): void {
    if (batch.size === 0) return;
    const fd = this.openFd();
    this.shape ??= { denseCount: batch.denseCount, sparseCount: batch.sparseCount };
    if (batch.denseCount !== this.shape.denseCount || batch.sparseCount !== this.shape.sparseCount) {
      throw new RecnasError('INVARIANT', `batch file ${this.path}: a batch has ${batch.denseCount}/${batch.sparseCount} dense/sparse features, the file ${this.shape.denseCount}/${this.shape.sparseCount}`);
    }
    const header = Buffer.alloc(RECORD_HEADER_BYTES);
    header.writeUInt32LE(batch.size, 0);
    header.writeUInt32LE(batch.denseCount, 4);
    header.writeUInt32LE(batch.sparseCount, 8);
    const parts = [header, bytesOf(batch.dense, batch.size * batch.denseCount), bytesOf(batch.sparse, batch.size * batch.sparseCount), bytesOf(batch.label, batch.size)];
    for (const part of parts) {
      writeSync(fd, part);
      this.recordBytes += part.byteLength;
    }
    this.batches += 1;
    this.rows += batch.size;
  }

  /** Writes the footer with `meta`, flushes and renames the file into place; returns the footer. */
  finish(meta: Record<string, unknown> = {}): BatchFileFooter {
    const fd = this.openFd();
    const footer: BatchFileFooter = {
      version: 1,
      batches: this.batches as BatchFileFooter['batches'],
      rows: this.rows as BatchFileFooter['rows'],
      denseCount: (this.shape?.denseCount ?? 0) as BatchFileFooter['denseCount'],
      sparseCount: (this.shape?.sparseCount ?? 0) as BatchFileFooter['sparseCount'],
      recordBytes: this.recordBytes as BatchFileFooter['recordBytes'],
      meta,
    };
    const json = Buffer.from(JSON.stringify(footer), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.byteLength, 0);
    writeSync(fd, json);
    writeSync(fd, length);
    writeSync(fd, TAIL_MAGIC);
    fsyncSync(fd);
    closeSync(fd);
    this.fd = undefined;
    renameSync(this.temporary, this.path);
    return footer;
  }

  /** Closes and deletes the temporary file (after a failure). */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.temporary, { force: true });
  }

  private openFd(): number {
    if (this.fd === undefined) throw new RecnasError('INVARIANT', `batch file ${this.path} is already finished or aborted`);
    return this.fd;
  }
}

function bytesOf(values: Float32Array | Int32Array, length: number): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, length * 4);
}

/**
 * The batches of a batch file, read from disk on every pass (`for (const batch of stored)`), one batch in
 * memory at a time: an `Iterable<Batch>` that evaluation, fine-tuning and retraining take as they take arrays.
 * A record that does not match the footer throws DATA_FORMAT naming the file and the byte offset.
 */
export class StoredBatches implements Iterable<Batch> {
  private constructor(
    readonly path: string,
    readonly footer: BatchFileFooter,
  ) {}

  /** Opens a batch file and checks its footer; fails with IO (cannot read) or DATA_FORMAT (not a complete batch file). */
  static open(path: string): E.Either<RecnasError, StoredBatches> {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      return E.left(new RecnasError('IO', `cannot read batch file ${path}: ${(error as Error).message}`, { path }, { cause: error }));
    }
    try {
      const size = fstatSync(fd).size;
      if (size < HEAD_MAGIC.length + TAIL_BYTES) return E.left(corrupt(path, `${size} bytes is too short`));
      const head = Buffer.alloc(HEAD_MAGIC.length);
      readSync(fd, head, 0, head.length, 0);
      const tail = Buffer.alloc(TAIL_BYTES);
      readSync(fd, tail, 0, TAIL_BYTES, size - TAIL_BYTES);
      if (!head.equals(HEAD_MAGIC) || !tail.subarray(4).equals(TAIL_MAGIC)) return E.left(corrupt(path, 'not a complete batch file (magic bytes missing)'));
      const footerLength = tail.readUInt32LE(0);
      const footerStart = size - TAIL_BYTES - footerLength;
      if (footerStart < HEAD_MAGIC.length) return E.left(corrupt(path, `footer length ${footerLength} does not fit in ${size} bytes`));
      const json = Buffer.alloc(footerLength);
      readSync(fd, json, 0, footerLength, footerStart);
      let parsed: unknown;
      try {
        parsed = JSON.parse(json.toString('utf8'));
      } catch {
        return E.left(corrupt(path, 'the footer is not JSON'));
      }
      return E.flatMap(decodeWith(BatchFileFooterCodec, parsed, `batch file ${path} footer`), (footer) =>
        footer.recordBytes === footerStart - HEAD_MAGIC.length
          ? E.right(new StoredBatches(path, footer))
          : E.left(corrupt(path, `the footer counts ${footer.recordBytes} record bytes, the file has ${footerStart - HEAD_MAGIC.length}`)),
      );
    } finally {
      closeSync(fd);
    }
  }

  /** Rows over all batches. */
  get rows(): number {
    return this.footer.rows;
  }

  /** Number of batches. */
  get batchCount(): number {
    return this.footer.batches;
  }

  /** The writer's metadata. */
  get meta(): Readonly<Record<string, unknown>> {
    return this.footer.meta;
  }

  *[Symbol.iterator](): Iterator<Batch> {
    const fd = openSync(this.path, 'r');
    try {
      let offset = HEAD_MAGIC.length;
      const end = HEAD_MAGIC.length + this.footer.recordBytes;
      const header = Buffer.alloc(RECORD_HEADER_BYTES);
      for (let index = 0; index < this.footer.batches; index++) {
        if (readSync(fd, header, 0, RECORD_HEADER_BYTES, offset) !== RECORD_HEADER_BYTES) throw corrupt(this.path, `batch ${index} at byte ${offset} is cut short`, { offset });
        const size = header.readUInt32LE(0);
        const denseCount = header.readUInt32LE(4);
        const sparseCount = header.readUInt32LE(8);
        const bytes = 4 * size * (denseCount + sparseCount + 1);
        if (denseCount !== this.footer.denseCount || sparseCount !== this.footer.sparseCount || size === 0 || offset + RECORD_HEADER_BYTES + bytes > end) {
          throw corrupt(this.path, `batch ${index} at byte ${offset} has a bad header (size ${size}, ${denseCount}/${sparseCount} features)`, { offset, index });
        }
        const body = new ArrayBuffer(bytes);
        if (readSync(fd, new Uint8Array(body), 0, bytes, offset + RECORD_HEADER_BYTES) !== bytes) throw corrupt(this.path, `batch ${index} at byte ${offset} is cut short`, { offset });
        offset += RECORD_HEADER_BYTES + bytes;
        yield {
          size,
          denseCount,
          sparseCount,
          dense: new Float32Array(body, 0, size * denseCount),
          sparse: new Int32Array(body, 4 * size * denseCount, size * sparseCount),
          label: new Float32Array(body, 4 * size * (denseCount + sparseCount), size),
        };
      }
    } finally {
      closeSync(fd);
    }
  }
}
