import { describe, expect, it } from 'vitest';
import { createEngine, describeEngine, EngineDescriptionCodec } from '../src/index.js';

describe('describeEngine', () => {
  it('reports backend, its kernel set, threads, Node and tfjs versions', async () => {
    const info = await createEngine({ env: {}, logger: () => {} }).initBackend();
    const description = describeEngine(info);
    expect(EngineDescriptionCodec.is(description)).toBe(true);
    const engine = info.name === 'native' ? 'native-blas' : 'stock';
    expect(description).toMatchObject({ backend: info.name, forced: false, engine, threads: info.threads });
    if (info.name === 'native') expect(description.blasConfig).toMatch(/OpenBLAS/);
    expect(description.nodeVersion).toBe(process.version);
    expect(description.tfjsVersions['@tensorflow/tfjs-core']).toBe(info.tfjsVersion);
    expect(description.tfjsVersions['@tensorflow/tfjs-backend-wasm']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('hints at what tfjs-node needs when the native backend is not in use', () => {
    const description = describeEngine({
      name: 'wasm',
      forced: false,
      tfjsVersion: '4.22.0',
      threads: 1,
      simd: true,
      tensorflowUnavailableReason: 'libtensorflow.so.2: cannot open shared object file',
      nativeUnavailableReason: 'recnas_native.node is not built',
    });
    expect(description.hints.some((hint) => hint.includes('@tensorflow/tfjs-node'))).toBe(true);
    expect(description.hints.some((hint) => hint.includes('recnas_native.node is not built') && hint.includes('libopenblas-dev'))).toBe(true);
  });

  it('tells a forced cpu backend how to get automatic selection back', () => {
    const description = describeEngine({ name: 'cpu', forced: true, tfjsVersion: '4.22.0', threads: 1 });
    expect(description.hints.some((hint) => hint.includes('RECNAS_BACKEND'))).toBe(true);
    expect(description.simd).toBeUndefined();
  });
});

describe('Engine.describe', () => {
  it('initialises the backend once and describes it', async () => {
    const lines: string[] = [];
    const engine = createEngine({ env: { RECNAS_BACKEND: 'cpu' }, logger: (line) => lines.push(line) });
    const description = await engine.describe();
    await engine.describe();
    expect(description).toMatchObject({ backend: 'cpu', forced: true, engine: 'stock' });
    expect(lines).toHaveLength(1);
  });
});
