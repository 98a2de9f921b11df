import type { NativeAddon } from '../native-addon.js';

const ADD = 0;

/** values[r, c] += bias[c] (bias of length `columns`) or += bias[0] (length 1), in place. */
export function addBiasInPlace(addon: NativeAddon, values: Float32Array, bias: Float32Array, columns: number): void {
  const rows = values.length / columns;
  const biasStride = bias.length === 1 ? 0 : 1;
  addon.binary(ADD, values, bias, values, Int32Array.of(rows, columns), Int32Array.of(columns, 1), Int32Array.of(0, biasStride));
}

/** The activations `_FusedMatMul` supports here, in place (tfjs's definitions). */
export function applyActivationInPlace(values: Float32Array, activation: 'linear' | 'relu' | 'sigmoid'): void {
  if (activation === 'relu') {
    // tfjs's relu keeps NaN: x < 0 ? 0 : x.
    for (let i = 0; i < values.length; i++) if ((values[i] as number) < 0) values[i] = 0;
  } else if (activation === 'sigmoid') {
    for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-(values[i] as number)));
  }
}
