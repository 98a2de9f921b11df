import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isRecnasError } from '@recnas/core';
import { REPORT_CHART_IDS, REPORT_DATA_IDS, renderReport, writeReport, type ReportInput } from '../../src/index.js';
import { fixtureReportInput } from './report-fixture.js';
import { embeddedCharts, jsonScriptText } from './report-html.js';

const HOSTILE_NAME = '</script><script>window.__pwned = 1</script>';
const HOSTILE_RUN_ID = '<img src=x onerror=alert(1)>';

function hostileInput(): ReportInput {
  const input = fixtureReportInput();
  return {
    ...input,
    title: 'Report & "friends" <b>',
    run: { ...input.run, runId: HOSTILE_RUN_ID, configSummary: { '</script>': '<!-- x -->' } },
    history: input.history.map((candidate, at) => (at === 0 ? { ...candidate, archHash: '"></div><script>x()</script>' } : candidate)),
    models: input.models.map((model, at) => (at === 0 ? { ...model, name: HOSTILE_NAME } : model)),
  };
}

const count = (text: string, pattern: RegExp): number => (text.match(pattern) ?? []).length;

describe('renderReport', () => {
  it('escapes hostile strings in tables and JSON so they cannot end a script or add elements', () => {
    const html = renderReport(hostileInput());
    // Two JSON scripts, three inlined libraries, one bootstrap: no injected script opens or closes.
    expect(count(html, /<script\b/gi)).toBe(6);
    expect(count(html, /<\/script/gi)).toBe(6);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('<td>&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;</td>');
    expect(html).toContain('<title>Report &amp; &quot;friends&quot; &lt;b&gt;</title>');
    expect(html).toContain('<th scope="row">config: &lt;/script&gt;</th><td>&lt;!-- x --&gt;</td>');
    expect(jsonScriptText(html, REPORT_DATA_IDS.input)).toContain('\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned = 1');
  });

  it('embeds the input as JSON that parses back to the same value, hostile strings included', () => {
    const input = hostileInput();
    const html = renderReport(input);
    expect(JSON.parse(jsonScriptText(html, REPORT_DATA_IDS.input))).toEqual(JSON.parse(JSON.stringify(input)));
    expect(embeddedCharts(html).map((chart) => chart.containerId)).toEqual([
      REPORT_CHART_IDS.searchProgress,
      REPORT_CHART_IDS.pareto,
      REPORT_CHART_IDS.architecture,
      REPORT_CHART_IDS.rankCorrelation,
    ]);
  });

  it('loads nothing from the network: no script src, no link, no http(s) URL in attributes, a CSP that forbids it', () => {
    const html = renderReport(fixtureReportInput());
    expect(html).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href|action)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
    for (const library of ['vega', 'vega-lite', 'vega-embed']) expect(html).toContain(`<script data-library="${library}">`);
    expect(html).toContain('vega 6.2.0, vega-lite 6.4.1, vega-embed 7.1.0');
    // The inlined builds are the real ones (vega-embed's UMD wrapper defines the global the page calls).
    expect(html).toContain('.vegaEmbed=');
    expect(html).not.toContain('sourceMappingURL');
  });

  it('lists searched models first, then baselines by test LogLoss, with MFLOPs and grouped params', () => {
    const html = renderReport(fixtureReportInput());
    const order = ['searched #1', 'DCN', 'DLRM', 'DeepFM', 'DNN'].map((name) => html.indexOf(`<td>${name}</td>`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<td>searched #1</td><td>searched</td><td>0.4512</td><td>0.7581</td><td>2.20 M</td><td>1,204,321</td>');
    expect(html).toContain('<td>Kendall tau</td><td>0.214 [-0.105, 0.500]</td><td>0.587 [0.341, 0.790]</td>');
    expect(html).toContain('<td>Spearman</td><td>0.301 [-0.152, 0.662]</td><td>0.752 [0.493, 0.905]</td>');
    expect(html).toContain('<caption>Rank correlation (20 architectures; trained from scratch for 1 epoch; 95% bootstrap intervals in brackets)</caption>');
    expect(html).toContain('<td>total</td><td>205</td>');
    expect(html).toContain('<td>criteo-sample-8000 (8,000 rows)</td>');
  });

  it('degrades gracefully: no history, no architecture, no rank correlation, no baselines', () => {
    const input = fixtureReportInput();
    const { bestArchitecture: _arch, rankCorrelation: _correlation, ...rest } = input;
    const html = renderReport({ ...rest, history: [], models: input.models.filter((model) => model.kind === 'searched') });
    expect(embeddedCharts(html)).toEqual([]);
    expect(html).toContain('No candidate was evaluated in this run.');
    expect(html).toContain('No architecture was selected in this run.');
    expect(html).toContain('Rank correlation was not measured in this run.');
    expect(html).toContain('No hand-designed baselines were evaluated in this run.');
    expect(html).not.toContain(`id="${REPORT_CHART_IDS.searchProgress}"`);

    const bare = renderReport({ run: { runId: 'bare', seed: 1, backend: 'cpu' }, history: [], models: [] });
    expect(bare).toContain('No model was evaluated on the test split.');
    expect(JSON.parse(jsonScriptText(bare, REPORT_DATA_IDS.input))).toEqual({ run: { runId: 'bare', seed: 1, backend: 'cpu' }, history: [], models: [] });
  });

  it('renders a rank correlation without intervals or points (an older summary) as plain values and no chart', () => {
    const input = fixtureReportInput();
    const { intervals: _intervals, points: _points, intervalConfidence: _confidence, scratchEpochs: _epochs, ...older } = input.rankCorrelation ?? {};
    const html = renderReport({ ...input, rankCorrelation: older });
    expect(html).toContain('<caption>Rank correlation (20 architectures)</caption>');
    expect(html).toContain('<td>Kendall tau</td><td>0.214</td><td>0.587</td>');
    expect(embeddedCharts(html).map((chart) => chart.containerId)).not.toContain(REPORT_CHART_IDS.rankCorrelation);
    expect(html).not.toContain(`id="${REPORT_CHART_IDS.rankCorrelation}"`);
  });

  it('says how many candidates were infeasible and which one is best', () => {
    const html = renderReport(fixtureReportInput());
    const best = fixtureReportInput().history.filter((candidate) => candidate.feasible !== false).reduce((a, b) => (b.validationLogLoss < a.validationLogLoss ? b : a));
    expect(html).toContain(`40 candidates evaluated; 3 infeasible; best validation LogLoss ${best.validationLogLoss.toFixed(5)} at evaluation ${best.index};`);
  });

  it('throws CONFIG_INVALID for an input with a non-finite number', () => {
    const input = fixtureReportInput();
    const models = input.models.map((model) => ({ ...model, testLogLoss: Number.POSITIVE_INFINITY }));
    expect(() => renderReport({ ...input, models })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('models[0].testLogLoss') }));
  });
});

describe('writeReport', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes the rendered page and returns its path', () => {
    dir = mkdtempSync(join(tmpdir(), 'recnas-report-'));
    const path = join(dir, 'report.html');
    expect(writeReport(path, fixtureReportInput())).toEqual(E.right(path));
    expect(readFileSync(path, 'utf8')).toBe(renderReport(fixtureReportInput()));
  });

  it('returns Left IO when the folder does not exist', () => {
    dir = mkdtempSync(join(tmpdir(), 'recnas-report-'));
    const result = writeReport(join(dir, 'missing', 'report.html'), fixtureReportInput());
    expect(E.isLeft(result) && isRecnasError(result.left) && result.left.code).toBe('IO');
  });
});
