import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@recnas/engine';
import { SEQUENTIAL_CHART_IDS, decodeSequentialRunConfig, runSequentialPipeline } from '../../src/index.js';
import { findChromium, openReport, type OpenedReport } from '../report/report-page.js';
import { tinySequentialConfig, writeWalkSequences } from './sequential-fixtures.js';

const chromium = findChromium('sequential report browser test');

describe.skipIf(chromium === undefined)('sequential report.html in headless chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'recnas-seq-report-'));
  let report: OpenedReport;

  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
    const config = decodeSequentialRunConfig(tinySequentialConfig(writeWalkSequences(root)));
    if (E.isLeft(config)) throw config.left;
    const out = join(root, 'run');
    const summary = await runSequentialPipeline(config.right, { out, manifest: { recnasVersion: '0.0.0', packageVersions: {}, backend: 'test', createdAt: '2026-01-01T00:00:00.000Z' } });
    if (E.isLeft(summary)) throw summary.left;
    report = await openReport(chromium as string, join(out, 'report.html'));
  }, 120_000);

  afterAll(async () => {
    await report?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const count = (selector: string): Promise<number> => report.count(selector);

  it('draws both charts with no embed errors, console errors or page errors', async () => {
    expect(await report.page.evaluate('window.__recnasReportErrors')).toEqual([]);
    expect(await report.page.evaluate("document.body.getAttribute('data-report-ready')")).toBe('ok');
    expect(report.problems).toEqual([]);
  });

  it('draws one probability panel per choice group and lines for budget and expected cost', async () => {
    // 6 groups (depth, heads.0, ffn.0, heads.1, ffn.1, hidden): one line per (option, variant) in each.
    expect(await count(`#${SEQUENTIAL_CHART_IDS.choiceProbabilities} svg g.mark-line.role-mark path`)).toBe(3 * (2 + 2 + 2 + 2 + 2 + 2));
    expect(await count(`#${SEQUENTIAL_CHART_IDS.budget} svg g.mark-line.role-mark path`)).toBe(3 * 2);
  });

  it('shows the metric and architecture tables with the baseline and the three variants', async () => {
    expect(await count('#sequential table')).toBe(2);
    expect(await count('#sequential table:first-of-type tbody tr')).toBe(4);
  });
});
