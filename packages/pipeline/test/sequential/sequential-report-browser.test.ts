import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@recnas/engine';
import { SEQUENTIAL_CHART_IDS, decodeSequentialRunConfig, runSequentialPipeline } from '../../src/index.js';
import { tinySequentialConfig, writeWalkSequences } from './sequential-fixtures.js';

const configured = process.env['RECNAS_CHROMIUM'];
const chromium = configured !== undefined && configured !== '' ? configured : ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
if (chromium === undefined) console.warn('sequential report browser test skipped: no chromium (set RECNAS_CHROMIUM)');

describe.skipIf(chromium === undefined)('sequential report.html in headless chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'recnas-seq-report-'));
  const problems: string[] = [];
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
    const config = decodeSequentialRunConfig(tinySequentialConfig(writeWalkSequences(root)));
    if (E.isLeft(config)) throw config.left;
    const out = join(root, 'run');
    const summary = await runSequentialPipeline(config.right, { out, manifest: { recnasVersion: '0.0.0', packageVersions: {}, backend: 'test', createdAt: '2026-01-01T00:00:00.000Z' } });
    if (E.isLeft(summary)) throw summary.left;
    browser = await puppeteer.launch({ executablePath: chromium as string, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: 60_000 });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction('window.__recnasReportReady === true', { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const count = (selector: string): Promise<number> => page.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`) as Promise<number>;

  it('draws both charts with no embed errors, console errors or page errors', async () => {
    expect(await page.evaluate('window.__recnasReportErrors')).toEqual([]);
    expect(await page.evaluate("document.body.getAttribute('data-report-ready')")).toBe('ok');
    expect(problems).toEqual([]);
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
