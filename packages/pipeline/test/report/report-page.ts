import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { expect } from 'vitest';

/**
 * The chromium the browser tests drive: RECNAS_CHROMIUM wins (CI points it at its browser; a wrong path fails
 * the test instead of skipping it), else /usr/bin/chromium or /usr/bin/chromium-browser; undefined (the tests
 * skip, with a warning naming `what`) when there is none.
 */
export function findChromium(what: string): string | undefined {
  const configured = process.env['RECNAS_CHROMIUM'];
  const chromium = configured !== undefined && configured !== '' ? configured : ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  if (chromium === undefined) console.warn(`${what} skipped: no chromium (set RECNAS_CHROMIUM, or install /usr/bin/chromium or /usr/bin/chromium-browser)`);
  return chromium;
}

/** A report opened in headless chromium, once its charts are drawn. */
export interface OpenedReport {
  readonly page: Page;
  /** Console errors and warnings, page errors, network requests other than file/data/blob/about, failed requests. */
  readonly problems: ReadonlyArray<string>;
  /** How many elements match `selector` in the page. */
  readonly count: (selector: string) => Promise<number>;
  readonly close: () => Promise<void>;
}

/** Opens `reportPath` in headless `chromium` (1280 x 900) and waits until the page says its charts are drawn. */
export async function openReport(chromium: string, reportPath: string): Promise<OpenedReport> {
  expect(existsSync(chromium), `RECNAS_CHROMIUM=${chromium} does not exist`).toBe(true);
  const problems: string[] = [];
  const browser: Browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
  const page = await browser.newPage();
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
  return {
    page,
    problems,
    count: (selector) => page.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`) as Promise<number>,
    close: () => browser.close(),
  };
}
