/**
 * No network at all: only inline scripts and styles (vega compiles expressions with `new Function`, hence
 * 'unsafe-eval'), images only as data: URLs. A request the report should not make fails loudly in the console.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export const REPORT_STYLE = `
:root { color-scheme: light; --muted: #5f6670; --line: #d8dce2; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2025; margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.subtitle, .note, footer { color: var(--muted); }
.chart { margin: 12px 0 20px; overflow-x: auto; }
table { border-collapse: collapse; margin: 12px 0 20px; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 12px 4px 0; text-align: left; vertical-align: top; }
table.numeric td:not(:first-child) { font-variant-numeric: tabular-nums; }
table.key-value th { font-weight: 500; color: var(--muted); }
.chart-error { color: #b00020; }
footer { margin-top: 40px; font-size: 0.85rem; }
`;

/**
 * Draws every chart listed in the `recnas-report-charts` JSON with vega-embed (SVG renderer), then sets
 * `window.__recnasReportReady = true` and `data-report-ready` on <body> ("ok" or "errors"); failures are kept
 * as strings in `window.__recnasReportErrors` and shown in place of the chart. Plain ES2017, no modules.
 */
export const REPORT_BOOTSTRAP = `
(function () {
  'use strict';
  var errors = [];
  window.__recnasReportErrors = errors;
  window.__recnasReportReady = false;
  function finish() {
    window.__recnasReportReady = true;
    document.body.setAttribute('data-report-ready', errors.length === 0 ? 'ok' : 'errors');
  }
  function fail(containerId, error) {
    var message = containerId + ': ' + (error && error.message ? error.message : String(error));
    errors.push(message);
    var container = document.getElementById(containerId);
    if (container) {
      container.textContent = 'This chart could not be drawn (' + message + ').';
      container.className += ' chart-error';
    }
  }
  var charts;
  try {
    charts = JSON.parse(document.getElementById('recnas-report-charts').textContent);
  } catch (error) {
    fail('recnas-report-charts', error);
    finish();
    return;
  }
  if (typeof window.vegaEmbed !== 'function') {
    charts.forEach(function (chart) { fail(chart.containerId, new Error('vega-embed did not load')); });
    finish();
    return;
  }
  Promise.all(charts.map(function (chart) {
    return window.vegaEmbed('#' + chart.containerId, chart.spec, { renderer: 'svg', actions: false, mode: 'vega-lite' })
      .then(function () { return undefined; }, function (error) { fail(chart.containerId, error); });
  })).then(finish);
})();
`;
