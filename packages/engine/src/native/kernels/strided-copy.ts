import type { NativeAddon } from '../native-addon.js';

type Values = Float32Array | Int32Array;

/** The same memory as float32 (the native copies move bits, so int32 data copies exactly). */
export function asFloats(values: Values): Float32Array {
  return values instanceof Float32Array ? values : new Float32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * Advances `counter` (an index over dims [0, counter.length) of a box of `size`) by one, like an odometer,
 * and returns how far a position with `strides` over those dims moves (wrapping dims move back).
 */
export function stepOdometer(counter: number[], size: ReadonlyArray<number>, strides: ReadonlyArray<number>): number {
  let delta = 0;
  for (let d = counter.length - 1; d >= 0; d--) {
    counter[d] = (counter[d] as number) + 1;
    delta += strides[d] as number;
    if ((counter[d] as number) < (size[d] as number)) return delta;
    delta -= (counter[d] as number) * (strides[d] as number);
    counter[d] = 0;
  }
  return delta;
}

/**
 * Copies the box `begin` + `size` out of a row-major tensor of shape `shape` into `out` (dense, row-major).
 * The trailing dimensions that are taken whole merge with the last partial one into one contiguous run, so
 * slicing columns of [B, D] is one native call copying B runs, not B x D indexed elements.
 */
export function copyBox(
  values: Values,
  shape: ReadonlyArray<number>,
  begin: ReadonlyArray<number>,
  size: ReadonlyArray<number>,
  out: Values,
  addon: NativeAddon,
): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = values[0] as number;
    return;
  }
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  // The run: dims after `split` are whole; dim `split` is partial (or the first).
  let split = rank - 1;
  while (split > 0 && size[split] === shape[split] && begin[split] === 0) split--;
  const run = (size[split] as number) * (strides[split] as number);
  let base = 0;
  for (let d = 0; d < rank; d++) base += (begin[d] as number) * (strides[d] as number);
  const sourceFloats = asFloats(values);
  const outFloats = asFloats(out);
  if (split === 0) {
    addon.copyRuns(sourceFloats, base, 0, outFloats, 0, run, 1, run); // the box is one contiguous run
    return;
  }
  // One native call per position of dims [0, split - 1): it copies the size[split - 1] runs of dim split - 1.
  const outer = split - 1;
  const count = size[outer] as number;
  const counter = new Array<number>(outer).fill(0);
  let source = base;
  for (let target = 0; target < out.length; target += count * run) {
    addon.copyRuns(sourceFloats, source, strides[outer] as number, outFloats, target, run, count, run);
    source += stepOdometer(counter, size, strides);
  }
}
