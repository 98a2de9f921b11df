import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { HARDWARE_PRESETS } from '@recnas/pim-sim';
import { measureHardwareCost, type HardwareCostMeasurement } from '@recnas/pipeline';
import { parseCommandArgs, positiveIntegerOption, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const HELP = `Usage: recnas cost --arch <arch.json> --hardware <hw.json|hostOnly|naivePim> [--dataset criteo] [--batch-size 512] [--json]

Latency, energy, PIM area and FLOPs of an architecture on a hardware config, per operator and in total,
from the analytic pim-sim model (docs/pim-model.md) for one batch. The hardware JSON is pim-sim's
HardwareConfig ({ host, dramPim?, reramPim?, placement? }); a bad value is reported with its JSON path and
exits 2. Accepts the recnas encoding and the official NASRec JSON for --arch.

Options:
  --arch <file>          architecture JSON (required)
  --hardware <file|name> hardware config JSON, or a preset: hostOnly, naivePim (required)
  --dataset <name>       dataset shapes: criteo (default), avazu or kdd2012
  --batch-size <n>       examples per batch (default 512)
  --json                 print one JSON object on stdout
  --help                 show this help
`;

function readJson(option: string, path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RecnasError('USAGE', `--${option} ${path}: ${(cause as Error).message}`, { path }, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RecnasError('CONFIG_INVALID', `--${option} ${path}: not JSON: ${(cause as Error).message}`, { path }, { cause });
  }
}

function hardwareJson(value: string): unknown {
  return value === 'hostOnly' || value === 'naivePim' ? HARDWARE_PRESETS[value] : readJson('hardware', value);
}

const si = (value: number, unit: string): string => {
  const prefixes: Array<[number, string]> = [[1, ''], [1e-3, 'm'], [1e-6, 'u'], [1e-9, 'n'], [1e-12, 'p']];
  const [scale, prefix] = prefixes.find(([factor]) => Math.abs(value) >= factor) ?? [1, ''];
  return `${(value / scale).toPrecision(4)} ${prefix}${unit}`;
};

function formatCost(cost: HardwareCostMeasurement): string {
  const { measurement, report, batchSize } = cost;
  const header = ['id', 'device', 'latency', 'energy', 'area mm^2', 'FLOPs', 'boundBy'];
  const rows = report.perOperator.map((op) => [op.id, op.device, si(op.latencySeconds, 's'), si(op.energyJoules, 'J'), op.areaSquareMillimetres.toFixed(2), String(op.flops), op.boundBy]);
  const total = report.total;
  rows.push(['total', '', si(total.latencySeconds, 's'), si(total.energyJoules, 'J'), total.areaSquareMillimetres.toFixed(2), String(total.flops), total.reramWeightsResident ? 'ReRAM weights resident' : '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: ReadonlyArray<string>): string => cells.map((text, column) => text.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [
    `architecture: ${measurement.archHash} (${measurement.arch.space}, ${measurement.arch.blocks.length} blocks), dataset ${measurement.dataset}, batch ${batchSize}`,
    line(header),
    ...rows.slice(0, -1).map(line),
    line(rows[rows.length - 1] ?? []),
    '',
  ].join('\n');
}

/** `recnas cost`: the per-operator hardware cost of an architecture on a hardware config. */
export const costCommand: Command = {
  name: 'cost',
  summary: 'per-operator latency, energy and area of an architecture on a hardware config (pim-sim)',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('cost', argv, {
      arch: { type: 'string' },
      hardware: { type: 'string' },
      dataset: { type: 'string', default: 'criteo' },
      'batch-size': { type: 'string', default: '512' },
      json: { type: 'boolean', default: false },
    });
    if (values.arch === undefined || values.hardware === undefined) throw new RecnasError('USAGE', '--arch <file> and --hardware <file|hostOnly|naivePim> are required');
    const batchSize = positiveIntegerOption('batch-size', values['batch-size']);
    const measured = measureHardwareCost(readJson('arch', values.arch), hardwareJson(values.hardware), values.dataset, batchSize);
    if (E.isLeft(measured)) throw measured.left;
    const { measurement, hardware, report } = measured.right;
    terminal.out(
      values.json
        ? `${JSON.stringify({ archHash: measurement.archHash, dataset: measurement.dataset, batchSize, flopsPerExample: measurement.cost.flopsPerExample, hardware, perOperator: report.perOperator, total: report.total })}\n`
        : formatCost(measured.right),
    );
    return ExitCode.ok;
  },
};
