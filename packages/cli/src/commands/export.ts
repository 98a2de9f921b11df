import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { createEngine } from '@recnas/engine';
import { builtinRegistry, exportRunModel, saveModelFolder, type ExportWeights } from '@recnas/pipeline';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { withNativeSpeedHint } from '../backend-speed.js';

const HELP = `Usage: recnas export --run <dir> --out <dir> [--weights retrained|supernet] [--json]

Writes the best architecture of a finished run as a standalone compact model: only the operators,
inputs and widths the architecture uses (docs/decisions/0014-compact-subnets.md). Load it with
loadCtrModel('<out>/model.ckpt', registry) from @recnas/supernet; no supernet is needed.

The best architecture is the retrained searched model with the lowest validation LogLoss
(retrain.jsonl), else the best of the search (best-architectures.json).

Options:
  --run <dir>            run directory (run.json, supernet.ckpt, retrain.jsonl)
  --out <dir>            output folder: model.ckpt (weights, embeddings, architecture) and model.json
  --weights <source>     retrained (default: retrain it with the run's recipe, split and seed, which
                         reproduces the run's retrained model) or supernet (cut from supernet.ckpt)
  --json                 print one JSON object on stdout
  --help                 show this help
`;

/** \`recnas export\`: the best architecture of a run as a standalone model. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write the best architecture of a run as a standalone compact model',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('export', argv, {
      run: { type: 'string' }, out: { type: 'string' }, weights: { type: 'string', default: 'retrained' }, json: { type: 'boolean', default: false },
    });
    if (values.run === undefined || values.out === undefined) throw new RecnasError('USAGE', '--run <dir> and --out <dir> are required');
    if (values.weights !== 'retrained' && values.weights !== 'supernet') throw new RecnasError('USAGE', `--weights: expected retrained or supernet, got "${values.weights}"`);
    const registry = builtinRegistry();
    if (E.isLeft(registry)) throw registry.left;
    await createEngine({ logger: withNativeSpeedHint((line) => terminal.err(`${line}\n`)) }).initBackend();
    const exported = await exportRunModel(values.run, registry.right, values.weights as ExportWeights);
    if (E.isLeft(exported)) throw exported.left;
    const { model, space, ...about } = exported.right;
    try {
      const info = { ...about, layout: model.layoutKind, parameterCount: model.parameterCount };
      const saved = await saveModelFolder(values.out, model, space, info);
      if (E.isLeft(saved)) throw saved.left;
      const test = about.test === undefined ? '' : `, test LogLoss ${about.test.logLoss.toFixed(4)}, AUC ${about.test.auc.toFixed(4)}`;
      terminal.out(
        values.json
          ? `${JSON.stringify({ ...info, ...saved.right })}\n`
          : `exported ${about.name} (${about.archHash}, ${about.weights} weights, ${model.layoutKind} layout): ${model.parameterCount} dense parameters${test}\nwrote ${saved.right.modelFile} and ${saved.right.infoFile}\n`,
      );
    } finally {
      model.dispose();
    }
    return ExitCode.ok;
  },
};
