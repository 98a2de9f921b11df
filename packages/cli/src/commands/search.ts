import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { RecnasError, decodeWith } from '@recnas/core';
import { HARDWARE_PRESETS, decodeHardwareConfig } from '@recnas/pim-sim';
import { createEngine } from '@recnas/engine';
import {
  BEST_ARCHITECTURES_FILE,
  ObjectiveListCodec,
  resolveHardwareSection,
  type ResolvedHardwareSection,
  builtinRegistry,
  loadScoringContext,
  runSearchStage,
  scoringSpec,
  SEARCH_HISTORY_FILE,
  type ScoringContext,
  type SearchHistoryEntry,
} from '@recnas/pipeline';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { nonNegativeIntegerOption } from '../options.js';
import { pipelineProgress } from '../run/pipeline-progress.js';
import { describeArchitecture } from '../run/summary-lines.js';
import { prepareSearchDirectory, searchConfigOfSupernet } from '../run/trained-supernet-directory.js';
import { withNativeSpeedHint } from '../backend-speed.js';

const HELP = `Usage: recnas search --supernet <dir> --strategy <evolution|random> --out <dir> [options]

Searches the space of a supernet trained by \`recnas train-supernet --out <dir>\`: each candidate inherits
the supernet's weights, its final layer is fine-tuned, and it is scored by validation LogLoss (and FLOPs)
on the same seeded split of the same data file (read from <dir>/train-supernet.json). Writes
search-history.jsonl (one evaluated candidate per line, append-only) and best-architectures.json (the 10
best) into --out. Candidates are scored from <out>/supernet.ckpt, so supernet.ckpt and train-supernet.json
are copied into --out first (nothing is copied when --out is the --supernet directory).

Options:
  --supernet <dir>          directory with supernet.ckpt and train-supernet.json
  --strategy <name>         evolution (regularized evolution) or random
  --out <dir>               search directory (created if missing)
  --preset <small|nasrec>   evolution budget: small (default, for the 8,000-row sample) or nasrec (NASRec's
                            2,048 candidates); random search evaluates as many candidates
  --budget <n>              random search: evaluate n candidates instead
  --workers <n>             threads scoring candidates (default 2; 0 = in this thread); results do not depend on it
  --fine-tune-steps <n>     fine-tuning steps of the final layer before scoring (default 100; 0 = inherited weights)
  --objectives <list>       objectives, comma-separated: logloss, flops, latency, energy, area; with
                            --hardware, a joint architecture + hardware Pareto search (joint-evolution)
  --hardware <file|name>    co-design: a pim-sim hardware config JSON (or hostOnly, naivePim) as the base;
                            the PIM config space is searched with the architecture (--fixed-hardware: not)
  --fixed-hardware          cost candidates on --hardware as given instead of searching it
  --resume                  continue a search in --out from its search-history.jsonl
  --json                    print the result as one JSON object on stdout
  --help                    show this help
`;

const STRATEGIES = { evolution: 'regularized-evolution', random: 'random' } as const;

function readHardware(value: string): unknown {
  if (value === 'hostOnly' || value === 'naivePim') return HARDWARE_PRESETS[value];
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (cause) {
    throw new RecnasError('USAGE', `--hardware ${value}: ${(cause as Error).message}`, { path: value }, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RecnasError('CONFIG_INVALID', `--hardware ${value}: not JSON: ${(cause as Error).message}`, { path: value }, { cause });
  }
}

interface CoDesignOptions {
  readonly objectives?: t.TypeOf<typeof ObjectiveListCodec>;
  readonly hardware?: ResolvedHardwareSection;
}

/** `--objectives` and `--hardware` decoded (a bad hardware JSON throws CONFIG_INVALID with its JSON path). */
function coDesignOptionsOf(objectives: string | undefined, hardware: string | undefined, fixed: boolean): CoDesignOptions {
  const options: { objectives?: t.TypeOf<typeof ObjectiveListCodec>; hardware?: ResolvedHardwareSection } = {};
  if (objectives !== undefined) {
    const decoded = decodeWith(ObjectiveListCodec, objectives.split(',').map((name) => name.trim()), '--objectives');
    if (E.isLeft(decoded)) throw decoded.left;
    options.objectives = decoded.right;
  }
  if (hardware !== undefined) {
    const decoded = decodeHardwareConfig(readHardware(hardware));
    if (E.isLeft(decoded)) throw new RecnasError('CONFIG_INVALID', `--hardware ${hardware}: ${decoded.left.message}`, decoded.left.details);
    options.hardware = resolveHardwareSection({ config: decoded.right, searchHardware: !fixed });
  } else if (fixed) {
    throw new RecnasError('USAGE', '--fixed-hardware needs --hardware <file|name>');
  }
  return options;
}

function withCoDesignOptions<C extends { readonly search: object }>(config: C, options: CoDesignOptions): C {
  return {
    ...config,
    ...(options.objectives === undefined ? {} : { search: { ...config.search, objectives: options.objectives } }),
    ...(options.hardware === undefined ? {} : { hardware: options.hardware }),
  };
}

function resultLines(best: ReadonlyArray<SearchHistoryEntry>, evaluated: number, out: string): string {
  const top = best[0];
  const lines = [`evaluated ${evaluated} candidates`];
  if (top !== undefined) {
    lines.push(
      `best architecture ${top.archHash}: validation LogLoss ${(top.objectives['loss'] ?? Number.NaN).toFixed(4)}, ${((top.objectives['flops'] ?? Number.NaN) / 1e6).toFixed(3)} MFLOPs per example`,
      ...describeArchitecture(top.arch).map((line) => `  ${line}`),
    );
  }
  lines.push(`wrote ${join(out, SEARCH_HISTORY_FILE)} and ${join(out, BEST_ARCHITECTURES_FILE)}`, '');
  return lines.join('\n');
}

/** `recnas search`: the search stage over a supernet trained by `recnas train-supernet`. */
export const searchCommand: Command = {
  name: 'search',
  summary: 'search the architectures of a trained supernet (regularized evolution or random)',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('search', argv, {
      supernet: { type: 'string' }, strategy: { type: 'string' }, out: { type: 'string' }, preset: { type: 'string' },
      budget: { type: 'string' }, workers: { type: 'string' }, 'fine-tune-steps': { type: 'string' }, resume: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false }, objectives: { type: 'string' }, hardware: { type: 'string' },
      'fixed-hardware': { type: 'boolean', default: false },
    });
    if (values.supernet === undefined || values.strategy === undefined || values.out === undefined) {
      throw new RecnasError('USAGE', '--supernet <dir>, --strategy <evolution|random> and --out <dir> are required');
    }
    if (values.budget !== undefined && values.strategy !== 'random') throw new RecnasError('USAGE', '--budget applies to --strategy random only (evolution takes its budget from --preset)');
    const coDesign = coDesignOptionsOf(values.objectives, values.hardware, values['fixed-hardware']);
    const strategy = values.strategy === 'evolution' || values.strategy === 'random' ? STRATEGIES[values.strategy] : undefined;
    if (strategy === undefined) throw new RecnasError('USAGE', `--strategy: expected evolution or random, got "${values.strategy}"`);
    const { config: plainConfig, space } = searchConfigOfSupernet(values.supernet, {
      strategy,
      preset: values.preset,
      workers: nonNegativeIntegerOption('workers', values.workers),
      fineTuneSteps: nonNegativeIntegerOption('fine-tune-steps', values['fine-tune-steps']),
      randomBudget: nonNegativeIntegerOption('budget', values.budget),
    });
    const config = withCoDesignOptions(plainConfig, coDesign);
    const out = values.out;
    if (!values.resume && existsSync(join(out, SEARCH_HISTORY_FILE))) {
      throw new RecnasError('USAGE', `${join(out, SEARCH_HISTORY_FILE)} already exists: add --resume to continue that search, or choose another --out`, { path: out });
    }
    prepareSearchDirectory(values.supernet, out, values.resume);
    await createEngine({ logger: withNativeSpeedHint((line) => terminal.err(`${line}\n`)) }).initBackend();
    const registry = builtinRegistry();
    if (E.isLeft(registry)) throw registry.left;
    let context: ScoringContext | undefined;
    const progress = pipelineProgress(terminal);
    progress({ kind: 'stage-start', stage: 'search', resumed: values.resume });
    const started = performance.now();
    try {
      const searched = await runSearchStage(out, config, space, async () => (context ??= await loadScoringContext(scoringSpec(out, config), registry.right)), {
        builtinOperatorsOnly: true,
        onProgress: (evaluated, budget, best) => progress({ kind: 'progress', stage: 'search', done: evaluated, total: budget, detail: `best validation LogLoss ${best.toFixed(4)}` }),
      });
      if (E.isLeft(searched)) throw searched.left;
      progress({ kind: 'stage-done', stage: 'search', seconds: (performance.now() - started) / 1000 });
      const { entries, reused, budget, workers } = searched.right;
      const best = [...entries].filter((entry) => Number.isFinite(entry.objectives['loss'])).sort((a, b) => (a.objectives['loss'] as number) - (b.objectives['loss'] as number));
      terminal.err(resultLines(best, entries.length, out));
      if (values.json) {
        terminal.out(`${JSON.stringify({ out, strategy: config.hardware === undefined ? strategy : 'joint-evolution', budget, evaluated: entries.length, ...(searched.right.jointEntries === undefined ? {} : { pairs: searched.right.jointEntries.length }), reusedFromHistory: reused, workers, best: best.slice(0, 10) })}\n`);
      }
      return ExitCode.ok;
    } finally {
      context?.supernet.dispose();
    }
  },
};
