import { RecnasError } from '@recnas/core';

/** A fake-quantized weight matrix: the dequantized values and the step (scale) of each output channel. */
export interface FakeQuantizedMatrix {
  /** `[rows, cols]` row-major, every value `q * scale[col]` with `q` an integer in `[-qmax, qmax]`. */
  readonly values: Float32Array;
  /** Per output channel (column): `max_i |w[i, col]| / qmax`, 0 for an all-zero column. */
  readonly scales: Float64Array;
}

/** Largest integer level of a symmetric signed `bits`-bit quantizer: `2^(bits - 1) - 1` (7 for 4 bits, 127 for 8). */
export function symmetricLevels(bits: number): number {
  return 2 ** (bits - 1) - 1;
}

/**
 * Symmetric, per-output-channel, round-to-nearest fake quantization of a weight matrix `[rows, cols]`
 * (row-major; output channel = column, the layout of every FC kernel `x W`): for each column,
 * `scale = max_i |w[i, col]| / qmax` with `qmax = 2^(bits - 1) - 1` (the sign takes one of the `bits`),
 * `q = round(w * qmax / max|w|)` rounding half away from zero, clamped to `[-qmax, qmax]`, and the value
 * becomes `q * scale` (computed in float64, stored as float32). No zero point; an all-zero column stays zero.
 * Throws CONFIG_INVALID for fewer than 2 bits (no non-zero level).
 */
export function fakeQuantizePerOutputChannel(values: Float32Array, rows: number, cols: number, bits: number): FakeQuantizedMatrix {
  if (!Number.isInteger(bits) || bits < 2) throw new RecnasError('CONFIG_INVALID', `weight quantization: expected at least 2 bits, got ${bits}`, { bits });
  if (values.length !== rows * cols) throw new RecnasError('INVARIANT', `weight quantization: ${values.length} values for a [${rows}, ${cols}] matrix`);
  const qmax = symmetricLevels(bits);
  const quantized = new Float32Array(values.length);
  const scales = new Float64Array(cols);
  for (let col = 0; col < cols; col += 1) {
    let maxAbs = 0;
    for (let row = 0; row < rows; row += 1) maxAbs = Math.max(maxAbs, Math.abs(values[row * cols + col] as number));
    scales[col] = maxAbs / qmax;
    if (maxAbs === 0) continue;
    for (let row = 0; row < rows; row += 1) {
      const at = row * cols + col;
      const scaled = ((values[at] as number) * qmax) / maxAbs;
      const level = Math.min(qmax, Math.max(-qmax, Math.sign(scaled) * Math.round(Math.abs(scaled))));
      quantized[at] = (level * maxAbs) / qmax;
    }
  }
  return { values: quantized, scales };
}
