#!/usr/bin/env node
// DNS-Rec on Amazon Beauty (issue 12): one variant end to end: bilevel search on the SASRec supernet
// (data-aware gates, dynamic budget to `--target` x SASRec's FLOPs), hard selection, retraining the selected
// compact model from scratch with ICLRec's SASRec recipe, test metrics (full ranking) and FLOPs per sequence.
// Prints one JSON line on stdout; progress on stderr.
// Usage: node tools/bench/dns-rec-beauty.mjs --variant sasrec|dns-rec|no-gates|static-constraint [--search-epochs 10]
//        [--retrain-epochs 50] [--target 0.45] [--lambda 2] [--arch-lr 0.02] [--arch-every 2] [--seed 2018]
// `sasrec` is the unpruned baseline trained with the same recipe and epoch budget as the retrained models.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { SASREC_SPACE, largestSequentialArchitecture, sequentialArchHash } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { loadSequenceDataset } from '@recnas/data-loaders';
import { decodeDifferentiableSearch, selectWithinBudget } from '@recnas/search-strategies';
import { SasrecModel, SequentialSupernet, SequentialTrainer, evaluateFullRanking, sequentialResource } from '@recnas/supernet';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'dns-rec' },
    'search-epochs': { type: 'string', default: '10' },
    'retrain-minutes': { type: 'string', default: '60' },
    'retrain-epochs': { type: 'string', default: '50' },
    target: { type: 'string', default: '0.45' },
    lambda: { type: 'string', default: '2' },
    'arch-lr': { type: 'string', default: '0.02' },
    'arch-every': { type: 'string', default: '2' },
    'final-temperature': { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '2018' },
    data: { type: 'string', default: fileURLToPath(new URL('../../test-data/amazon-beauty/Beauty.txt', import.meta.url)) },
  },
});
const variant = values.variant;
if (!['sasrec', 'dns-rec', 'no-gates', 'static-constraint'].includes(variant)) throw new Error(`unknown variant ${variant}`);
const seed = Number(values.seed);
const log = (line) => process.stderr.write(`[dns-rec-beauty ${variant}] ${line}\n`);
const orThrow = (either) => {
  if (E.isLeft(either)) throw either.left;
  return either.right;
};
const info = await initBackend({ logger: () => undefined });
const { dataset } = orThrow(await loadSequenceDataset(values.data, { format: 'amazon-user-list' }, { maxLength: 50 }));
const started = performance.now();
const minutes = () => (performance.now() - started) / 60000;

// Search.
const supernet = orThrow(
  SequentialSupernet.create(
    { itemCount: dataset.itemCount, maxLength: 50, space: SASREC_SPACE, dataAware: variant !== 'no-gates', architectureLearningRate: Number(values['arch-lr']), seed },
    dataset,
  ),
);
const startCost = supernet.unconstrainedCost();
const steps = Number(values['search-epochs']) * supernet.weightBatches.stepsPerEpoch;
const strategy = orThrow(
  decodeDifferentiableSearch({
    steps,
    startCost,
    targetCost: Number(values.target) * startCost,
    lambda: Number(values.lambda),
    budget: { dynamic: variant !== 'static-constraint' },
    finalTemperature: Number(values['final-temperature']),
    recordEvery: 50,
    architectureEvery: Number(values['arch-every']),
  }),
);
log(`backend ${info.name}; ${steps} search steps (${supernet.weightBatches.stepsPerEpoch}/epoch), SASRec ${startCost} FLOPs/sequence, target ${strategy.options.targetCost}`);
let state = strategy.init();
// The `sasrec` variant skips the search: the unpruned baseline, retrained with the same recipe and budget.
if (variant === 'sasrec') state = { ...state, step: steps };
for (let instruction = strategy.ask(state); instruction !== undefined; instruction = strategy.ask(state)) {
  const report = instruction.kind === 'weights' ? supernet.weightStep(instruction) : supernet.architectureStep(instruction);
  state = strategy.tell(state, report);
  if (instruction.kind === 'architecture' && instruction.step % 200 === 0) {
    log(`step ${instruction.step}/${steps} task ${report.taskLoss.toFixed(4)} E[cost] ${(report.expectedCost / startCost).toFixed(3)} of SASRec, budget ${(instruction.budget / startCost).toFixed(3)}, T ${instruction.temperature.toFixed(2)}, ${minutes().toFixed(1)} min`);
  }
}
const finalTemperature = strategy.options.finalTemperature;
const probabilities = supernet.meanProbabilities(finalTemperature);
const selection = variant === 'sasrec' ? { architecture: largestSequentialArchitecture(SASREC_SPACE), rule: 'unpruned' } : selectWithinBudget(SASREC_SPACE, probabilities, strategy.options.targetCost, (arch) => supernet.costOf(arch));
const architecture = selection.architecture;
const sizes = supernet.sizes;
const searchMinutes = minutes();
log(`selected ${JSON.stringify(architecture)} (${(sequentialResource(architecture, sizes, 'flops') / startCost).toFixed(3)} of SASRec FLOPs) after ${searchMinutes.toFixed(1)} min`);
supernet.dispose();

// Retrain from scratch with the baseline's recipe.
const model = orThrow(SasrecModel.create({ itemCount: dataset.itemCount, maxLength: 50, architecture, seed }));
const trainer = orThrow(SequentialTrainer.create(model, dataset, { epochs: Number(values['retrain-epochs']), seed }));
const retrainStarted = minutes();
while (!trainer.isDone() && minutes() - retrainStarted < Number(values['retrain-minutes'])) {
  const report = trainer.runEpoch();
  if (report.epoch % 5 === 0) log(`retrain epoch ${report.epoch} val NDCG@20 ${report.validation?.ndcg[20]?.toFixed(4)} best ${report.bestEpoch}`);
}
trainer.restoreBest();
const test = evaluateFullRanking(model, dataset.test, dataset, { ks: [5, 10, 20] });
const round = (x) => Number(x.toFixed(4));
process.stdout.write(
  `${JSON.stringify({
    workload: 'dns-rec-beauty',
    variant,
    seed,
    architecture,
    archHash: sequentialArchHash(architecture),
    selection: selection.rule,
    flopsPerSequence: sequentialResource(architecture, sizes, 'flops'),
    sasrecFlopsPerSequence: startCost,
    flopsFraction: round(sequentialResource(architecture, sizes, 'flops') / startCost),
    probabilities,
    searchSteps: steps,
    searchMinutes: round(searchMinutes),
    retrainEpochs: trainer.progress.epoch,
    bestEpoch: trainer.progress.bestEpoch,
    stopped: trainer.isDone() ? 'patience-or-epochs' : 'time-limit',
    validation: trainer.progress.bestValidation,
    test: { protocol: test.protocol, users: test.users, hitRate: test.hitRate, ndcg: test.ndcg, mrr: test.mrr },
    curve: state.curve.map((point) => ({ step: point.step, budget: point.budget, expectedCost: point.expectedCost })),
    backend: info.name,
  })}\n`,
);
trainer.dispose();
model.dispose();
