import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHART_IDS, reportParetoIndices, writeReport } from '../../src/index.js';
import { BEST_ARCH_DENSE_EDGES, BEST_ARCH_SPARSE_EDGES, CANDIDATES, fixtureReportInput } from './report-fixture.js';

// RECNAS_CHROMIUM wins (CI points it at its browser; a wrong path fails the test instead of skipping it).
const configuredChromium = process.env['RECNAS_CHROMIUM'];
const chromium =
  configuredChromium !== undefined && configuredChromium !== ''
    ? configuredChromium
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
if (chromium === undefined) {
  console.warn('report browser test skipped: no chromium (set RECNAS_CHROMIUM, or install /usr/bin/chromium or /usr/bin/chromium-browser)');
}

const reportsDir = fileURLToPath(new URL('../../reports/', import.meta.url));

describe.skipIf(chromium === undefined)('report.html in headless chromium', () => {
  const input = fixtureReportInput();
  const problems: string[] = [];
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync(chromium as string), `RECNAS_CHROMIUM=${chromium} does not exist`).toBe(true);
    mkdirSync(reportsDir, { recursive: true });
    const reportPath = join(reportsDir, 'report.html');
    expect(writeReport(reportPath, input)).toEqual(E.right(reportPath));
    browser = await puppeteer.launch({
      executablePath: chromium as string,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      timeout: 60_000,
    });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
    page.on('request', (request) => {
      if (!/^(file|data|blob|about):/.test(request.url())) problems.push(`network request: ${request.url()}`);
    });
    page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction('window.__recnasReportReady === true', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const countIn = (containerId: string, selector: string): Promise<number> =>
    page.evaluate(`document.querySelectorAll(${JSON.stringify(`#${containerId} svg ${selector}`)}).length`) as Promise<number>;

  it('draws every chart without embed errors, console errors or warnings, page errors or network requests', async () => {
    expect(await page.evaluate('window.__recnasReportErrors')).toEqual([]);
    expect(await page.evaluate("document.body.getAttribute('data-report-ready')")).toBe('ok');
    expect(problems).toEqual([]);
  });

  it('draws the search progress: one point per candidate and the best-so-far line', async () => {
    expect(await countIn(REPORT_CHART_IDS.searchProgress, 'g.mark-symbol.role-mark path')).toBe(CANDIDATES);
    expect(await countIn(REPORT_CHART_IDS.searchProgress, 'g.mark-line.role-mark path')).toBe(1);
  });

  it('draws the LogLoss/FLOPs scatter with every candidate and the Pareto front in its own colour', async () => {
    expect(await countIn(REPORT_CHART_IDS.pareto, 'g.mark-symbol.role-mark path')).toBe(CANDIDATES);
    const front = reportParetoIndices(input).length;
    expect(front).toBeGreaterThan(1);
    expect(await countIn(REPORT_CHART_IDS.pareto, 'g.mark-symbol.role-mark path[fill="#d62728"]')).toBe(front);
    expect(await countIn(REPORT_CHART_IDS.pareto, 'g.mark-line.role-mark path')).toBe(1);
  });

  it('draws the architecture: 9 nodes with labels and one line per connection', async () => {
    expect(await countIn(REPORT_CHART_IDS.architecture, 'g.mark-rect.role-mark path')).toBe(9);
    expect(await countIn(REPORT_CHART_IDS.architecture, 'g.mark-text.role-mark text')).toBe(9);
    expect(await countIn(REPORT_CHART_IDS.architecture, 'g.mark-line.role-mark path')).toBe(BEST_ARCH_DENSE_EDGES + BEST_ARCH_SPARSE_EDGES + 2);
    const labels = (await page.evaluate(
      `Array.from(document.querySelectorAll('#${REPORT_CHART_IDS.architecture} svg g.mark-text.role-mark text')).map((node) => node.textContent)`,
    )) as string[];
    expect(labels).toContain('block 2dot-product 1024linear-3d 48+ interact, FM');
  });

  it('saves a full-page screenshot to reports/report-screenshot.png', async () => {
    const path = join(reportsDir, 'report-screenshot.png') as `${string}.png`;
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
  });
});
