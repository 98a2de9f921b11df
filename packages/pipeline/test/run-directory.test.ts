import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith } from '@recnas/core';
import { RUN_MANIFEST_FILE, RunManifestCodec, createRunDirectory, decodeSequentialRunConfig, readRunManifest, type RunManifest } from '../src/index.js';
import { storedConfigResolver } from '../src/internal/stored-config.js';

function manifestWith(overrides: Record<string, unknown> = {}): RunManifest {
  const input = {
    recnasVersion: '0.1.0',
    packageVersions: { '@recnas/pipeline': '0.1.0' },
    backend: 'wasm',
    seed: 2018,
    config: { search: { population: 128 }, sampler: 'single-path' },
    createdAt: '2024-05-01T12:00:00.000Z',
    ...overrides,
  };
  const decoded = decodeWith(RunManifestCodec, input, 'manifest');
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

function leftOf<A>(result: E.Either<{ code: string; message: string }, A>): { code: string; message: string } {
  if (E.isRight(result)) throw new Error('expected a failure');
  return result.left;
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'recnas-run-directory-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('createRunDirectory', () => {
  it('creates the directory and writes run.json, leaving no temporary file', () => {
    const path = join(root, 'runs', 'criteo');
    const manifest = manifestWith();
    expect(createRunDirectory(path, manifest)).toEqual(E.right({ path, manifest, resumed: false }));
    expect(readdirSync(path)).toEqual([RUN_MANIFEST_FILE]);
    expect(JSON.parse(readFileSync(join(path, RUN_MANIFEST_FILE), 'utf8'))).toEqual(manifest);
    expect(readRunManifest(path)).toEqual(E.right(manifest));
  });

  it('refuses to overwrite an existing run.json unless resuming', () => {
    createRunDirectory(root, manifestWith());
    const before = readFileSync(join(root, RUN_MANIFEST_FILE), 'utf8');
    const error = leftOf(createRunDirectory(root, manifestWith({ createdAt: '2024-06-01T00:00:00Z' })));
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('run.json already exists');
    expect(readFileSync(join(root, RUN_MANIFEST_FILE), 'utf8')).toBe(before);
  });

  it('resumes a run with the same seed and config, keeping its original manifest', () => {
    const original = manifestWith();
    createRunDirectory(root, original);
    const later = manifestWith({ createdAt: '2024-06-01T00:00:00Z', backend: 'cpu' });
    expect(createRunDirectory(root, later, { resume: true })).toEqual(E.right({ path: root, manifest: original, resumed: true }));
    expect(readRunManifest(root)).toEqual(E.right(original));
  });

  it('refuses to resume with another config or seed, naming what differs', () => {
    createRunDirectory(root, manifestWith());
    const config = leftOf(createRunDirectory(root, manifestWith({ config: { search: { population: 64 }, sampler: 'single-path' } }), { resume: true }));
    expect(config.code).toBe('CONFIG_INVALID');
    expect(config.message).toContain('config.search.population differs from the config it was started with');
    const seed = leftOf(createRunDirectory(root, manifestWith({ seed: 7 }), { resume: true }));
    expect(seed.message).toContain('it was started with seed 2018, not 7');
  });

  it('lets a resumed run change the settings named in ignoreOnResume, and nothing else', () => {
    createRunDirectory(root, manifestWith({ config: { search: { population: 128, workers: 2 } } }));
    const other = (config: unknown) => createRunDirectory(root, manifestWith({ config }), { resume: true, ignoreOnResume: ['search.workers'] });
    expect(E.isRight(other({ search: { population: 128, workers: 0 } }))).toBe(true);
    expect(leftOf(other({ search: { population: 64, workers: 0 } })).message).toContain('config.search.population differs');
  });

  it('resumes a run started before a config key existed, when the key is at its default', () => {
    const resolved = decodeSequentialRunConfig({ task: 'sequential' });
    if (E.isLeft(resolved)) throw resolved.left;
    const today = JSON.parse(JSON.stringify(resolved.right)) as { search: Record<string, unknown> };
    const { architectureEvery, ...olderSearch } = today.search;
    expect(architectureEvery).toBe(1);
    createRunDirectory(root, manifestWith({ config: { ...today, search: olderSearch } })); // written before the key existed
    const resume = (search: Record<string, unknown>) =>
      createRunDirectory(root, manifestWith({ config: { ...today, search } }), { resume: true, resolveStoredConfig: storedConfigResolver(decodeSequentialRunConfig) });
    expect(E.isRight(resume(today.search))).toBe(true);
    expect(leftOf(resume({ ...today.search, architectureEvery: 2 })).message).toContain('config.search.architectureEvery differs');
    expect(leftOf(resume({ ...today.search, epochs: 99 })).message).toContain('config.search.epochs differs');
    // Without the resolver the missing key is a difference, as before.
    expect(leftOf(createRunDirectory(root, manifestWith({ config: today }), { resume: true })).message).toContain('config.search.architectureEvery differs');
  });

  it('starts a fresh run when asked to resume a directory without run.json', () => {
    const manifest = manifestWith();
    expect(createRunDirectory(root, manifest, { resume: true })).toEqual(E.right({ path: root, manifest, resumed: false }));
    expect(existsSync(join(root, RUN_MANIFEST_FILE))).toBe(true);
  });

  it('writes nothing for an invalid manifest', () => {
    const path = join(root, 'never');
    const invalid = { ...manifestWith(), createdAt: 'now' };
    expect(leftOf(createRunDirectory(path, invalid)).code).toBe('CONFIG_INVALID');
    expect(existsSync(path)).toBe(false);
  });
});

describe('readRunManifest', () => {
  it('fails with IO when run.json is missing', () => {
    expect(leftOf(readRunManifest(root)).code).toBe('IO');
  });

  it('fails with CHECKPOINT_CORRUPT for a truncated or invalid run.json, with the path of the problem', () => {
    mkdirSync(join(root, 'cut'));
    writeFileSync(join(root, 'cut', RUN_MANIFEST_FILE), '{"recnasVersion": "0.1');
    const cut = leftOf(readRunManifest(join(root, 'cut')));
    expect(cut.code).toBe('CHECKPOINT_CORRUPT');
    expect(cut.message).toContain('is not valid JSON');
    writeFileSync(join(root, RUN_MANIFEST_FILE), JSON.stringify({ ...manifestWith(), seed: 'abc' }));
    const invalid = leftOf(readRunManifest(root));
    expect(invalid.code).toBe('CHECKPOINT_CORRUPT');
    expect(invalid.message).toContain('seed: expected integer seed in [0, 2^32), got "abc"');
  });
});
