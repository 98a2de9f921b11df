import { REPORT_DATA_IDS } from '../../src/index.js';

/** The text of the `<script type="application/json" id=...>` element, exactly as written in the page. */
export function jsonScriptText(html: string, id: string): string {
  const match = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (match === null) throw new Error(`no JSON script #${id} in the report`);
  return match[1] as string;
}

export interface EmbeddedChart {
  readonly containerId: string;
  readonly title: string;
  readonly spec: { readonly layer: ReadonlyArray<{ readonly name: string; readonly data?: { readonly values: ReadonlyArray<Record<string, unknown>> } }>; readonly data?: { readonly values: ReadonlyArray<Record<string, unknown>> } };
}

/** The chart list the page hands to vega-embed. */
export function embeddedCharts(html: string): EmbeddedChart[] {
  return JSON.parse(jsonScriptText(html, REPORT_DATA_IDS.charts)) as EmbeddedChart[];
}

/** The chart drawn in container `containerId`, or a test failure. */
export function chartIn(html: string, containerId: string): EmbeddedChart {
  const chart = embeddedCharts(html).find((candidate) => candidate.containerId === containerId);
  if (chart === undefined) throw new Error(`no chart for #${containerId}`);
  return chart;
}

/** The data rows of the layer named `layerName` (its own data, else the chart's). */
export function layerRows(chart: EmbeddedChart, layerName: string): ReadonlyArray<Record<string, unknown>> {
  const layer = chart.spec.layer.find((candidate) => candidate.name === layerName);
  if (layer === undefined) throw new Error(`no layer ${layerName}`);
  return layer.data?.values ?? chart.spec.data?.values ?? [];
}
