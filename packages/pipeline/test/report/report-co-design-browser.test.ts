import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIM_CHART_IDS, writeReport } from '../../src/index.js';
import { findChromium, openReport, type OpenedReport } from './report-page.js';
import { fixtureCoDesignReportInput } from './co-design-fixture.js';

const chromium = findChromium('report co-design browser test');
const reportsDir = fileURLToPath(new URL('../../reports/', import.meta.url));

describe.skipIf(chromium === undefined)('report.html with co-design in headless chromium', () => {
  const input = fixtureCoDesignReportInput();
  let report: OpenedReport;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(reportsDir, { recursive: true });
    const reportPath = join(reportsDir, 'report-co-design.html');
    expect(writeReport(reportPath, input)).toEqual(E.right(reportPath));
    report = await openReport(chromium as string, reportPath);
    page = report.page;
  });

  afterAll(async () => {
    await report?.close();
  });

  const countIn = (containerId: string, selector: string): Promise<number> =>
    page.evaluate(`document.querySelectorAll(${JSON.stringify(`#${containerId} svg ${selector}`)}).length`) as Promise<number>;

  it('draws both co-design charts without errors, with every pair and the front in its own colour', async () => {
    expect(await page.evaluate('window.__recnasReportErrors')).toEqual([]);
    expect(report.problems).toEqual([]);
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
