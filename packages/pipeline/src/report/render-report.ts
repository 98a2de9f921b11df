import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, archHash, isRecnasError, writeFileAtomic } from '@recnas/core';
import { architectureGraph, architectureGraphSpec } from './architecture-graph.js';
import type { ReportChart } from './chart-spec.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { CONTENT_SECURITY_POLICY, REPORT_BOOTSTRAP, REPORT_STYLE } from './report-page-assets.js';
import { ReportInputCodec, decodeReportInput, type ReportInput } from './report-input.js';
import { modelsTable, packageVersionsTable, paretoTable, rankCorrelationTable, runTable, stageTimingsTable } from './report-tables.js';
import { candidatePoints, paretoSpec, reportParetoIndices, searchProgressSpec, type CandidatePoint } from './search-charts.js';
import { rankCorrelationSpec } from './rank-correlation-chart.js';
import { readVegaScripts, type InlineScript } from './vega-scripts.js';
import { coDesignSection } from './co-design-table.js';
import { pimCharts } from './pim-charts.js';
import { sequentialCharts, sequentialSection } from './sequential-section.js';

/** Ids of the chart containers in report.html (stable: tests and users' scripts look them up). */
export const REPORT_CHART_IDS = {
  searchProgress: 'chart-search-progress',
  pareto: 'chart-pareto',
  architecture: 'chart-architecture',
  rankCorrelation: 'chart-rank-correlation',
} as const;

/** Ids of the JSON data elements in report.html: the decoded input as given, and the chart specs. */
export const REPORT_DATA_IDS = { input: 'recnas-report-input', charts: 'recnas-report-charts' } as const;

const chartDiv = (id: string, label: string): string => `<div class="chart" id="${id}" role="img" aria-label="${escapeHtml(label)}"></div>`;

function searchSection(input: ReportInput, points: ReadonlyArray<CandidatePoint>, front: ReadonlyArray<number>): string {
  if (points.length === 0) return '<section id="search"><h2>Search</h2><p class="note">No candidate was evaluated in this run.</p></section>';
  const best = points[points.length - 1]?.bestSoFar;
  const bestCandidate = points.find((point) => point.status !== 'infeasible' && point.validationLogLoss === best);
  const infeasible = points.filter((point) => point.status === 'infeasible').length;
  const summary = [
    `${points.length} candidates evaluated`,
    infeasible > 0 ? `${infeasible} infeasible` : '',
    bestCandidate === undefined ? 'none feasible' : `best validation LogLoss ${bestCandidate.validationLogLoss.toFixed(5)} at evaluation ${bestCandidate.index}`,
    `${front.length} on the Pareto front`,
  ].filter((part) => part !== '');
  return [
    '<section id="search"><h2>Search</h2>',
    `<p>${escapeHtml(summary.join('; '))}.</p>`,
    '<h3>Search progress</h3>',
    chartDiv(REPORT_CHART_IDS.searchProgress, 'validation LogLoss of each candidate and the best so far, by evaluation index'),
    '<h3>LogLoss against FLOPs</h3>',
    chartDiv(REPORT_CHART_IDS.pareto, 'validation LogLoss against FLOPs per example, Pareto front highlighted'),
    paretoTable(input, front),
    '</section>',
  ].join('\n');
}

function architectureSection(input: ReportInput): string {
  const arch = input.bestArchitecture;
  if (arch === undefined) return '<section id="architecture"><h2>Best architecture</h2><p class="note">No architecture was selected in this run.</p></section>';
  return [
    '<section id="architecture"><h2>Best architecture</h2>',
    `<p>Search space <code>${escapeHtml(arch.space)}</code>, ${arch.blocks.length} blocks, architecture hash <code>${escapeHtml(archHash(arch))}</code>.
Dense connections arc above the blocks, sparse ones below; input 0 is the stem.</p>`,
    chartDiv(REPORT_CHART_IDS.architecture, 'block graph of the best architecture'),
    '</section>',
  ].join('\n');
}

/** The rank-correlation table, and the chart of supernet score against from-scratch LogLoss when there are points. */
function rankCorrelationPart(input: ReportInput): string {
  const table = rankCorrelationTable(input.rankCorrelation);
  if ((input.rankCorrelation?.points ?? []).length === 0) return table;
  return [
    table,
    '<h3>Supernet score against from-scratch LogLoss</h3>',
    chartDiv(REPORT_CHART_IDS.rankCorrelation, 'supernet validation LogLoss (inherited weights and after fine-tuning) against from-scratch validation LogLoss, one point per subnet'),
  ].join('\n');
}

function chartsOf(input: ReportInput, points: ReadonlyArray<CandidatePoint>): ReportChart[] {
  const charts: ReportChart[] = [];
  if (points.length > 0) {
    charts.push({ containerId: REPORT_CHART_IDS.searchProgress, title: 'Search progress', spec: searchProgressSpec(points) });
    charts.push({ containerId: REPORT_CHART_IDS.pareto, title: 'LogLoss against FLOPs', spec: paretoSpec(points) });
  }
  if (input.bestArchitecture !== undefined) {
    charts.push({ containerId: REPORT_CHART_IDS.architecture, title: 'Best architecture', spec: architectureGraphSpec(architectureGraph(input.bestArchitecture)) });
  }
  const subnets = input.rankCorrelation?.points ?? [];
  if (subnets.length > 0) {
    charts.push({ containerId: REPORT_CHART_IDS.rankCorrelation, title: 'Supernet score against from-scratch LogLoss', spec: rankCorrelationSpec(subnets) });
  }
  return charts;
}

function footer(scripts: ReadonlyArray<InlineScript>): string {
  const libraries = scripts.map((script) => `${script.packageName} ${script.version}`).join(', ');
  return `<footer>Generated by recnas. Self-contained: charts are drawn in the page by ${escapeHtml(libraries)}, inlined below; nothing is loaded from the network.</footer>`;
}

/**
 * Renders `report.html` (SPEC section 8) as one self-contained page: search progress, LogLoss against FLOPs
 * with the Pareto front, the best architecture as a block graph, supernet score against from-scratch LogLoss
 * for the rank-correlation subnets (Vega-Lite charts drawn in the page by inlined vega, vega-lite and
 * vega-embed builds), and plain tables for models, rank correlation (with intervals) and run metadata. Sections without data say so instead. Throws RecnasError CONFIG_INVALID for an invalid input and
 * IO when a vega build cannot be read.
 */
export function renderReport(input: ReportInput): string {
  const decoded = decodeReportInput(ReportInputCodec.encode(input));
  if (E.isLeft(decoded)) throw decoded.left;
  const report = decoded.right;
  const points = candidatePoints(report);
  const front = reportParetoIndices(report);
  const scripts = readVegaScripts();
  const title = report.title ?? `recnas report: ${report.run.runId}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(title)}</h1><p class="subtitle">run <code>${escapeHtml(report.run.runId)}</code>, seed ${report.run.seed}, backend ${escapeHtml(report.run.backend)}</p></header>`,
    // A sequential-only run (DNS-Rec) has no CTR search or models: its section replaces theirs.
    ...(report.sequential !== undefined && report.history.length === 0 && report.models.length === 0
      ? [coDesignSection(report.coDesign), sequentialSection(report.sequential)]
      : [
          searchSection(report, points, front),
          coDesignSection(report.coDesign),
          architectureSection(report),
          '<section id="models"><h2>Models</h2>',
          modelsTable(report.models),
          rankCorrelationPart(report),
          '</section>',
          sequentialSection(report.sequential),
        ]),
    '<section id="run"><h2>Run</h2>',
    runTable(report.run),
    stageTimingsTable(report.run),
    packageVersionsTable(report.run),
    '</section>',
    footer(scripts),
    `<script type="application/json" id="${REPORT_DATA_IDS.input}">${jsonForScript(ReportInputCodec.encode(report))}</script>`,
    `<script type="application/json" id="${REPORT_DATA_IDS.charts}">${jsonForScript([...chartsOf(report, points), ...pimCharts(report.coDesign), ...sequentialCharts(report.sequential)])}</script>`,
    ...scripts.map((script) => `<script data-library="${escapeHtml(script.packageName)}">${script.source}</script>`),
    `<script>${REPORT_BOOTSTRAP}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Renders the report and writes it to `path` atomically (temp file, fsync, rename). Returns Left with
 * CONFIG_INVALID for an invalid input, IO when the vega builds or the file cannot be read or written.
 */
export function writeReport(path: string, input: ReportInput): E.Either<RecnasError, string> {
  try {
    writeFileAtomic(path, renderReport(input));
    return E.right(path);
  } catch (error) {
    if (isRecnasError(error)) return E.left(error);
    return E.left(new RecnasError('IO', `report: cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`, { path }, { cause: error }));
  }
}
