import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import { createEngine } from '@recnas/engine';
import { REPORT_FILE, runPipeline } from '@recnas/pipeline';
import { parseCommandArgs, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { nonNegativeIntegerOption } from '../options.js';
import { recnasPackageVersions } from '../run/package-versions.js';
import { pipelineProgress } from '../run/pipeline-progress.js';
import { requireDataFile, resolveRunConfigSource } from '../run/run-config-source.js';
import { runSummaryLines } from '../run/summary-lines.js';
import { runTaskOf } from '../run/run-task.js';
import { runSequentialTask } from '../run/sequential-run.js';
import { withNativeSpeedHint } from '../backend-speed.js';

const HELP = `Usage: recnas run [config.json] [--out <dir>] [--resume] [--seed <n>] [--workers <n> | --queue <redis-url>] [--json]
       recnas run --task sequential [config.json] [--data <file>] [--format <f>] [--out <dir>] [--resume] [--seed <n>] [--json]

Runs a whole pipeline from one config, with resume after a crash (even kill -9) to the same result.

--task ctr (the default): the NASRec pipeline: train the weight-sharing supernet, search (regularized evolution or
random search; each candidate fine-tuned and scored on the validation split), retrain the top architectures and
the baselines from scratch with the same budget, evaluate them on the test split, and write the report.
Without a config file it runs the embedded default: the shipped 8,000-row Criteo sample
(test-data/criteo/train.csv, relative to the current directory) with a small search, a few minutes on 2 cores.
The run directory holds run.json (config, versions, backend, seed), supernet.ckpt, train-supernet.json,
search-history.jsonl, best-architectures.json, retrain.jsonl, summary.json and report.html.

--task sequential (or a config with "task": "sequential"): DNS-Rec on a sequential recommender: train the
unpruned SASRec baseline, run the DNS-Rec search for each variant (dns-rec: data-aware gates and a dynamic
budget; ablations no-gates and static-constraint), select each architecture, retrain it from scratch with the
baseline's recipe, and report test HR@K, NDCG@K, MRR (full ranking unless evaluation.protocol is sampled-100),
FLOPs and host latency per sequence. Without a config file it runs the embedded default on the shipped Amazon
Beauty sequences (test-data/amazon-beauty/Beauty.txt) with short training (training.epochs 2; the published
protocol needs ~200 with patience 40). The run directory holds run.json, sequential-models.jsonl,
sequential-search.jsonl, checkpoints/ while running, summary.json and report.html.

The config (JSON, every key optional) is checked before any work; every problem is listed with its JSON path.

Options:
  --task <ctr|sequential>  which pipeline (default: the config's "task", else ctr)
  --data <file>     sequential: the interaction log (replaces data.path and its reading options): a
                    one-line-per-user list (Beauty.txt), MovieLens, RecBole .inter, or a delimited log such as a
                    session click log (.csv/.tsv: session or user, item and time columns, detected from the
                    header; the detected layout is printed)
  --format <f>      sequential: amazon-user-list, movielens-tsv, movielens-dat, recbole-inter or delimited
                    (default: from the file name)
  --out <dir>       run directory (default runs/<yyyymmdd-hhmmss>)
  --resume          continue the run in --out (finished work is reused, the result is the same as an
                    uninterrupted run); without a config file, the config recorded in its run.json is used
  --seed <n>        overrides the config's seed
  --workers <n>     ctr: overrides search.workers (threads scoring candidates; 0 = in this thread)
  --queue <url>     ctr: overrides search.queue: score candidates on \`recnas worker\` processes through the
                    BullMQ queue in this Redis (redis://host:port); same results as in this machine's threads
  --json            print summary.json's content as one JSON object on stdout
  --help            show this help

Config sections (see the pipeline README): ctr: data, seed, supernet, search, retrain, rankCorrelation;
sequential: task, data, seed, model, training, search, evaluation.
`;

const pad = (value: number): string => String(value).padStart(2, '0');
/** `runs/<yyyymmdd-hhmmss>` in local time. */
function defaultRunDirectory(date: Date): string {
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  return join('runs', `${day}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`);
}

/** `recnas run`: the whole pipeline from one config. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a whole NAS pipeline: CTR (supernet, search, retrain, evaluate, report) or --task sequential (DNS-Rec)',
  help: HELP,
  async run(argv, terminal) {
    const { values, positionals } = parseCommandArgs('run', argv, {
      out: { type: 'string' }, resume: { type: 'boolean', default: false }, seed: { type: 'string' },
      workers: { type: 'string' }, queue: { type: 'string' }, json: { type: 'boolean', default: false },
      task: { type: 'string' }, data: { type: 'string' }, format: { type: 'string' },
    });
    if (positionals.length > 1) throw new RecnasError('USAGE', `expected at most one config file, got ${positionals.join(' ')}`);
    if (values.resume && values.out === undefined) throw new RecnasError('USAGE', '--resume needs --out <dir>, the run to continue');
    const task = runTaskOf({ task: values.task, file: positionals[0], resumeFrom: values.resume ? values.out : undefined });
    if (task === 'sequential') {
      if (values.workers !== undefined || values.queue !== undefined) throw new RecnasError('USAGE', '--workers and --queue apply only to --task ctr');
      const source = { file: positionals[0], resumeFrom: values.resume ? values.out : undefined, seed: nonNegativeIntegerOption('seed', values.seed), data: values.data, format: values.format };
      return runSequentialTask(source, values.out ?? defaultRunDirectory(new Date()), { resume: values.resume, json: values.json }, terminal);
    }
    if (values.data !== undefined || values.format !== undefined) throw new RecnasError('USAGE', '--data and --format apply only to --task sequential (a CTR run reads data.path of its config)');
    const config = resolveRunConfigSource({
      file: positionals[0],
      resumeFrom: values.resume ? values.out : undefined,
      seed: nonNegativeIntegerOption('seed', values.seed),
      workers: nonNegativeIntegerOption('workers', values.workers),
      queue: values.queue,
    });
    requireDataFile(config);
    const out = values.out ?? defaultRunDirectory(new Date());
    terminal.err(`run directory: ${out}\n`);
    const backend = await createEngine({ logger: withNativeSpeedHint((line) => terminal.err(`${line}\n`)) }).initBackend();
    const summary = await runPipeline(config, {
      out,
      resume: values.resume,
      manifest: { ...recnasPackageVersions(), backend: backend.name, createdAt: new Date().toISOString() },
      onEvent: pipelineProgress(terminal),
    });
    if (E.isLeft(summary)) throw summary.left;
    terminal.err(runSummaryLines(summary.right, join(out, REPORT_FILE)));
    if (values.json) terminal.out(`${JSON.stringify(summary.right)}\n`);
    return ExitCode.ok;
  },
};
