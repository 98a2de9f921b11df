import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@recnas/engine';
import { SEQUENTIAL_CHART_IDS, decodeSequentialRunConfig, runSequentialPipeline, type SequentialRunSummary } from '../../src/index.js';
import { tinySequentialConfig, writeWalkSequences } from './sequential-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'recnas-seq-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ logger: () => undefined });
});

const MANIFEST = { recnasVersion: '0.0.0', packageVersions: {}, backend: 'test', createdAt: '2026-01-01T00:00:00.000Z' };

function configOf(input: Record<string, unknown>) {
  const decoded = decodeSequentialRunConfig(input);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

describe('runSequentialPipeline', () => {
  let summary: SequentialRunSummary;
  const out = join(root, 'run');
  const events: Array<{ kind: string; stage: string; done?: number; total?: number | undefined }> = [];

  it('runs baseline, search, retraining and evaluation for all three variants', async () => {
    const data = writeWalkSequences(root);
    const result = await runSequentialPipeline(configOf(tinySequentialConfig(data)), { out, manifest: MANIFEST, onEvent: (event) => void events.push(event) });
    if (E.isLeft(result)) throw result.left;
    summary = result.right;
    expect(summary.variants.map((variant) => variant.variant)).toEqual(['dns-rec', 'no-gates', 'static-constraint']);
    expect(summary.baseline.name).toBe('sasrec');
    expect(summary.baseline.architecture.layers).toHaveLength(2);
    expect(summary.protocol).toBe('full');
    for (const variant of summary.variants) {
      expect(variant.flopsFraction).toBeGreaterThan(0);
      expect(variant.flopsFraction).toBeLessThanOrEqual(1);
      expect(variant.search.curve.length).toBeGreaterThan(0);
      expect(Number.isFinite(variant.model.test.ndcg['10'])).toBe(true);
    }
    expect(summary.data).toMatchObject({ users: 60, items: 12, badRows: 0, shortUsers: 0 });
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(existsSync(join(out, 'checkpoints'))).toBe(false);
  }, 120_000);

  it('reports progress with done and total for each long stage', () => {
    for (const stage of ['baseline', 'DNS-Rec search', 'retrain']) {
      const progress = events.filter((event) => event.kind === 'progress' && event.stage === stage);
      expect(progress.length, stage).toBeGreaterThan(0);
      expect(progress.every((event) => typeof event.total === 'number' && (event.done ?? 0) <= (event.total as number))).toBe(true);
    }
  });

  it('writes report.html with the sequential section, its tables and both charts', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="sequential">');
    for (const name of ['sasrec', 'dns-rec', 'no-gates', 'static-constraint']) expect(html).toContain(`<td>${name}</td>`);
    expect(html).toContain('% of SASRec FLOPs');
    expect(html).toContain('Chosen architectures');
    expect(html).toContain(`id="${SEQUENTIAL_CHART_IDS.choiceProbabilities}"`);
    expect(html).toContain(`id="${SEQUENTIAL_CHART_IDS.budget}"`);
    expect(html).not.toContain('<section id="search">');
  });

  it('resuming the finished run reuses every stage and gives the same summary', async () => {
    const data = join(root, 'walk.txt');
    const again = await runSequentialPipeline(configOf(tinySequentialConfig(data)), { out, resume: true, manifest: MANIFEST });
    if (E.isLeft(again)) throw again.left;
    const { stageSeconds: _a, ...first } = summary;
    const { stageSeconds: _b, ...second } = again.right;
    expect(second).toEqual(first);
  }, 60_000);

  it('counts bad lines and short users, and fails with DATA_BAD_ROWS_OVER_LIMIT over the limit', async () => {
    const good = readFileSync(writeWalkSequences(root, 60, 12, 5, 'bad-base.txt'), 'utf8').trimEnd().split('\n');
    const lines = [...good.slice(0, 30), '', '77 1 x2 3', '', '78 5', '79 3 4', ...good.slice(30)];
    const bad = join(root, 'bad.txt');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const config = { ...tinySequentialConfig(bad), data: { path: bad, maxLength: 8, maxBadFraction: 0.05 }, search: { epochs: 1, batchSize: 16, variants: ['dns-rec'] }, training: { epochs: 1, batchSize: 16 } };
    const result = await runSequentialPipeline(configOf(config), { out: join(root, 'bad-run'), manifest: MANIFEST });
    if (E.isLeft(result)) throw result.left;
    expect(result.right.data).toMatchObject({ badRows: 1, badRowsByReason: { 'non-integer-id': 1 }, shortUsers: 2, users: 62 });
    expect(result.right.data.firstBadLines['non-integer-id']).toEqual([32]);
    const strict = await runSequentialPipeline(configOf({ ...config, data: { ...config.data, maxBadFraction: 0 } }), { out: join(root, 'strict-run'), manifest: MANIFEST });
    expect(E.isLeft(strict) && strict.left.code).toBe('DATA_BAD_ROWS_OVER_LIMIT');
  }, 60_000);
});
