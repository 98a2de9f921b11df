/**
 * A Vega-Lite spec as plain JSON. The report only builds specs and embeds them; vega-lite itself runs in
 * the page, so its TypeScript types are not needed here.
 */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

/** One chart of the page: the id of its container element and its spec. */
export interface ReportChart {
  readonly containerId: string;
  readonly title: string;
  readonly spec: VegaLiteSpec;
}

/** Shared look: no chart background (the page has one), readable fonts. */
export const CHART_CONFIG = {
  background: null,
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: null },
} as const;
