import * as t from 'io-ts';
import { strictPartial } from '@recnas/core';
import { BackendNameCodec } from './backend-name.js';

/**
 * What backend selection chose, as recorded in run files: the backend, whether it was forced, why
 * tfjs-node and the native kernels were not used (one line each), the tfjs-core version, wasm SIMD, and the threads one op can use.
 */
export const BackendInfoCodec = strictPartial(
  { name: BackendNameCodec, forced: t.boolean, tfjsVersion: t.string, threads: t.number },
  { tensorflowUnavailableReason: t.string, nativeUnavailableReason: t.string, simd: t.boolean },
  'BackendInfo',
);
export type BackendInfo = t.TypeOf<typeof BackendInfoCodec>;
