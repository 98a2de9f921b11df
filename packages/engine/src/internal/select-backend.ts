import * as tf from '@tensorflow/tfjs-core';
import { RecnasError } from '@recnas/core';
import type { BackendInfo } from '../backend-info.js';
import { backendPreferenceOrder, type BackendName } from '../backend-name.js';
import type { LoadOutcome } from './backend-loader.js';
import { backendLoaders } from './backend-loaders.js';

/** A backend the caller insists on, and where that came from (`RECNAS_BACKEND`, `options.backend`). */
export interface ForcedBackend {
  readonly name: BackendName;
  readonly source: string;
}

/** The chosen backend and the one log line that announces it. */
export interface Selection {
  readonly info: BackendInfo;
  readonly logLine: string;
}

type Success = Extract<LoadOutcome, { ok: true }>;

function toInfo(name: BackendName, outcome: Success, forced: boolean, tensorflowReason?: string, nativeReason?: string): BackendInfo {
  return Object.freeze({
    name,
    forced,
    tfjsVersion: tf.version_core,
    threads: outcome.threads,
    ...(outcome.simd === undefined ? {} : { simd: outcome.simd }),
    ...(tensorflowReason === undefined ? {} : { tensorflowUnavailableReason: tensorflowReason }),
    ...(nativeReason === undefined ? {} : { nativeUnavailableReason: nativeReason }),
  });
}

async function selectForced(forced: ForcedBackend): Promise<Selection> {
  const outcome = await backendLoaders[forced.name].load();
  if (!outcome.ok) {
    throw new RecnasError(
      'BACKEND_UNAVAILABLE',
      `backend '${forced.name}' was forced by ${forced.source} but is unavailable: ${outcome.reason}`,
      { backend: forced.name, source: forced.source, reason: outcome.reason },
    );
  }
  return { info: toInfo(forced.name, outcome, true), logLine: `[recnas] backend: ${forced.name} (forced by ${forced.source})` };
}

async function selectAutomatically(): Promise<Selection> {
  const failures: Array<{ name: BackendName; reason: string }> = [];
  for (const name of backendPreferenceOrder) {
    const outcome = await backendLoaders[name].load();
    if (!outcome.ok) {
      failures.push({ name, reason: outcome.reason });
      continue;
    }
    const tensorflowReason = failures.find((failure) => failure.name === 'tensorflow')?.reason;
    const nativeReason = failures.find((failure) => failure.name === 'native')?.reason;
    const because = failures.map((failure) => `${failure.name === 'tensorflow' ? 'tfjs-node' : failure.name} unavailable: ${failure.reason}`);
    const logLine = `[recnas] backend: ${name}${because.length === 0 ? '' : ` (${because.join('; ')})`}`;
    return { info: toInfo(name, outcome, false, tensorflowReason, nativeReason), logLine };
  }
  const summary = failures.map((failure) => `${failure.name}: ${failure.reason}`).join('; ');
  throw new RecnasError('BACKEND_UNAVAILABLE', `no TensorFlow.js backend could be loaded (${summary})`, { failures });
}

/** Loads the forced backend, or the first of tensorflow, native, wasm, cpu that loads. Rejects with BACKEND_UNAVAILABLE. */
export function selectBackend(forced: ForcedBackend | undefined): Promise<Selection> {
  return forced === undefined ? selectAutomatically() : selectForced(forced);
}
