import {
  NASREC_FULL_SPACE,
  NASREC_SMALL_SPACE,
  activeDenseInputLists,
  operatorKindOf,
  type ArchEncoding,
  type BlockChoice,
  type SearchSpace,
} from '@recnas/core';
import { CHART_CONFIG, type VegaLiteSpec } from './chart-spec.js';

/** What a connection carries: dense features, the dense operator's left/right operand, or sparse embeddings. */
export type ConnectionKind = 'dense' | 'dense left' | 'dense right' | 'sparse';

/** A node of the drawn graph: the input stem (column 0), a choice block (column i), or the head (last column). */
export interface GraphNode {
  readonly column: number;
  readonly role: 'input' | 'block' | 'head';
  readonly label: string;
}

/** A connection from the output of `fromColumn` into `toColumn` (columns are input indices: 0 stem, i block i). */
export interface GraphEdge {
  readonly fromColumn: number;
  readonly toColumn: number;
  readonly kind: ConnectionKind;
}

export interface ArchitectureGraph {
  readonly nodes: ReadonlyArray<GraphNode>;
  readonly edges: ReadonlyArray<GraphEdge>;
}

const CONNECTION_COLORS: ReadonlyArray<readonly [ConnectionKind, string]> = [
  ['dense', '#4c78a8'],
  ['dense left', '#72b7b2'],
  ['dense right', '#54a24b'],
  ['sparse', '#f58518'],
];

const KNOWN_SPACES: ReadonlyArray<SearchSpace> = [NASREC_FULL_SPACE, NASREC_SMALL_SPACE];

// Which dense lists a block reads depends on its operator's kind (core's activeDenseInputLists). For a space
// recnas does not ship, the kind is unknown: a block with left/right inputs is taken as binary.
function denseListsOf(block: BlockChoice, spaceId: string): { dense: boolean; leftRight: boolean } {
  const space = KNOWN_SPACES.find((candidate) => candidate.id === spaceId);
  if (space !== undefined) return activeDenseInputLists(operatorKindOf(space, block.denseOp));
  const binary = (block.denseLeftInputs?.length ?? 0) > 0 && (block.denseRightInputs?.length ?? 0) > 0;
  return { dense: !binary, leftRight: binary };
}

function blockLabel(block: BlockChoice, position: number): string {
  const toggles = [block.denseSparseInteract ? 'interact' : '', block.deepFm ? 'FM' : ''].filter((text) => text !== '');
  const togglesLine = toggles.length === 0 ? [] : [`+ ${toggles.join(', ')}`];
  return [`block ${position + 1}`, `${block.denseOp} ${block.denseWidth}`, `${block.sparseOp} ${block.sparseWidth}`, ...togglesLine].join('\n');
}

function blockEdges(block: BlockChoice, position: number, spaceId: string): GraphEdge[] {
  const toColumn = position + 1;
  const lists = denseListsOf(block, spaceId);
  const edges = (list: ReadonlyArray<number> | undefined, kind: ConnectionKind): GraphEdge[] =>
    (list ?? []).map((fromColumn) => ({ fromColumn, toColumn, kind }));
  return [
    ...(lists.dense ? edges(block.denseInputs, 'dense') : []),
    ...(lists.leftRight ? edges(block.denseLeftInputs, 'dense left') : []),
    ...(lists.leftRight ? edges(block.denseRightInputs, 'dense right') : []),
    ...edges(block.sparseInputs, 'sparse'),
  ];
}

/**
 * The block graph of `arch`: input index 0 is the stem (raw dense features and stacked embeddings), index i
 * is the output of block i (1-based), as in core's InputIndicesCodec. Only the input lists the block's dense
 * operator reads are drawn. The head reads the last block's dense and sparse outputs.
 */
export function architectureGraph(arch: ArchEncoding): ArchitectureGraph {
  const last = arch.blocks.length;
  const nodes: GraphNode[] = [
    { column: 0, role: 'input', label: 'input\ndense features\nembeddings' },
    ...arch.blocks.map((block, position): GraphNode => ({ column: position + 1, role: 'block', label: blockLabel(block, position) })),
    { column: last + 1, role: 'head', label: 'head\nFC(1) + sigmoid' },
  ];
  const edges: GraphEdge[] = [
    ...arch.blocks.flatMap((block, position) => blockEdges(block, position, arch.space)),
    { fromColumn: last, toColumn: last + 1, kind: 'dense' },
    { fromColumn: last, toColumn: last + 1, kind: 'sparse' },
  ];
  return { nodes, edges };
}

const NODE_HALF_WIDTH = 0.42;
const NODE_HALF_HEIGHT = 0.5;
const ARC_SAMPLES = 16;
const COLUMN_PIXELS = 116;
const Y_UNIT_PIXELS = 64;
const LABEL_LINE_PIXELS = 12;

// Arc diagram: nodes sit on one line, dense connections arc above it and sparse ones below, higher for longer
// spans so that they do not run through the nodes in between. Left/right operands get slightly different heights.
function arcHeight(edge: GraphEdge): number {
  const span = edge.toColumn - edge.fromColumn;
  const base = NODE_HALF_HEIGHT + 0.25 + 0.3 * Math.max(0, span - 1);
  const offset = edge.kind === 'dense left' ? 0.12 : edge.kind === 'dense right' ? -0.12 : 0;
  return (edge.kind === 'sparse' ? -1 : 1) * (base + offset);
}

function edgePoints(edges: ReadonlyArray<GraphEdge>): Array<Record<string, number | string>> {
  return edges.flatMap((edge, edgeId) => {
    const height = arcHeight(edge);
    return Array.from({ length: ARC_SAMPLES + 1 }, (_, step) => {
      const along = step / ARC_SAMPLES;
      return {
        edge: edgeId,
        kind: edge.kind,
        step,
        x: edge.fromColumn + (edge.toColumn - edge.fromColumn) * along,
        y: height * Math.sin(Math.PI * along),
      };
    });
  });
}

/** The Vega-Lite spec that draws `graph`: connections as line marks, nodes as rect marks, labels as text marks. */
export function architectureGraphSpec(graph: ArchitectureGraph): VegaLiteSpec {
  const columns = graph.nodes.length;
  const tallest = Math.max(NODE_HALF_HEIGHT, ...graph.edges.map((edge) => Math.abs(arcHeight(edge))));
  const yExtent = tallest + 0.25;
  const xScale = { domain: [-0.5, columns - 0.5], nice: false, zero: false };
  const yScale = { domain: [-yExtent, yExtent], nice: false, zero: false };
  const hidden = { axis: null };
  // Only the kinds this graph has, so the legend does not list left/right operands of a space without binary ops.
  const colors = CONNECTION_COLORS.filter(([kind]) => graph.edges.some((edge) => edge.kind === kind));
  const nodes = graph.nodes.map((node) => ({
    ...node,
    x: node.column - NODE_HALF_WIDTH,
    x2: node.column + NODE_HALF_WIDTH,
    y: -NODE_HALF_HEIGHT,
    y2: NODE_HALF_HEIGHT,
  }));
  return {
    config: CHART_CONFIG,
    width: COLUMN_PIXELS * columns,
    height: Math.round(2 * yExtent * Y_UNIT_PIXELS),
    layer: [
      {
        name: 'connections',
        data: { values: edgePoints(graph.edges) },
        mark: { type: 'line', strokeWidth: 1.6, opacity: 0.8 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: xScale, ...hidden },
          y: { field: 'y', type: 'quantitative', scale: yScale, ...hidden },
          detail: { field: 'edge', type: 'nominal' },
          order: { field: 'step', type: 'quantitative' },
          color: {
            field: 'kind',
            type: 'nominal',
            title: 'connection',
            scale: { domain: colors.map(([kind]) => kind), range: colors.map(([, color]) => color) },
          },
        },
      },
      {
        name: 'nodes',
        data: { values: nodes },
        mark: { type: 'rect', cornerRadius: 6, stroke: '#555', strokeWidth: 1 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: xScale, ...hidden },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale: yScale, ...hidden },
          y2: { field: 'y2' },
          fill: { field: 'role', type: 'nominal', legend: null, scale: { domain: ['input', 'block', 'head'], range: ['#e8eef7', '#ffffff', '#fdeee0'] } },
        },
      },
      {
        name: 'labels',
        // Multi-line text grows down from its anchor, so anchor each label half its height above the centre.
        data: { values: graph.nodes.map((node) => ({ ...node, labelTop: (node.label.split('\n').length * LABEL_LINE_PIXELS) / 2 / Y_UNIT_PIXELS })) },
        mark: { type: 'text', lineBreak: '\n', lineHeight: LABEL_LINE_PIXELS, fontSize: 10, align: 'center', baseline: 'top', color: '#222' },
        encoding: {
          x: { field: 'column', type: 'quantitative', scale: xScale, ...hidden },
          y: { field: 'labelTop', type: 'quantitative', scale: yScale, ...hidden },
          text: { field: 'label' },
        },
      },
    ],
  };
}
