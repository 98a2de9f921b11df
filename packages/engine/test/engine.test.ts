import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRecnasError } from '@recnas/core';
import { BackendInfoCodec, createEngine, initBackend, tf, type BackendName } from '../src/index.js';
import { loadNativeAddon } from '../src/native/native-addon.js';

// tfjs keeps one global engine per process: every test here re-selects the backend it needs, and
// vitest runs each test file in its own forked process (pool: 'forks').

function collectingLogger(): { lines: string[]; logger: (line: string) => void } {
  const lines: string[] = [];
  return { lines, logger: (line) => lines.push(line) };
}

/** Whether tfjs-node loads on this machine, judged independently of the engine. */
async function tfjsNodeLoads(): Promise<boolean> {
  const specifier = '@tensorflow/tfjs-node';
  try {
    await import(specifier);
    return true;
  } catch {
    return false;
  }
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createEngine', () => {
  it('picks tensorflow when tfjs-node loads, else native when the addon is built, else wasm, with one-line reasons', async () => {
    const { lines, logger } = collectingLogger();
    const info = await createEngine({ env: {}, logger }).initBackend();
    expect(BackendInfoCodec.is(info)).toBe(true);
    expect(info.forced).toBe(false);
    expect(tf.getBackend()).toBe(info.name);
    if (await tfjsNodeLoads()) {
      expect(info.name).toBe('tensorflow');
      expect(info.tensorflowUnavailableReason).toBeUndefined();
      expect(lines).toEqual(['[recnas] backend: tensorflow']);
      return;
    }
    const reason = info.tensorflowUnavailableReason ?? '';
    expect(reason).not.toBe('');
    expect(reason).not.toContain('\n');
    if (loadNativeAddon().ok) {
      expect(info.name).toBe('native');
      expect(info.threads).toBeGreaterThanOrEqual(1);
      expect(lines).toEqual([`[recnas] backend: native (tfjs-node unavailable: ${reason})`]);
    } else {
      expect(info.name).toBe('wasm');
      expect(info.simd).toBe(true);
      expect(info.threads).toBe(1);
      const nativeReason = info.nativeUnavailableReason ?? '';
      expect(nativeReason).toContain('libopenblas-dev');
      expect(lines).toEqual([`[recnas] backend: wasm (tfjs-node unavailable: ${reason}; native unavailable: ${nativeReason})`]);
    }
  });

  it('falls back to wasm with the reason and the fix in one line when the native kernels are disabled', async () => {
    vi.stubEnv('RECNAS_NATIVE', '0');
    const { lines, logger } = collectingLogger();
    const info = await createEngine({ env: {}, logger }).initBackend();
    if (info.name === 'tensorflow') return;
    expect(info.name).toBe('wasm');
    expect(info.nativeUnavailableReason).toBe('disabled by RECNAS_NATIVE=0');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('native unavailable: disabled by RECNAS_NATIVE=0');
  });

  it('logs exactly once and returns the same info across two calls', async () => {
    const { lines, logger } = collectingLogger();
    const engine = createEngine({ env: {}, logger });
    const first = await engine.initBackend();
    const second = await engine.initBackend();
    expect(second).toBe(first);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[recnas\] backend: (tensorflow|native|wasm|cpu)/);
  });

  it('shares one selection between concurrent calls', async () => {
    const { lines, logger } = collectingLogger();
    const engine = createEngine({ env: {}, logger });
    const [a, b] = await Promise.all([engine.initBackend(), engine.initBackend()]);
    expect(a).toBe(b);
    expect(lines).toHaveLength(1);
  });

  it('forces cpu through the backend option and reports it as forced', async () => {
    const { lines, logger } = collectingLogger();
    const info = await createEngine({ backend: 'cpu', env: {}, logger }).initBackend();
    expect(info).toMatchObject({ name: 'cpu', forced: true, threads: 1 });
    expect(info.tensorflowUnavailableReason).toBeUndefined();
    expect(tf.getBackend()).toBe('cpu');
    expect(lines).toEqual(['[recnas] backend: cpu (forced by options.backend)']);
  });

  it('forces cpu through RECNAS_BACKEND in process.env', async () => {
    vi.stubEnv('RECNAS_BACKEND', 'cpu');
    const { lines, logger } = collectingLogger();
    const info = await createEngine({ logger }).initBackend();
    expect(info).toMatchObject({ name: 'cpu', forced: true });
    expect(lines).toEqual(['[recnas] backend: cpu (forced by RECNAS_BACKEND)']);
  });

  it('forces wasm through RECNAS_BACKEND, and the option wins over the variable', async () => {
    const wasm = await createEngine({ env: { RECNAS_BACKEND: 'wasm' }, logger: () => {} }).initBackend();
    expect(wasm).toMatchObject({ name: 'wasm', forced: true, simd: true });
    const cpu = await createEngine({ backend: 'cpu', env: { RECNAS_BACKEND: 'wasm' }, logger: () => {} }).initBackend();
    expect(cpu.name).toBe('cpu');
  });

  it('rejects an invalid RECNAS_BACKEND with the list of valid names and logs nothing', async () => {
    const { lines, logger } = collectingLogger();
    const error: unknown = await createEngine({ env: { RECNAS_BACKEND: 'gpu' }, logger })
      .initBackend()
      .catch((caught: unknown) => caught);
    expect(isRecnasError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toBe('RECNAS_BACKEND: expected one of tensorflow, native, wasm, cpu, got "gpu"');
    expect(lines).toEqual([]);
  });

  it('rejects an invalid backend option passed from untyped code', async () => {
    const name: string = 'webgl';
    await expect(createEngine({ backend: name as BackendName, env: {} }).initBackend()).rejects.toThrow(
      'options.backend: expected one of tensorflow, native, wasm, cpu, got "webgl"',
    );
  });

  it('reports a forced but unavailable tensorflow backend as BACKEND_UNAVAILABLE with the reason', async () => {
    const engine = createEngine({ env: { RECNAS_BACKEND: 'tensorflow' }, logger: () => {} });
    if (await tfjsNodeLoads()) {
      expect((await engine.initBackend()).name).toBe('tensorflow');
      return;
    }
    const error: unknown = await engine.initBackend().catch((caught: unknown) => caught);
    expect(isRecnasError(error) && error.code).toBe('BACKEND_UNAVAILABLE');
    expect((error as Error).message).toMatch(/^backend 'tensorflow' was forced by RECNAS_BACKEND but is unavailable: .+/);
    expect(isRecnasError(error) && error.details['reason']).toEqual(expect.any(String));
  });
});

describe('initBackend', () => {
  it('initialises a fresh engine on every call (keep an Engine to initialise once)', async () => {
    const { lines, logger } = collectingLogger();
    const first = await initBackend({ backend: 'cpu', env: {}, logger });
    const second = await initBackend({ backend: 'cpu', env: {}, logger });
    expect(second).toEqual(first);
    expect(lines).toEqual(['[recnas] backend: cpu (forced by options.backend)', '[recnas] backend: cpu (forced by options.backend)']);
  });
});
