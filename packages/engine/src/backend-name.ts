import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { RecnasError } from '@recnas/core';

/** The TensorFlow.js backends recnas can run on, as `RECNAS_BACKEND` spells them. */
export const BackendNameCodec = t.keyof({ tensorflow: null, native: null, wasm: null, cpu: null }, 'BackendName');
export type BackendName = t.TypeOf<typeof BackendNameCodec>;

/**
 * Preference order of automatic selection: tfjs-node (TensorFlow's own kernels), then `native` (recnas's
 * OpenBLAS addon on the cpu backend's storage), then wasm (SIMD), then cpu.
 */
export const backendPreferenceOrder: ReadonlyArray<BackendName> = ['tensorflow', 'native', 'wasm', 'cpu'];

/**
 * Decodes a user-supplied backend name. `source` names where it came from (`RECNAS_BACKEND`, `backend`)
 * and starts the message: `RECNAS_BACKEND: expected one of tensorflow, native, wasm, cpu, got "gpu"`.
 */
export function parseBackendName(value: unknown, source: string): E.Either<RecnasError, BackendName> {
  if (BackendNameCodec.is(value)) return E.right(value);
  const valid = [...backendPreferenceOrder];
  const got = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return E.left(
    new RecnasError('CONFIG_INVALID', `${source}: expected one of ${valid.join(', ')}, got ${got}`, {
      source,
      value,
      valid,
    }),
  );
}
