import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHART_IDS, reportParetoIndices, writeReport } from '../../src/index.js';
import { findChromium, openReport, type OpenedReport } from './report-page.js';
import { BEST_ARCH_DENSE_EDGES, BEST_ARCH_SPARSE_EDGES, CANDIDATES, RANK_CORRELATION_SUBNETS, fixtureReportInput } from './report-fixture.js';

const chromium = findChromium('report browser test');
const reportsDir = fileURLToPath(new URL('../../reports/', import.meta.url));

describe.skipIf(chromium === undefined)('report.html in headless chromium', () => {
  const input = fixtureReportInput();
  let report: OpenedReport;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(reportsDir, { recursive: true });
    const reportPath = join(reportsDir, 'report.html');
    expect(writeReport(reportPath, input)).toEqual(E.right(reportPath));
    report = await openReport(chromium as string, reportPath);
    page = report.page;
  });

  afterAll(async () => {
    await report?.close();
  });

  const countIn = (containerId: string, selector: string): Promise<number> =>
    page.evaluate(`document.querySelectorAll(${JSON.stringify(`#${containerId} svg ${selector}`)}).length`) as Promise<number>;

  it('draws every chart without embed errors, console errors or warnings, page errors or network requests', async () => {
    expect(await page.evaluate('window.__recnasReportErrors')).toEqual([]);
    expect(await page.evaluate("document.body.getAttribute('data-report-ready')")).toBe('ok');
    expect(report.problems).toEqual([]);
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

  it('draws supernet score against from-scratch LogLoss: two points per subnet, a colour per series, a legend', async () => {
    expect(await countIn(REPORT_CHART_IDS.rankCorrelation, 'g.mark-symbol.role-mark path')).toBe(2 * RANK_CORRELATION_SUBNETS);
    expect(await countIn(REPORT_CHART_IDS.rankCorrelation, 'g.mark-symbol.role-mark path[fill="#f58518"]')).toBe(RANK_CORRELATION_SUBNETS);
    expect(await countIn(REPORT_CHART_IDS.rankCorrelation, 'g.mark-symbol.role-mark path[fill="#4c78a8"]')).toBe(RANK_CORRELATION_SUBNETS);
    const texts = (selector: string) =>
      page.evaluate(`Array.from(document.querySelectorAll('#${REPORT_CHART_IDS.rankCorrelation} svg ${selector}')).map((node) => node.textContent)`) as Promise<string[]>;
    expect(await texts('g.role-legend-label text')).toEqual(['inherited weights', 'after fine-tuning']);
    expect(await texts('g.role-legend-title text')).toEqual(['supernet score']);
    expect(await texts('g.role-axis-title text')).toEqual(expect.arrayContaining(['from-scratch validation LogLoss', 'supernet validation LogLoss']));
  });

  it('saves a full-page screenshot to reports/report-screenshot.png', async () => {
    const path = join(reportsDir, 'report-screenshot.png') as `${string}.png`;
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
  });
});
