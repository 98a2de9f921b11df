import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIM_CHART_IDS, writeReport } from '../../src/index.js';
import { fixtureCoDesignReportInput } from './co-design-fixture.js';

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

describe.skipIf(chromium === undefined)('report.html with co-design in headless chromium', () => {
  const input = fixtureCoDesignReportInput();
  const problems: string[] = [];
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync(chromium as string), `RECNAS_CHROMIUM=${chromium} does not exist`).toBe(true);
    mkdirSync(reportsDir, { recursive: true });
    const reportPath = join(reportsDir, 'report-co-design.html');
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

  it('draws both co-design charts without errors, with every pair and the front in its own colour', async () => {
    expect(await page.evaluate('window.__recnasReportErrors')).toEqual([]);
    expect(problems).toEqual([]);
    for (const id of [PIM_CHART_IDS.energy, PIM_CHART_IDS.latency]) {
      expect(await countIn(id, 'g.mark-symbol.role-mark path')).toBe(30);
      expect(await countIn(id, 'g.mark-symbol.role-mark path[fill="#d62728"]')).toBe(9);
      expect(await countIn(id, 'g.mark-line.role-mark path')).toBe(1);
    }
  });

  it('shows the co-design table and the chosen hardware config', async () => {
    const text = (await page.evaluate("document.querySelector('#co-design').textContent")) as string;
    expect(text).toContain('accuracy-only on host');
    expect(text).toContain('5.00x');
    expect(text).toContain('"reramPim"');
  });
});
