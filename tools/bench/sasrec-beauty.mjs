#!/usr/bin/env node
// SASRec on Amazon Beauty with ICLRec's recipe (issue 12 accuracy check): d 64, 2 layers x 2 heads, FFN 256,
// L 50, dropout 0.5, Adam lr 1e-3, batch 256, early stopping on validation NDCG@20 (patience 40), full
// ranking. Trains until converged, 200 epochs or `--minutes` of wall time, then reports the test metrics of
// the best validation epoch as one JSON line on stdout (progress lines on stderr).
// Usage: node tools/bench/sasrec-beauty.mjs [--loss bce|ce] [--minutes 35] [--buckets] [--epochs 200]
//        [--checkpoint /tmp/sasrec.ckpt] [--seed 2018] [--arch a.json]   (packages built: pnpm exec nx run supernet:build)
// --arch trains another architecture of SASRec's space with the same recipe (a DNS-Rec pick, e.g.
// { "hiddenWidth": 64, "attentionWidth": 64, "maxHeads": 2, "layers": [{ "heads": 1, "ffnWidth": 128 }] }).
// Reference (ICLRec paper, SASRec on Beauty, full ranking): HR@10 0.0605, NDCG@10 0.0318.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { SASREC_SPACE, decodeSequentialArchitecture, largestSequentialArchitecture } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { loadSequenceDataset } from '@recnas/data-loaders';
import { SasrecModel, SequentialTrainer, evaluateFullRanking, sasrecCheckpointContent, saveCheckpoint } from '@recnas/supernet';

const { values } = parseArgs({
  options: {
    loss: { type: 'string', default: 'bce' },
    minutes: { type: 'string', default: '35' },
    epochs: { type: 'string', default: '200' },
    buckets: { type: 'boolean', default: false },
    checkpoint: { type: 'string' },
    seed: { type: 'string', default: '2018' },
    arch: { type: 'string' },
    data: { type: 'string', default: fileURLToPath(new URL('../../test-data/amazon-beauty/Beauty.txt', import.meta.url)) },
  },
});
const log = (line) => process.stderr.write(`[sasrec-beauty] ${line}\n`);
const info = await initBackend({ logger: () => undefined });
const loaded = await loadSequenceDataset(values.data, { format: 'amazon-user-list' }, { maxLength: 50 });
if (E.isLeft(loaded)) throw loaded.left;
const { dataset } = loaded.right;
const architecture =
  values.arch === undefined ? E.right(largestSequentialArchitecture(SASREC_SPACE)) : decodeSequentialArchitecture(JSON.parse(readFileSync(values.arch, 'utf8')), SASREC_SPACE, values.arch);
if (E.isLeft(architecture)) throw architecture.left;
const model = SasrecModel.create({ itemCount: dataset.itemCount, maxLength: 50, architecture: architecture.right, seed: Number(values.seed) });
if (E.isLeft(model)) throw model.left;
const options = { loss: values.loss, epochs: Number(values.epochs), lengthBuckets: values.buckets, seed: Number(values.seed) };
const created = SequentialTrainer.create(model.right, dataset, options);
if (E.isLeft(created)) throw created.left;
const trainer = created.right;
log(`backend ${info.name}, ${dataset.userCount} users, ${dataset.itemCount} items, ${trainer.trainingRowCount} training rows, ${trainer.stepsPerEpoch} steps/epoch, options ${JSON.stringify(trainer.options)}`);
const started = performance.now();
const limitSeconds = Number(values.minutes) * 60;
const elapsed = () => (performance.now() - started) / 1000;
while (!trainer.isDone() && elapsed() < limitSeconds) {
  const report = trainer.runEpoch();
  const v = report.validation;
  const eta = ((elapsed() / report.epoch) * (trainer.options.epochs - report.epoch)) / 60;
  log(
    `epoch ${report.epoch} loss ${report.loss.toFixed(4)} ${report.seconds.toFixed(1)} s` +
      (v ? ` val HR@10 ${v.hitRate[10].toFixed(4)} NDCG@10 ${v.ndcg[10].toFixed(4)} NDCG@20 ${v.ndcg[20].toFixed(4)}` : '') +
      ` best ${report.bestEpoch} (${trainer.progress.epochsWithoutImprovement} w/o improvement), elapsed ${(elapsed() / 60).toFixed(1)} min, ETA <= ${eta.toFixed(0)} min`,
  );
  if (values.checkpoint) {
    const saved = await saveCheckpoint(values.checkpoint, sasrecCheckpointContent(trainer))();
    if (E.isLeft(saved)) throw saved.left;
  }
}
trainer.restoreBest();
const test = evaluateFullRanking(model.right, dataset.test, dataset, { ks: [5, 10, 20] });
const { progress } = trainer;
const round = (x) => Number(x.toFixed(4));
const result = {
  workload: 'sasrec-beauty',
  loss: values.loss,
  lengthBuckets: values.buckets,
  architecture: architecture.right,
  seed: Number(values.seed),
  epochs: progress.epoch,
  bestEpoch: progress.bestEpoch,
  stopped: trainer.isDone() ? (progress.epoch >= trainer.options.epochs ? 'epochs' : 'patience') : 'time-limit',
  secondsPerEpoch: round(progress.history.reduce((sum, entry) => sum + entry.seconds, 0) / Math.max(1, progress.epoch)),
  wallMinutes: round(elapsed() / 60),
  validation: progress.bestValidation,
  test: { protocol: test.protocol, users: test.users, hitRate: test.hitRate, ndcg: test.ndcg, mrr: test.mrr },
  backend: info.name,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
trainer.dispose();
model.right.dispose();
