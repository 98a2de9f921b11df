import type { BackendName } from '../backend-name.js';
import type { BackendLoader } from './backend-loader.js';
import { cpuLoader } from './cpu-loader.js';
import { nativeLoader } from './native-loader.js';
import { tensorflowLoader } from './tensorflow-loader.js';
import { wasmLoader } from './wasm-loader.js';

/** One loader per backend name: a lookup table, not a switch. */
export const backendLoaders: Readonly<Record<BackendName, BackendLoader>> = {
  tensorflow: tensorflowLoader,
  native: nativeLoader,
  wasm: wasmLoader,
  cpu: cpuLoader,
};
