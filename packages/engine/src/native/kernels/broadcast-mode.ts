/** An elementwise op's loop, as the native `binary` takes it: the output shape and each operand's strides. */
export interface BinaryLayout {
  readonly shape: Int32Array;
  readonly aStrides: Int32Array;
  readonly bStrides: Int32Array;
}

function stridesOf(shape: ReadonlyArray<number>, out: ReadonlyArray<number>): number[] {
  const rank = out.length;
  const padded = [...Array.from({ length: rank - shape.length }, () => 1), ...shape];
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = padded[d] === 1 ? 0 : stride; // a size-1 dim is broadcast (or trivially indexed)
    stride *= padded[d] as number;
  }
  return strides;
}

/**
 * The loop of `a op b` broadcast to `out` (numpy rules, already validated), with the output's size-1 dims
 * dropped and adjacent dims merged where both operands are contiguous across them (or broadcast across
 * both), e.g. [512, 64, 16] x [1, 64, 1] stays 3-D, [512, 33] + [33] is [512, 33] with b strides [0, 1],
 * and same shapes collapse to one dim.
 */
export function binaryLayout(aShape: ReadonlyArray<number>, bShape: ReadonlyArray<number>, out: ReadonlyArray<number>): BinaryLayout {
  const aAll = stridesOf(aShape, out);
  const bAll = stridesOf(bShape, out);
  const dims: Array<{ size: number; a: number; b: number }> = [];
  out.forEach((size, d) => {
    if (size !== 1) dims.push({ size, a: aAll[d] as number, b: bAll[d] as number });
  });
  const merged: Array<{ size: number; a: number; b: number }> = [];
  for (const dim of dims) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.a === dim.a * dim.size && last.b === dim.b * dim.size) {
      merged[merged.length - 1] = { size: last.size * dim.size, a: dim.a, b: dim.b };
    } else {
      merged.push({ ...dim });
    }
  }
  if (merged.length === 0) merged.push({ size: 1, a: 0, b: 0 });
  return {
    shape: Int32Array.from(merged, (dim) => dim.size),
    aStrides: Int32Array.from(merged, (dim) => dim.a),
    bStrides: Int32Array.from(merged, (dim) => dim.b),
  };
}
