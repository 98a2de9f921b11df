import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { NASREC_FULL_SPACE, decodeArchEncoding, decodeArchEncodingFor, type ArchEncoding } from '@recnas/core';
import { REPORT_CHART_IDS, renderReport } from '../../src/index.js';
import { BEST_ARCH_DENSE_EDGES, BEST_ARCH_SPARSE_EDGES, bestArch } from './report-fixture.js';
import { chartIn, layerRows } from './report-html.js';

interface DrawnEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: string;
  readonly above: boolean;
}

function graphOf(arch: ArchEncoding): { edges: DrawnEdge[]; labels: string[] } {
  const html = renderReport({ run: { runId: 'graph', seed: 1, backend: 'cpu' }, history: [], models: [], bestArchitecture: arch });
  const chart = chartIn(html, REPORT_CHART_IDS.architecture);
  const byEdge = new Map<number, Array<Record<string, unknown>>>();
  for (const row of layerRows(chart, 'connections')) byEdge.set(row['edge'] as number, [...(byEdge.get(row['edge'] as number) ?? []), row]);
  const edges = [...byEdge.values()].map((rows) => {
    const sorted = [...rows].sort((a, b) => (a['step'] as number) - (b['step'] as number));
    const middle = sorted[Math.floor(sorted.length / 2)] as Record<string, unknown>;
    return {
      from: (sorted[0] as Record<string, unknown>)['x'] as number,
      to: (sorted[sorted.length - 1] as Record<string, unknown>)['x'] as number,
      kind: middle['kind'] as string,
      above: (middle['y'] as number) > 0,
    };
  });
  return { edges, labels: layerRows(chart, 'labels').map((row) => row['label'] as string) };
}

const sources = (edges: DrawnEdge[], to: number, kind: string): number[] =>
  edges.filter((edge) => edge.to === to && edge.kind === kind).map((edge) => edge.from).sort((a, b) => a - b);

function fullSpaceArch(): ArchEncoding {
  const block = { denseOp: 'linear-2d', sparseOp: 'transformer', denseWidth: 64, sparseWidth: 16, denseSparseInteract: false, deepFm: false };
  const blocks = Array.from({ length: 7 }, (_, position) => ({ ...block, denseInputs: [position], sparseInputs: [position] }));
  // Block 4 sums blocks 1 and 3; its dense list (0) is inactive for a binary operator and must not be drawn.
  blocks[3] = { ...block, denseOp: 'sum', denseInputs: [0], denseLeftInputs: [1], denseRightInputs: [3], sparseInputs: [0, 2] } as (typeof blocks)[number];
  const decoded = decodeArchEncodingFor({ space: 'nasrec-full', blocks }, NASREC_FULL_SPACE);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

describe('architecture graph in renderReport', () => {
  it('draws one connection per input index, plus the head reading the last block', () => {
    const { edges } = graphOf(bestArch());
    expect(edges.filter((edge) => edge.kind === 'dense')).toHaveLength(BEST_ARCH_DENSE_EDGES + 1);
    expect(edges.filter((edge) => edge.kind === 'sparse')).toHaveLength(BEST_ARCH_SPARSE_EDGES + 1);
    // Index 0 is the stem (column 0); index i is block i (column i): block 5 reads the stem and blocks 2, 3, 4.
    expect(sources(edges, 5, 'dense')).toEqual([0, 2, 3, 4]);
    expect(sources(edges, 5, 'sparse')).toEqual([2, 4]);
    expect(sources(edges, 1, 'dense')).toEqual([0]);
    expect(sources(edges, 8, 'dense')).toEqual([7]);
    expect(sources(edges, 8, 'sparse')).toEqual([7]);
    expect(edges.every((edge) => edge.from < edge.to)).toBe(true);
    expect(edges.every((edge) => edge.above === (edge.kind !== 'sparse'))).toBe(true);
  });

  it('labels the stem, each block with its operators, widths and toggles, and the head', () => {
    const { labels } = graphOf(bestArch());
    expect(labels).toHaveLength(9);
    expect(labels[0]).toBe('input\ndense features\nembeddings');
    expect(labels[2]).toBe('block 2\ndot-product 1024\nlinear-3d 48\n+ interact, FM');
    expect(labels[3]).toBe('block 3\nlinear-2d 128\nlinear-3d 16');
    expect(labels[8]).toBe('head\nFC(1) + sigmoid');
  });

  it('draws left and right operands of a binary operator, not its inactive dense list', () => {
    const { edges } = graphOf(fullSpaceArch());
    expect(sources(edges, 4, 'dense')).toEqual([]);
    expect(sources(edges, 4, 'dense left')).toEqual([1]);
    expect(sources(edges, 4, 'dense right')).toEqual([3]);
    expect(sources(edges, 4, 'sparse')).toEqual([0, 2]);
  });

  it('takes a block with left and right inputs as binary in a space recnas does not ship', () => {
    const decoded = decodeArchEncoding({
      space: 'my-space',
      blocks: [
        { denseOp: 'my-gate', sparseOp: 'my-mixer', denseWidth: 8, sparseWidth: 8, denseInputs: [], denseLeftInputs: [0], denseRightInputs: [0], sparseInputs: [0], denseSparseInteract: false, deepFm: false },
        { denseOp: 'my-mlp', sparseOp: 'my-mixer', denseWidth: 8, sparseWidth: 8, denseInputs: [0, 1], sparseInputs: [1], denseSparseInteract: false, deepFm: false },
      ],
    });
    if (E.isLeft(decoded)) throw decoded.left;
    const { edges } = graphOf(decoded.right);
    expect(edges.map((edge) => `${edge.from}->${edge.to} ${edge.kind}`).sort()).toEqual(
      ['0->1 dense left', '0->1 dense right', '0->1 sparse', '0->2 dense', '1->2 dense', '1->2 sparse', '2->3 dense', '2->3 sparse'].sort(),
    );
  });
});
