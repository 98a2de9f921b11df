import * as t from 'io-ts';
import { strictPartial } from '@recnas/core';
import type { BackendInfo } from './backend-info.js';
import { BackendNameCodec } from './backend-name.js';
import { installedTfjsVersions } from './internal/installed-versions.js';
import { loadNativeAddon, NATIVE_BUILD_HINT } from './native/native-addon.js';

/**
 * The kernel set in use. 'stock': the backend's own tfjs kernels; 'native-blas': recnas's native addon
 * (OpenBLAS GEMM, fused elementwise, softmax, strided copies, fused optimizers) on the `native` backend.
 */
export const KernelSetNameCodec = t.keyof({ stock: null, 'native-blas': null }, 'KernelSetName');
export type KernelSetName = t.TypeOf<typeof KernelSetNameCodec>;

/** What `recnas doctor` prints: backend, kernel set, threads, versions, and how to get more speed. */
export const EngineDescriptionCodec = strictPartial(
  {
    backend: BackendNameCodec,
    forced: t.boolean,
    engine: KernelSetNameCodec,
    threads: t.number,
    nodeVersion: t.string,
    tfjsVersions: t.record(t.string, t.string),
    hints: t.array(t.string),
  },
  { simd: t.boolean, tensorflowUnavailableReason: t.string, nativeUnavailableReason: t.string, blasConfig: t.string },
  'EngineDescription',
);
export type EngineDescription = t.TypeOf<typeof EngineDescriptionCodec>;

const TFJS_NODE = '@tensorflow/tfjs-node';

function tensorflowHint(info: BackendInfo, versions: Readonly<Record<string, string>>): string | undefined {
  if (info.name === 'tensorflow' || info.forced) return undefined;
  if (versions[TFJS_NODE] === undefined) {
    return `Install ${TFJS_NODE} (optional) for native TensorFlow kernels; its install step downloads libtensorflow, so it needs internet access.`;
  }
  return (
    `${TFJS_NODE} is installed but did not load (see tensorflowUnavailableReason): its native library is ` +
    `downloaded at install time, so run \`npm rebuild ${TFJS_NODE}\` on a machine with internet access.`
  );
}

function backendHints(info: BackendInfo, versions: Readonly<Record<string, string>>): string[] {
  const hints: string[] = [];
  const tensorflow = tensorflowHint(info, versions);
  if (tensorflow !== undefined) hints.push(tensorflow);
  if (info.forced && info.name !== 'tensorflow') {
    hints.push(`The '${info.name}' backend is forced; unset RECNAS_BACKEND (or the backend option) to let recnas pick the fastest backend that loads.`);
  }
  if (info.name === 'cpu' && !info.forced) {
    // SPEC section 2: stock wasm GEMM 3.6 GFLOP/s vs stock cpu 0.7 GFLOP/s on the reference machine.
    hints.push('The wasm backend did not load (about 5x faster than cpu): check that @tensorflow/tfjs-backend-wasm is installed with its .wasm files.');
  }
  if (info.name === 'wasm' && info.simd === false) {
    hints.push('wasm runs without SIMD (the runtime lacks WebAssembly SIMD or the SIMD binary did not compile); use Node >= 20.');
  }
  if (info.name !== 'native' && info.name !== 'tensorflow') {
    hints.push(`recnas's native kernels are not in use${info.nativeUnavailableReason === undefined ? '' : ` (${info.nativeUnavailableReason})`}; ${NATIVE_BUILD_HINT}.`);
  }
  return hints;
}

function nativeBlasConfig(): string {
  const loaded = loadNativeAddon();
  return loaded.ok ? loaded.addon.blasConfig() : '';
}

/**
 * Describes the engine behind `info` for `recnas doctor`: backend, kernel set, threads, Node and tfjs
 * versions, and hints on what to install for more speed. Reads installed package versions; never throws.
 */
export function describeEngine(info: BackendInfo): EngineDescription {
  const tfjsVersions = installedTfjsVersions();
  return {
    backend: info.name,
    forced: info.forced,
    engine: info.name === 'native' ? 'native-blas' : 'stock',
    threads: info.threads,
    ...(info.simd === undefined ? {} : { simd: info.simd }),
    nodeVersion: process.version,
    tfjsVersions,
    ...(info.tensorflowUnavailableReason === undefined ? {} : { tensorflowUnavailableReason: info.tensorflowUnavailableReason }),
    ...(info.nativeUnavailableReason === undefined ? {} : { nativeUnavailableReason: info.nativeUnavailableReason }),
    ...(info.name === 'native' ? { blasConfig: nativeBlasConfig() } : {}),
    hints: backendHints(info, tfjsVersions),
  };
}
