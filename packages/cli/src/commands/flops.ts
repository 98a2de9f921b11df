import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import {
  isSequentialArchitectureJson,
  measureArchitecture,
  measureSequentialArchitecture,
  type ArchitectureMeasurement,
  type SequentialArchitectureMeasurement,
} from '@recnas/pipeline';
import { parseCommandArgs, positiveIntegerOption, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const HELP = `Usage: recnas flops --arch <arch.json> [--dataset criteo|avazu|kdd2012] [--json]
       recnas flops --arch <sequential-arch.json> --items <count> [--max-length 50] [--json]

Per-example FLOPs and parameters of an architecture on a dataset's shapes, from the operators' cost
functions. Accepts the recnas encoding and the official NASRec JSON (files with "micro" and "macro").
FLOPs count a multiply-add as 2; NASRec's published MFLOPs (fvcore) count it as 1, so both are printed.
A sequential (SASRec / DNS-Rec) architecture (a JSON with "layers", as in sequential-models.jsonl) is
costed per sequence: the encoder over --max-length positions plus scoring the last one against --items
items, the count DNS-Rec's constraint and recnas run --task sequential use.

Options:
  --arch <file>         architecture JSON (required)
  --dataset <name>      dataset shapes: criteo (default), avazu or kdd2012
  --items <count>       sequential: items scored (Amazon Beauty: 12101)
  --max-length <n>      sequential: positions per sequence (default 50)
  --json                print one JSON object on stdout
  --help                show this help
`;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new RecnasError('USAGE', `--arch ${path}: ${(cause as Error).message}`, { path }, { cause });
  }
}

function formatMeasurement(m: ArchitectureMeasurement): string {
  const mflops = m.cost.flopsPerExample / 1e6;
  return [
    `architecture: ${m.archHash} (${m.arch.space}, ${m.arch.blocks.length} blocks, ${m.inputFormat} format)`,
    `dataset:      ${m.dataset}`,
    `FLOPs:        ${m.cost.flopsPerExample} per example (${mflops.toFixed(3)} MFLOPs; ${(mflops / 2).toFixed(3)} M multiply-adds, NASRec's convention)`,
    `params:       ${m.cost.params} dense, ${m.cost.embeddingParams} embedding`,
    ...m.cost.perBlock.map((block, index) => `  block ${index + 1}: ${block.flops} FLOPs, ${block.params} params`),
    '',
  ].join('\n');
}

function formatSequentialMeasurement(m: SequentialArchitectureMeasurement): string {
  const heads = m.arch.layers.map((layer) => `${layer.heads}h/FFN ${layer.ffnWidth}`).join(', ');
  return [
    `architecture: ${m.archHash} (sequential: d ${m.arch.hiddenWidth}, ${m.arch.layers.length} layers: ${heads})`,
    `sizes:        ${m.itemCount} items, ${m.sequenceLength} positions`,
    `FLOPs:        ${m.cost.flopsPerSequence} per sequence (${(m.cost.flopsPerSequence / 1e6).toFixed(3)} MFLOPs; a multiply-add counts 2)`,
    `params:       ${m.cost.params} (item table included)`,
    `  embedding: ${m.cost.embeddingFlops} FLOPs`,
    ...m.cost.perLayer.map((layer, index) => `  layer ${index + 1}: ${layer.flops} FLOPs (attention ${layer.attentionFlops}, FFN ${layer.ffnFlops}), ${layer.params} params`),
    `  scoring:   ${m.cost.scoringFlops} FLOPs`,
    '',
  ].join('\n');
}

/** `recnas flops`: cost of an architecture. */
export const flopsCommand: Command = {
  name: 'flops',
  summary: 'per-example FLOPs and parameters of an architecture (recnas or official NASRec JSON)',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('flops', argv, {
      arch: { type: 'string' },
      dataset: { type: 'string', default: 'criteo' },
      items: { type: 'string' },
      'max-length': { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    });
    if (values.arch === undefined) throw new RecnasError('USAGE', '--arch <file> is required');
    const json = readJson(values.arch);
    if (isSequentialArchitectureJson(json)) {
      if (values.items === undefined) throw new RecnasError('USAGE', `--items <count> is required for the sequential architecture ${values.arch} (its scoring cost depends on the item count)`);
      const sequential = measureSequentialArchitecture(json, { itemCount: positiveIntegerOption('items', values.items), sequenceLength: positiveIntegerOption('max-length', values['max-length']) });
      if (E.isLeft(sequential)) throw sequential.left;
      terminal.out(values.json ? `${JSON.stringify(sequential.right)}\n` : formatSequentialMeasurement(sequential.right));
      return ExitCode.ok;
    }
    const measured = measureArchitecture(json, values.dataset);
    if (E.isLeft(measured)) throw measured.left;
    terminal.out(values.json ? `${JSON.stringify(measured.right)}\n` : formatMeasurement(measured.right));
    return ExitCode.ok;
  },
};
